import { bearer, createInstitution, createUser, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Audit trail and optimistic concurrency', () => {
  let t: TestApp;
  let inst: TestInstitution;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    inst = await createInstitution(t.dataSource, 'Secretaría Auditada');
    admin = await createUser(t.dataSource, 'admin', null);
  });
  afterAll(() => t.close());

  const auditRows = (entityId: string) =>
    t
      .http()
      .get(`/api/v1/audit-events?entity=institution&entityId=${entityId}&pageSize=50`)
      .set(bearer(tokenFor(t, admin)))
      .expect(200);

  it('a write produces exactly one audit row with who, what, before/after and the request id', async () => {
    const res = await t
      .http()
      .patch(`/api/v1/institutions/${inst.id}`)
      .set(bearer(tokenFor(t, admin)))
      .set('X-Request-Id', 'prueba-auditoria-1')
      .send({ version: 1, sector: 'Planificación', website: 'https://www.ejemplo.gob.gt' })
      .expect(200);
    expect(res.body).toMatchObject({ sector: 'Planificación', version: 2 });
    expect(res.headers['x-request-id']).toBe('prueba-auditoria-1');

    const { items } = (await auditRows(inst.id)).body;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      action: 'update',
      entity: 'institution',
      entityId: inst.id,
      institutionId: inst.id,
      actorUserId: admin.id,
      actorRole: 'admin',
      actorKind: 'user',
      requestId: 'prueba-auditoria-1',
    });
    expect(items[0].before).toMatchObject({ sector: 'Pruebas', website: null, version: 1 });
    expect(items[0].after).toMatchObject({ sector: 'Planificación', website: 'https://www.ejemplo.gob.gt', version: 2 });
  });

  it('a second editor with a stale version gets 409 with the current version, and nothing is written or audited', async () => {
    const before = (await auditRows(inst.id)).body.total;
    const res = await t
      .http()
      .patch(`/api/v1/institutions/${inst.id}`)
      .set(bearer(tokenFor(t, admin)))
      .send({ version: 1, sector: 'Otro' })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect(res.body.details.current.sector).toBe('Planificación');
    expect((await auditRows(inst.id)).body.total).toBe(before);
  });

  it('a failed write leaves neither data nor an audit row', async () => {
    const before = (await auditRows(inst.id)).body.total;
    await t
      .http()
      .patch(`/api/v1/institutions/${inst.id}`)
      .set(bearer(tokenFor(t, admin)))
      .send({ version: 2, coverage: 'opted_in' })
      .expect(400);
    const now = await t
      .http()
      .get(`/api/v1/institutions/${inst.id}`)
      .set(bearer(tokenFor(t, admin)))
      .expect(200);
    expect(now.body).toMatchObject({ coverage: 'bound', version: 2 });
    expect((await auditRows(inst.id)).body.total).toBe(before);
  });

  it('creating an institution is audited, and a duplicate code is a 409 that writes nothing', async () => {
    const code = `AUD${Date.now() % 100000}`;
    const created = await t
      .http()
      .post('/api/v1/institutions')
      .set(bearer(tokenFor(t, admin)))
      .send({ code, name: 'Secretaría de Prueba de Auditoría', type: 'secretariat', coverage: 'bound' })
      .expect(201);
    expect((await auditRows(created.body.id)).body.items.map((e: { action: string }) => e.action)).toEqual(['create']);
    const dup = await t
      .http()
      .post('/api/v1/institutions')
      .set(bearer(tokenFor(t, admin)))
      .send({ code, name: 'Otra', type: 'secretariat', coverage: 'bound' })
      .expect(409);
    expect(dup.body.code).toBe('CONFLICT');
  });
});
