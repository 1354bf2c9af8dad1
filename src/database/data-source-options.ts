import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** One definition of how we talk to PostgreSQL, shared by the app, the worker, the CLI and the tests. */
export function buildDataSourceOptions(url: string, poolSize = 10, applicationName = 'simplifica'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    applicationName,
    // Pipeline mode (node-postgres): statements issued together without awaiting each other are written at once and
    // answered in order, one round trip for all (Database.run's settings with the first statement; the scoring run's
    // reads). Awaited one by one, statements behave exactly as without it.
    extra: { max: poolSize, connectionTimeoutMillis: 5000, statement_timeout: 60000, pipeline: true },
    logging: false, // failures surface through the exception filter's structured log
  };
}
