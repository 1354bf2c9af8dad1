/**
 * Creates what migrations cannot: the login roles and the database. Runs as a PostgreSQL superuser
 * (DATABASE_ADMIN_URL; locally the `postgres` user over trust auth). Idempotent.
 *
 *   simplifica_owner  (from DATABASE_MIGRATION_URL) owns the database and every table; runs migrations.
 *   simplifica_app    (from DATABASE_URL) owns nothing, cannot bypass RLS; member of simplifica_runtime,
 *                     the group role the migrations grant table privileges to; `jit = off` for its sessions.
 *
 * Usage: db-bootstrap [--recreate]   (--recreate drops and recreates the database: tests only)
 */
import { Client } from 'pg';
import { loadEnv } from '../src/config/load-env';

export const RUNTIME_GROUP = 'simplifica_runtime';

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

function parts(url: string) {
  const u = new URL(url);
  return { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1) };
}

export async function bootstrapDatabase(opts: { recreate?: boolean; log?: (m: string) => void } = {}): Promise<void> {
  const log = opts.log ?? ((m: string) => process.stdout.write(`${m}\n`));
  const env = loadEnv();
  const adminUrl = env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const owner = parts(env.DATABASE_MIGRATION_URL);
  const app = parts(env.DATABASE_URL);
  if (owner.database !== app.database) throw new Error('DATABASE_URL y DATABASE_MIGRATION_URL deben apuntar a la misma base de datos');
  if (owner.user === app.user) throw new Error('DATABASE_URL debe usar un rol distinto del dueño del esquema (seguridad por filas)');

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const ensureRole = async (name: string, attrs: string) => {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name]);
      await admin.query(`${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(name)} ${attrs}`);
    };
    await ensureRole(RUNTIME_GROUP, 'NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS');
    await ensureRole(owner.user, `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${literal(owner.password)}`);
    await ensureRole(app.user, `LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${literal(app.password)}`);
    await admin.query(`GRANT ${ident(RUNTIME_GROUP)} TO ${ident(app.user)}`);
    // No JIT for the application's sessions: its statements are short, and compiling them cost more than running them
    // (the Tablero's query: 1.75 s of JIT for 0.35 s of execution). A role setting, so it holds through PgBouncer.
    await admin.query(`ALTER ROLE ${ident(app.user)} SET jit = off`);
    // The owner grants privileges on its tables to the runtime group inside migrations.
    await admin.query(`GRANT ${ident(RUNTIME_GROUP)} TO ${ident(owner.user)} WITH ADMIN OPTION`).catch(() => undefined);

    if (opts.recreate) {
      await admin.query(`DROP DATABASE IF EXISTS ${ident(owner.database)} WITH (FORCE)`);
      log(`Base ${owner.database} eliminada`);
    }
    const db = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [owner.database]);
    if (!db.rowCount) {
      await admin.query(`CREATE DATABASE ${ident(owner.database)} OWNER ${ident(owner.user)} ENCODING 'UTF8' TEMPLATE template0`);
      log(`Base ${owner.database} creada (dueño ${owner.user})`);
    }
    await admin.query(`REVOKE ALL ON DATABASE ${ident(owner.database)} FROM PUBLIC`);
    await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${ident(owner.database)} TO ${ident(RUNTIME_GROUP)}`);
  } finally {
    await admin.end();
  }
  log(`Roles listos: ${owner.user} (migraciones), ${app.user} (aplicación, sin privilegios de dueño)`);
}

if (require.main === module) {
  bootstrapDatabase({ recreate: process.argv.includes('--recreate') }).catch((e: Error) => {
    process.stderr.write(`No se pudo preparar la base de datos: ${e.message}\n`);
    process.exit(1);
  });
}
