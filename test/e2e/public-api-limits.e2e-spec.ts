import { bearer, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Rate limits of the public API: a small anonymous limit per IP, a partner key's own limit, usage per key. */
describe('Public API rate limits and partner keys', () => {
  let t: TestApp;
  let admin: TestUser;
  const url = '/api/public/v1/methodology';

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '3' } });
    admin = await createUser(t.dataSource, 'admin', null);
  });

  afterAll(async () => {
    delete process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE;
    await t.close();
  });

  const createKey = async (rateLimitPerMinute: number, scopes = ['public:read']) => {
    const res = await t.http().post('/api/v1/partner-api-keys').set(bearer(tokenFor(t, admin))).send({ name: 'AGEXPORT — tablero', scopes, rateLimitPerMinute });
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string };
  };

  it('limits anonymous callers per IP (conditional requests included) and answers 429 with Retry-After in the shared shape', async () => {
    const first = await t.http().get(url);
    expect(first.status).toBe(200);
    expect(first.headers['x-ratelimit-limit']).toBe('3');
    expect((await t.http().get(url).set('If-None-Match', first.headers.etag)).status).toBe(304);
    expect((await t.http().get('/api/public/v1/institutions')).status).toBe(200);
    const limited = await t.http().get(url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String), requestId: expect.any(String) });
  });

  it('gives a partner key its own limit, counts its usage per day, and refuses unknown keys and keys without public:read', async () => {
    const key = await createKey(5);
    for (let n = 0; n < 5; n++) {
      const res = await t.http().get(url).set('X-API-Key', key.key);
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      expect(res.headers['cache-control']).toBe('private, max-age=60');
    }
    const over = await t.http().get(url).set('X-API-Key', key.key);
    expect(over.status).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();

    const other = await createKey(100);
    expect((await t.http().get(url).set('X-API-Key', other.key)).status).toBe(200);

    const usage = await t.http().get(`/api/v1/partner-api-keys/${key.id}/usage`).set(bearer(tokenFor(t, admin)));
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({ keyId: key.id, rateLimitPerMinute: 5, total: 5 });
    expect(usage.body.days).toHaveLength(30);
    const liaisonUser = await createUser(t.dataSource, 'analyst', null);
    expect((await t.http().get(`/api/v1/partner-api-keys/${key.id}/usage`).set(bearer(tokenFor(t, liaisonUser)))).status).toBe(403);
    expect((await t.http().get(`/api/v1/partner-api-keys/${key.id}/usage`)).status).toBe(401);

    const bogus = await t.http().get(url).set('X-API-Key', 'smp_00000000_' + 'a'.repeat(43));
    expect(bogus.status).toBe(401);
    expect(bogus.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    const malformed = await t.http().get(url).set('X-API-Key', 'nope');
    expect(malformed.status).toBe(401);

    const writeOnly = await createKey(100, ['webhooks:manage']);
    expect((await t.http().get(url).set('X-API-Key', writeOnly.key)).status).toBe(403);
  });
});
