import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The pool settings of the long-running processes (the API and the worker, DatabaseModule): their idle connections are
 * kept, not closed after pg-pool's default 10 s. A new connection is a new PostgreSQL backend, which fills its catalog
 * caches again and plans each prepared statement anew (five custom plans before the generic one): with the default, every
 * connection of the worker was new at the nightly score run, and the run's statements cost PostgreSQL about 1.5 s more
 * CPU out of 5 than on kept connections (issue 17, ADR 0016). TCP keep-alive probes keep the network in between from
 * dropping them silently while idle. A connection that breaks anyway (PostgreSQL restarted) is dropped by the pool on its
 * error and opened again when needed. The CLI and the tests keep the default, so that a script ends when its work does.
 */
export const KEPT_CONNECTIONS: PoolSettings = { idleTimeoutMillis: 0, keepAlive: true };

/** What a data source may set of pg-pool's handling of idle connections (its defaults otherwise: closed after 10 s). */
export interface PoolSettings {
  idleTimeoutMillis?: number;
  keepAlive?: boolean;
}

/** One definition of how we talk to PostgreSQL, shared by the app, the worker, the CLI and the tests. */
export function buildDataSourceOptions(
  url: string,
  poolSize = 10,
  applicationName = 'simplifica',
  pool: PoolSettings = {},
): DataSourceOptions {
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
    extra: { max: poolSize, connectionTimeoutMillis: 5000, statement_timeout: 60000, pipeline: true, ...pool },
    logging: false, // failures surface through the exception filter's structured log
  };
}
