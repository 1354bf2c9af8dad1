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
