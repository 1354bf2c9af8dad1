// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { project: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // Prettier owns the layout (npm run lint checks it): it may break `obj\n[key](…)` chains across lines on purpose.
      'no-unexpected-multiline': 'off',
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Lee la configuración desde AppConfig (src/config).' }],
    },
  },
  {
    // A migration is frozen once committed: it may not import application code, which would change it silently later.
    files: ['migrations/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/src', '**/src/**'], message: 'Una migración no importa código de la aplicación: copie aquí lo que necesite.' }],
      }],
    },
  },
  {
    files: ['src/config/**', 'scripts/**', 'test/**', 'src/database/data-source.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
