import { applyTestEnv, SUITE_DB_PREFIX } from './test-env';

/**
 * Once per run: roles, a fresh template database with every migration applied as the schema owner, and no copies
 * left from an interrupted run. Each test file then works in its own copy of the template (suite-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  applyTestEnv();
  // TypeORM loads the .ts migrations with require(); register the TypeScript hook for this process.
  await import('@swc-node/register');
  const { bootstrapDatabase } = await import('../../scripts/db-bootstrap');
  const { runMigrations } = await import('../helpers/migrations');
  const { dropDatabasesStartingWith } = await import('../helpers/test-databases');
  await dropDatabasesStartingWith(SUITE_DB_PREFIX);
  await bootstrapDatabase({ recreate: true, log: () => undefined });
  await runMigrations();
}
