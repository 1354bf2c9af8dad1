import { bearer, createInstitution, createUser, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * Cross-tenant cases written by hand: B's resources named in the path or in the body (an invitation into B) give A's
 * users 404 (not 403, not data), and lists never include B's rows. Every route is also covered, generated from the
 * route table, by tenancy-matrix.e2e-spec.ts: a new route needs nothing here.
 */
describe('Tenant isolation through the API', () => {
  let t: TestApp;
  let a: TestInstitution;
  let b: TestInstitution;
  let liaisonA: TestUser;
  let adminA: TestUser;
  let userB: TestUser;
  let analyst: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    a = await createInstitution(t.dataSource, 'Institución A');
    b = await createInstitution(t.dataSource, 'Institución B');
    liaisonA = await createUser(t.dataSource, 'liaison', a.id);
    adminA = await createUser(t.dataSource, 'institution_admin', a.id);
    userB = await createUser(t.dataSource, 'liaison', b.id);
    analyst = await createUser(t.dataSource, 'analyst', null);
    // B has an audit trail of its own
    const adminB = await createUser(t.dataSource, 'institution_admin', b.id);
    await t
      .http()
      .patch(`/api/v1/users/${userB.id}`)
      .set(bearer(tokenFor(t, adminB)))
      .send({ version: 1, name: 'Nombre cambiado en B' })
      .expect(200);
  });
  afterAll(() => t.close());

  const routes: Array<{ name: string; as: () => TestUser; method: 'get' | 'patch' | 'post'; path: () => string; body?: () => object }> = [
    { name: 'GET institution B', as: () => liaisonA, method: 'get', path: () => `/api/v1/institutions/${b.id}` },
    { name: 'GET user of B', as: () => liaisonA, method: 'get', path: () => `/api/v1/users/${userB.id}` },
    {
      name: 'PATCH user of B (institution admin of A)',
      as: () => adminA,
      method: 'patch',
      path: () => `/api/v1/users/${userB.id}`,
      body: () => ({ version: 1, name: 'Intruso' }),
    },
    { name: 'GET users of B by filter', as: () => liaisonA, method: 'get', path: () => `/api/v1/users?institutionId=${b.id}` },
    { name: 'GET audit of B by filter', as: () => liaisonA, method: 'get', path: () => `/api/v1/audit-events?institutionId=${b.id}` },
    {
      name: 'POST invitation into B (institution admin of A)',
      as: () => adminA,
      method: 'post',
      path: () => '/api/v1/users/invitations',
      body: () => ({ email: 'x@b.gob.gt', name: 'Intruso', role: 'liaison', institutionId: b.id }),
    },
  ];

  it.each(routes.map((r) => [r.name, r] as const))('%s → 404 in the shared error shape', async (_name, r) => {
    const req = t
      .http()
      [r.method](r.path())
      .set(bearer(tokenFor(t, r.as())));
    const res = await (r.body ? req.send(r.body()) : req);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect(JSON.stringify(res.body)).not.toContain(userB.email);
  });

  it('the PATCH attempt on B changed nothing', async () => {
    const res = await t
      .http()
      .get(`/api/v1/users/${userB.id}`)
      .set(bearer(tokenFor(t, analyst)))
      .expect(200);
    expect(res.body.name).toBe('Nombre cambiado en B');
  });

  it('lists never include B rows for A users', async () => {
    const token = bearer(tokenFor(t, liaisonA));
    const institutions = (await t.http().get('/api/v1/institutions?pageSize=200').set(token).expect(200)).body;
    expect(institutions.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const users = (await t.http().get('/api/v1/users?pageSize=200').set(token).expect(200)).body;
    expect(users.items.length).toBeGreaterThan(0);
    expect(users.items.every((u: { institutionId: string }) => u.institutionId === a.id)).toBe(true);
    await t.http().post('/api/v1/procedures').set(token).send({ code: 'TEN-A-1', name: 'Trámite auditado de A' }).expect(201);
    const audit = (await t.http().get('/api/v1/audit-events?pageSize=200').set(token).expect(200)).body;
    expect(audit.items.length).toBeGreaterThan(0); // A's own write, while B's rename (earlier test) stays out
    expect(audit.items.every((e: { institutionId: string }) => e.institutionId === a.id)).toBe(true);
  });

  it('Commission analysts read every institution through the audited cross-institution scope', async () => {
    const token = bearer(tokenFor(t, analyst));
    await t.http().get(`/api/v1/institutions/${b.id}`).set(token).expect(200);
    const users = (await t.http().get(`/api/v1/users?institutionId=${b.id}`).set(token).expect(200)).body;
    expect(users.items.map((u: { id: string }) => u.id)).toContain(userB.id);
    const audit = (await t.http().get(`/api/v1/audit-events?institutionId=${b.id}`).set(token).expect(200)).body;
    expect(audit.total).toBeGreaterThan(0);
  });
});
