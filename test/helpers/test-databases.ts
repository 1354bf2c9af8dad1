import { Client } from 'pg';

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const nameOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function asAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: process.env.DATABASE_ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A copy of the migrated template (schema, seeded reference rows, grants) as the database of DATABASE_URL, with the
 * database-level privileges db-bootstrap gives (CREATE DATABASE does not copy them). Milliseconds, against seconds
 * for running the migrations.
 */
export async function cloneTemplateDatabase(template: string): Promise<void> {
  const db = nameOf(process.env.DATABASE_URL!);
  await asAdmin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(db)} TEMPLATE ${ident(template)} OWNER simplifica_owner`);
    await c.query(`REVOKE ALL ON DATABASE ${ident(db)} FROM PUBLIC`);
    await c.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(db)} TO simplifica_runtime`);
  });
}

/** Drops the database of DATABASE_URL (connections still open are ended). */
export async function dropOwnDatabase(): Promise<void> {
  const db = nameOf(process.env.DATABASE_URL!);
  await asAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`));
}

/** Drops every database whose name starts with the prefix (copies left by an interrupted run). */
export async function dropDatabasesStartingWith(prefix: string): Promise<string[]> {
  return asAdmin(async (c) => {
    const pattern = `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const { rows } = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [pattern]);
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS ${ident(r.datname)} WITH (FORCE)`);
    return rows.map((r) => r.datname);
  });
}
