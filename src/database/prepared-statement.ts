import { EntityManager } from 'typeorm';

/**
 * A statement PostgreSQL parses and plans once per pooled connection (a named prepared statement), for the statements
 * a score run sends once per institution: planning them cost as much as running them (issue 17). Declared in a
 * `*.sql.ts` file beside its SQL, one name per text (node-postgres refuses a name already prepared with another text).
 * Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later with `max_prepared_statements` set (README,
 * "Scaling").
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export const preparedStatement = (name: string, text: string): PreparedStatement => ({ name, text });

/** Runs a prepared statement in the caller's transaction; the result is what `em.query` gives for its text. */
export function queryPrepared<T>(em: EntityManager, statement: PreparedStatement, params: readonly unknown[]): Promise<T> {
  // node-postgres takes a query config ({ name, text }) where it takes a text, and TypeORM hands it over unchanged.
  return em.query(statement as unknown as string, [...params]) as Promise<T>;
}
