import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { resetEnvCache, loadEnv } from '../../src/config/load-env';
import { buildDataSourceOptions } from '../../src/database/data-source-options';

export async function withOwner<T>(fn: (ds: DataSource) => Promise<T>, url?: string): Promise<T> {
  resetEnvCache();
  const ds = await new DataSource(buildDataSourceOptions(url ?? loadEnv().DATABASE_MIGRATION_URL, 2, 'simplifica-test-owner')).initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

export const runMigrations = (url?: string) => withOwner((ds) => ds.runMigrations({ transaction: 'each' }), url);

/**
 * A scratch database owned by the schema owner, created before the file's tests and dropped after them (for tests that
 * run migrations up and down without disturbing the shared test database). Returns its owner URL.
 */
export function useScratchDatabase(name: string): () => string {
  const db = `${name}_${process.pid}`;
  const admin = async (sql: string[]) => {
    const c = new Client({ connectionString: process.env.DATABASE_ADMIN_URL });
    await c.connect();
    try {
      for (const q of sql) await c.query(q);
    } finally {
      await c.end();
    }
  };
  beforeAll(() => admin([`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`, `CREATE DATABASE ${db} OWNER simplifica_owner TEMPLATE template0`]));
  afterAll(() => admin([`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`]));
  return () => process.env.DATABASE_MIGRATION_URL!.replace(/\/[^/]+$/, `/${db}`);
}
