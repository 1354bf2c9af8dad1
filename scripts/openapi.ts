/**
 * Writes docs/openapi.json, the API contract as the application builds it (src/common/http/openapi.ts), with sorted keys
 * so API changes show in diffs. `--check` writes nothing and fails when the committed file is stale (CI).
 *   npm run openapi            regenerate
 *   npm run openapi -- --check verify
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../src/app.module';
import { generateOpenApiDocument, openApiJson } from '../src/common/http/openapi';

export const OPENAPI_FILE = resolve(__dirname, '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  const fresh = openApiJson(await generateOpenApiDocument(AppModule));
  if (!process.argv.includes('--check')) {
    writeFileSync(OPENAPI_FILE, fresh);
    process.stdout.write(`docs/openapi.json escrito (${Object.keys(JSON.parse(fresh).paths).length} rutas)\n`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(OPENAPI_FILE, 'utf8');
  } catch {
    // missing: reported below as stale
  }
  if (committed !== fresh) {
    process.stderr.write('docs/openapi.json no coincide con la API: ejecute `npm run openapi` y confirme el archivo.\n');
    process.exit(1);
  }
  process.stdout.write('docs/openapi.json está al día\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
