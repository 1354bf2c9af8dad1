import { DataSource, EntityManager } from 'typeorm';
import { loadEnv, resetEnvCache } from '../../src/config/load-env';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { asScope, createInstitution, createProcedure, createUser, TestInstitution } from '../helpers/factories';
import { withOwner } from '../helpers/migrations';

/** The second net: PostgreSQL itself refuses cross-tenant access through the application's role. */
describe('Row-level security in PostgreSQL', () => {
  let app: DataSource;
  let a: TestInstitution;
  let b: TestInstitution;

  beforeAll(async () => {
    resetEnvCache();
    app = await new DataSource(buildDataSourceOptions(loadEnv().DATABASE_URL, 2, 'rls-test')).initialize();
    a = await createInstitution(app, 'RLS A');
    b = await createInstitution(app, 'RLS B');
    await createUser(app, 'liaison', a.id);
    await createUser(app, 'liaison', b.id);
    await asScope(app, 'tenant', a.id, (em) =>
      em.query(
        `INSERT INTO audit_events (actor_kind, institution_id, entity, entity_id, action) VALUES ('system', $1, 'prueba', '1', 'create')`,
        [a.id],
      ),
    );
  });
  afterAll(() => app.destroy());

  it('connects as a role that is not superuser, cannot bypass RLS and owns no table', async () => {
    const [role] = await app.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await app.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`);
    expect(owned).toEqual([]);
    const forced = await app.query(
      `SELECT relname FROM pg_class WHERE relname IN ('users', 'audit_events') AND relrowsecurity AND relforcerowsecurity ORDER BY relname`,
    );
    expect(forced.map((r: { relname: string }) => r.relname)).toEqual(['audit_events', 'users']);
  });

  it('every policy reads the settings once per statement, not once per row', async () => {
    const policies = (await app.query(
      `SELECT tablename || '.' || policyname AS name, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS text
         FROM pg_policies WHERE schemaname = 'public'`,
    )) as Array<{ name: string; text: string }>;
    expect(policies.length).toBeGreaterThan(50);
    // Each call of a settings function sits in its own scalar subquery (PostgreSQL prints "( SELECT app_scope() AS app_scope)").
    const perRow = policies.filter((p) => /(?<!SELECT )\bapp_(institution_id|user_id|scope)\(\)/.test(p.text)).map((p) => p.name);
    expect(perRow).toEqual([]);
  });

  it('every tenant-owned table (one with an institution_id) has forced row-level security and policies', async () => {
    const tables = await app.query(
      `SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity AS forced, (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.relname) AS policies
         FROM information_schema.columns col
         JOIN pg_class c ON c.relname = col.table_name AND c.relkind = 'r'
         JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
        WHERE col.table_schema = 'public' AND col.column_name = 'institution_id'
        ORDER BY c.relname`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(10);
    expect(tables.filter((r: { forced: boolean; policies: number }) => !r.forced || r.policies === 0)).toEqual([]);
  });

  it('with no institution set, a query sees no tenant rows', async () => {
    const [users] = await app.query(`SELECT count(*)::int AS n FROM users`);
    const [audit] = await app.query(`SELECT count(*)::int AS n FROM audit_events`);
    expect(users.n).toBe(0);
    expect(audit.n).toBe(0);
    // even inside a transaction with an empty setting
    const inTx = await asScope(app, 'tenant', null, (em) =>
      em.query(`SELECT count(*)::int AS n FROM users WHERE institution_id = $1`, [a.id]),
    );
    expect(inTx[0].n).toBe(0);
  });

  it('with institution A set, only A rows are visible', async () => {
    const rows = await asScope(app, 'tenant', a.id, (em) => em.query(`SELECT DISTINCT institution_id FROM users`));
    expect(rows).toEqual([{ institution_id: a.id }]);
  });

  it('refuses an insert carrying another institution id', async () => {
    await expect(
      asScope(app, 'tenant', a.id, (em) =>
        em.query(
          `INSERT INTO users (email, name, role, institution_id, status) VALUES ('intruso@b.gob.gt', 'Intruso', 'liaison', $1, 'invited')`,
          [b.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asScope(app, 'tenant', a.id, (em) =>
        em.query(`INSERT INTO audit_events (actor_kind, institution_id, entity, entity_id, action) VALUES ('system', $1, 'x', '1', 'x')`, [
          b.id,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses to move a row to another institution', async () => {
    // The identity trigger (institution changes only in administrative scope) fires before the policy's WITH CHECK.
    await expect(
      asScope(app, 'tenant', a.id, (em) => em.query(`UPDATE users SET institution_id = $1 WHERE institution_id = $2`, [b.id, a.id])),
    ).rejects.toThrow(/row-level security|administrative scope/);
  });

  it("a requirement names its own procedure's institution, even for the schema owner, whom row-level security lets write into A", async () => {
    const procedureOfB = await createProcedure(app, b.id, { code: 'RLS-B-1' });
    const insert = (em: EntityManager) =>
      em.query(
        `INSERT INTO requirements (institution_id, procedure_id, name, legal_basis_type, effective_from, status)
         VALUES ($1, $2, 'Requisito cruzado', 'law', '2024-01-01', 'active')`,
        [a.id, procedureOfB.id],
      );
    // The key is (procedure, institution): the procedure exists, but not in A.
    await expect(
      withOwner((owner) =>
        owner.transaction(async (em) => {
          await em.query(`SELECT set_config('app.institution_id', $1, true)`, [a.id]);
          await insert(em);
        }),
      ),
    ).rejects.toThrow(/FK_requirements_procedure_of_institution/);
  });

  it('the read_all scope reads across institutions but cannot write into them', async () => {
    const rows = await asScope(app, 'read_all', null, (em) =>
      em.query(`SELECT count(DISTINCT institution_id)::int AS n FROM users WHERE institution_id IN ($1, $2)`, [a.id, b.id]),
    );
    expect(rows[0].n).toBe(2);
    await expect(
      asScope(app, 'read_all', null, (em) =>
        em.query(`INSERT INTO users (email, name, role, institution_id) VALUES ('y@b.gob.gt', 'Y', 'liaison', $1)`, [b.id]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('audit rows cannot be updated, deleted or truncated by the application role, and RLS cannot be switched off', async () => {
    await expect(asScope(app, 'admin', null, (em) => em.query(`DELETE FROM audit_events`))).rejects.toThrow(/permission denied/);
    await expect(asScope(app, 'admin', null, (em) => em.query(`UPDATE audit_events SET action = 'borrado'`))).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.query(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`ALTER TABLE users DISABLE ROW LEVEL SECURITY`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`SET row_security = off; SELECT 1 FROM users`)).rejects.toThrow();
  });
});
