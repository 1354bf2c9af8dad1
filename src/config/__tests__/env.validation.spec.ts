import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, declaredEnvNames, validateEnv } from '../env.validation';

const base = { JWT_SECRET: 'x'.repeat(40) };

describe('validateEnv', () => {
  it('applies defaults and converts types', () => {
    const env = validateEnv({ ...base, PORT: '4100', DOCS_ENABLED: 'false' });
    expect(env.PORT).toBe(4100);
    expect(env.DOCS_ENABLED).toBe(false);
    expect(env.BODY_LIMIT).toBe('1mb');
    expect(env.NODE_ENV).toBe('development');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'localhost:6379'],
    ['BODY_LIMIT', 'mucho'],
    ['NODE_ENV', 'staging'],
    ['MAINTENANCE_CRON', 'cada noche'],
  ])('stops with a message naming %s when it is %p', (name, value) => {
    expect(() => validateEnv({ ...base, [name]: value })).toThrow(ConfigValidationError);
    expect(() => validateEnv({ ...base, [name]: value })).toThrow(new RegExp(`${name}: .*valor recibido: "${value}"`));
  });

  it('requires a JWT_SECRET of 32+ characters, and refuses the example value in production', () => {
    expect(() => validateEnv({})).toThrow(/JWT_SECRET/);
    expect(() => validateEnv({ JWT_SECRET: 'corto' })).toThrow(/JWT_SECRET: .*32 caracteres/);
    expect(() => validateEnv({ NODE_ENV: 'production', JWT_SECRET: 'change-me-to-a-long-random-secret-of-32-chars' })).toThrow(/JWT_SECRET/);
  });

  it('.env.example documents exactly the declared variables', () => {
    const example = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(declaredEnvNames().sort());
  });
});
