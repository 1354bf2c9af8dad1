import { QueryRunner } from 'typeorm';

/*
 * Helpers shared by migrations. Migrations already applied depend on exactly the SQL these emit: never change what an
 * existing helper produces (that would silently rewrite old migrations); add a new helper instead.
 */

/** The group role the runtime login role belongs to (created by scripts/db-bootstrap.ts). */
export const RUNTIME_ROLE = 'simplifica_runtime';

export async function grantRuntime(q: QueryRunner, table: string, privileges: string): Promise<void> {
  await q.query(`GRANT ${privileges} ON TABLE "${table}" TO ${RUNTIME_ROLE}`);
}

export interface TenantPolicies {
  /** Which rows SELECT sees. */
  select: string;
  /** Which rows UPDATE/DELETE reach and INSERT/UPDATE may write; omitted: no writes besides `insert`. */
  write?: string;
  /** Which rows INSERT may create, when it differs from `write`. */
  insert?: string;
}

/** The standard policy of a tenant-owned table: own institution's rows; cross-institution reads only in read_all/admin scope. */
export const TENANT_POLICIES: TenantPolicies = {
  select: `institution_id = app_institution_id() OR app_scope() IN ('read_all', 'admin')`,
  write: `institution_id = app_institution_id()`,
};

/** Row-level security with FORCE (even the owner obeys), one policy per command. */
export async function enableTenantRls(q: QueryRunner, table: string, p: TenantPolicies): Promise<void> {
  await q.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  await q.query(`CREATE POLICY ${table}_select ON "${table}" FOR SELECT USING (${p.select})`);
  const insert = p.insert ?? p.write;
  if (insert) await q.query(`CREATE POLICY ${table}_insert ON "${table}" FOR INSERT WITH CHECK (${insert})`);
  if (p.write) {
    await q.query(`CREATE POLICY ${table}_update ON "${table}" FOR UPDATE USING (${p.write}) WITH CHECK (${p.write})`);
    await q.query(`CREATE POLICY ${table}_delete ON "${table}" FOR DELETE USING (${p.write})`);
  }
}

export async function disableTenantRls(q: QueryRunner, table: string): Promise<void> {
  for (const cmd of ['select', 'insert', 'update', 'delete']) await q.query(`DROP POLICY IF EXISTS ${table}_${cmd} ON "${table}"`);
  await q.query(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
}

/** Data changes a migration makes across every institution: the owner bypasses row-level security only while `work` runs. */
export async function acrossTenants(q: QueryRunner, tables: readonly string[], work: () => Promise<void>): Promise<void> {
  for (const t of tables) await q.query(`ALTER TABLE "${t}" NO FORCE ROW LEVEL SECURITY`);
  await work();
  for (const t of tables) await q.query(`ALTER TABLE "${t}" FORCE ROW LEVEL SECURITY`);
}

/**
 * A policy expression whose settings functions run once per statement: `app_scope()` becomes `(SELECT app_scope())`, a
 * scalar subquery PostgreSQL evaluates once (an InitPlan) instead of once per row. Every policy is written this way since
 * migration 1796260000000; a new table's policies go through this too (`test/e2e/rls.e2e-spec.ts` checks every policy).
 */
export const readSettingsOncePerStatement = (expression: string): string =>
  expression.replace(/(?<!SELECT )\b(app_institution_id|app_user_id|app_scope)\(\)/g, '(SELECT $1())');

/** The inverse, as PostgreSQL prints a rewritten policy (`( SELECT app_scope() AS app_scope)`): one call per row. */
export const readSettingsPerRow = (expression: string): string =>
  expression.replace(/\(\s*SELECT (app_institution_id|app_user_id|app_scope)\(\)(?: AS \1)?\)/g, '$1()');
