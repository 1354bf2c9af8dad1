import { asScope, bearer, createInstitution, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Legal deadlines (transitory articles) as data', () => {
  let t: TestApp;
  let liaison: TestUser;
  let analyst: TestUser;
  let admin: TestUser;

  const as = (u: TestUser) => bearer(tokenFor(t, u));
  const counts = () =>
    asScope(t.dataSource, 'read_all', null, async (em) => {
      const [row] = await em.query(
        `SELECT (SELECT count(*) FROM legal_deadlines)::int AS deadlines, (SELECT count(*) FROM audit_events)::int AS audit`,
      );
      return row as { deadlines: number; audit: number };
    });
  const auditOf = async (entityId: string) =>
    (
      await t.http().get(`/api/v1/audit-events?entity=legal_deadline&entityId=${entityId}&pageSize=50`).set(as(admin)).expect(200)
    ).body.items.reverse() as Array<{
      action: string;
      institutionId: string | null;
      actorUserId: string;
    }>;

  beforeAll(async () => {
    t = await createTestApp();
    const inst = await createInstitution(t.dataSource, 'Ministerio de Plazos');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    analyst = await createUser(t.dataSource, 'analyst', null);
    admin = await createUser(t.dataSource, 'admin', null);
  });
  afterAll(() => t.close());

  it('every signed-in role reads the defaults inserted by the migration, ordered by date', async () => {
    for (const user of [liaison, analyst, admin]) {
      const res = await t.http().get('/api/v1/legal-deadlines').set(as(user)).expect(200);
      expect(res.body.items.map((d: { code: string }) => d.code)).toEqual([
        'free_forms_and_plan',
        'electronic_means',
        'electronic_procedures',
      ]);
      expect(res.body.total).toBe(3);
    }
    const last = (await t.http().get('/api/v1/legal-deadlines').set(as(liaison)).expect(200)).body.items[2];
    expect(last).toMatchObject({ coverage: 'bound', dueDate: '2023-08-31', version: 1 });
    expect(last.description).toContain('2024');
    await t.http().get('/api/v1/legal-deadlines').expect(401);
  });

  it('filters by coverage', async () => {
    expect((await t.http().get('/api/v1/legal-deadlines?coverage=bound').set(as(liaison)).expect(200)).body.total).toBe(3);
    expect((await t.http().get('/api/v1/legal-deadlines?coverage=opted_in').set(as(liaison)).expect(200)).body.total).toBe(0);
    await t.http().get('/api/v1/legal-deadlines?coverage=todas').set(as(liaison)).expect(400);
  });

  const body = {
    code: 'opted_in_plan',
    name: 'Plan de simplificación de las instituciones adheridas',
    coverage: 'opted_in',
    dueDate: '2023-03-15',
    legalReference: 'Decreto 5-2021, art. 2',
  };

  it.each([
    ['liaison', () => liaison],
    ['analyst', () => analyst],
  ])('a %s cannot create, edit or delete (403) and nothing changes', async (_name, who) => {
    const before = await counts();
    const someId = (await t.http().get('/api/v1/legal-deadlines').set(as(who())).expect(200)).body.items[0].id;
    await t.http().post('/api/v1/legal-deadlines').set(as(who())).send(body).expect(403);
    await t.http().patch(`/api/v1/legal-deadlines/${someId}`).set(as(who())).send({ version: 1, dueDate: '2024-08-31' }).expect(403);
    const res = await t.http().delete(`/api/v1/legal-deadlines/${someId}`).set(as(who())).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('an admin creates, edits (with the version) and deletes; each write is audited without an institution', async () => {
    const created = await t.http().post('/api/v1/legal-deadlines').set(as(admin)).send(body).expect(201);
    expect(created.body).toMatchObject({ ...body, description: null, version: 1 });
    const id = created.body.id;
    expect(
      (await t.http().get('/api/v1/legal-deadlines?coverage=opted_in').set(as(liaison)).expect(200)).body.items.map(
        (d: { id: string }) => d.id,
      ),
    ).toEqual([id]);

    const dup = await t.http().post('/api/v1/legal-deadlines').set(as(admin)).send(body).expect(409);
    expect(dup.body.message).toContain('opted_in_plan');

    const edited = await t
      .http()
      .patch(`/api/v1/legal-deadlines/${id}`)
      .set(as(admin))
      .send({ version: 1, dueDate: '2024-03-15', description: 'Fecha ajustada por la Comisión' })
      .expect(200);
    expect(edited.body).toMatchObject({ dueDate: '2024-03-15', description: 'Fecha ajustada por la Comisión', version: 2 });
    const stale = await t
      .http()
      .patch(`/api/v1/legal-deadlines/${id}`)
      .set(as(admin))
      .send({ version: 1, dueDate: '2025-01-01' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

    await t.http().delete(`/api/v1/legal-deadlines/${id}`).set(as(admin)).expect(204);
    await t.http().get(`/api/v1/legal-deadlines/${id}`).set(as(admin)).expect(404);
    await t.http().delete(`/api/v1/legal-deadlines/${id}`).set(as(admin)).expect(404);

    const trail = await auditOf(id);
    expect(trail.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(trail.every((e) => e.institutionId === null && e.actorUserId === admin.id)).toBe(true);
  });

  it.each([
    ['impossible date', { ...body, code: 'bad_date', dueDate: '2023-02-30' }, 'dueDate'],
    ['unknown coverage', { ...body, code: 'bad_coverage', coverage: 'todas' }, 'coverage'],
    ['code with spaces', { ...body, code: 'Plazo nuevo' }, 'code'],
    ['missing name', { code: 'no_name', coverage: 'bound', dueDate: '2023-01-01' }, 'name'],
  ])('%s → 400, nothing written', async (_name, payload, field) => {
    const before = await counts();
    const res = await t.http().post('/api/v1/legal-deadlines').set(as(admin)).send(payload).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('an edit that nulls a required field is a 400', async () => {
    const first = (await t.http().get('/api/v1/legal-deadlines').set(as(admin)).expect(200)).body.items[0];
    await t.http().patch(`/api/v1/legal-deadlines/${first.id}`).set(as(admin)).send({ version: first.version, dueDate: null }).expect(400);
  });
});
