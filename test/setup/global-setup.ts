import { applyTestEnv } from './test-env';

/** Once per run: fresh test database, roles, and every migration applied as the schema owner. */
export default async function globalSetup(): Promise<void> {
  applyTestEnv();
  // TypeORM loads the .ts migrations with require(); register the TypeScript hook for this process.
  await import('@swc-node/register');
  const { bootstrapDatabase } = await import('../../scripts/db-bootstrap');
  const { runMigrations } = await import('../helpers/migrations');
  await bootstrapDatabase({ recreate: true, log: () => undefined });
  await runMigrations();
}
