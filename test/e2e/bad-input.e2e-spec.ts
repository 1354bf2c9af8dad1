import { bearer, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Bad input: always 4xx in the shared shape, never 500, nothing changed', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t.dataSource, 'admin', null);
  });
  afterAll(() => t.close());

  const counts = async () => {
    const [r] = await t.dataSource.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
      return em.query(`SELECT (SELECT count(*) FROM institutions)::int AS institutions, (SELECT count(*) FROM audit_events)::int AS audit`);
    });
    return r as { institutions: number; audit: number };
  };
  const valid = { code: 'MALO', name: 'Institución de Prueba', type: 'ministry', coverage: 'bound' };
  const post = () =>
    t
      .http()
      .post('/api/v1/institutions')
      .set(bearer(tokenFor(t, admin)));

  const cases: Array<[string, (r: ReturnType<typeof post>) => ReturnType<typeof post>, number, string]> = [
    ['unknown field', (r) => r.send({ ...valid, isAdmin: true }), 400, 'VALIDATION_FAILED'],
    ['wrong types', (r) => r.send({ ...valid, name: 42, coverage: ['bound'] }), 400, 'VALIDATION_FAILED'],
    ['value outside an enum', (r) => r.send({ ...valid, type: 'ministerio-de-la-verdad' }), 400, 'VALIDATION_FAILED'],
    ['opted in without date and act', (r) => r.send({ ...valid, coverage: 'opted_in' }), 400, 'VALIDATION_FAILED'],
    ['malformed JSON', (r) => r.set('Content-Type', 'application/json').send('{"code": "MALO", '), 400, 'MALFORMED_JSON'],
    ['oversize body (over the 1 MB default)', (r) => r.send({ ...valid, name: 'x'.repeat(1_100_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['empty body', (r) => r.send({}), 400, 'VALIDATION_FAILED'],
    ['JSON that is not an object', (r) => r.set('Content-Type', 'application/json').send('[1,2,3]'), 400, 'VALIDATION_FAILED'],
  ];

  it.each(cases)('%s → %i %s', async (_name, build, status, code) => {
    const before = await counts();
    const res = await build(post());
    expect(res.status).toBe(status);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'message', 'requestId', 'statusCode']);
    expect(res.body).toMatchObject({ statusCode: status, code, message: expect.any(String), requestId: expect.any(String) });
    expect(res.body.message).toMatch(/[áéíóúñ]|solicitud|inválid/i);
    expect(await counts()).toEqual(before);
  });

  it('names the offending fields in Spanish', async () => {
    const res = await post()
      .send({ ...valid, isAdmin: true, name: 42 })
      .expect(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', messages: ['no es un campo admitido'] },
        expect.objectContaining({ field: 'name', messages: expect.arrayContaining(['debe ser texto']) }),
      ]),
    );
  });

  it('rejects non-UUID path ids and bad query values with 400', async () => {
    const id = await t
      .http()
      .get('/api/v1/institutions/123')
      .set(bearer(tokenFor(t, admin)))
      .expect(400);
    expect(id.body.code).toBe('VALIDATION_FAILED');
    const page = await t
      .http()
      .get('/api/v1/institutions?pageSize=100000&sort=evil')
      .set(bearer(tokenFor(t, admin)))
      .expect(400);
    expect(page.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['pageSize', 'sort']);
  });

  it('unknown routes are 404 in the same shape', async () => {
    const res = await t
      .http()
      .get('/api/v1/no-existe')
      .set(bearer(tokenFor(t, admin)))
      .expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });
});
