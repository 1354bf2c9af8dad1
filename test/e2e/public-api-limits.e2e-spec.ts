import Redis from 'ioredis';
import { Database } from '../../src/database/database.service';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { REDIS } from '../../src/redis/redis.module';
import { bearer, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Polls `check` every 50 ms until it holds or `ms` pass; returns whether it held. */
const eventually = async (check: () => Promise<boolean>, ms = 5000): Promise<boolean> => {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) if (await check()) return true;
  return check();
};

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
    const res = await t
      .http()
      .post('/api/v1/partner-api-keys')
      .set(bearer(tokenFor(t, admin)))
      .send({ name: 'AGEXPORT — tablero', scopes, rateLimitPerMinute });
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
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.any(String),
      requestId: expect.any(String),
    });
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

    const usage = await t
      .http()
      .get(`/api/v1/partner-api-keys/${key.id}/usage`)
      .set(bearer(tokenFor(t, admin)));
    expect(usage.status).toBe(200);
    expect(usage.body).toMatchObject({ keyId: key.id, rateLimitPerMinute: 5, total: 5 });
    expect(usage.body.days).toHaveLength(30);
    const liaisonUser = await createUser(t.dataSource, 'analyst', null);
    expect(
      (
        await t
          .http()
          .get(`/api/v1/partner-api-keys/${key.id}/usage`)
          .set(bearer(tokenFor(t, liaisonUser)))
      ).status,
    ).toBe(403);
    expect((await t.http().get(`/api/v1/partner-api-keys/${key.id}/usage`)).status).toBe(401);

    // A key that does not authenticate counts against its address's anonymous allowance (a fresh address here).
    const bogus = await t
      .http()
      .get(url)
      .set('X-API-Key', 'smp_00000000_' + 'a'.repeat(43))
      .set('X-Forwarded-For', '10.31.0.1');
    expect(bogus.status).toBe(401);
    expect(bogus.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    const malformed = await t.http().get(url).set('X-API-Key', 'nope').set('X-Forwarded-For', '10.31.0.1');
    expect(malformed.status).toBe(401);

    const writeOnly = await createKey(100, ['webhooks:manage']);
    expect((await t.http().get(url).set('X-API-Key', writeOnly.key)).status).toBe(403);
  });

  describe('with a second API replica (same Redis)', () => {
    let replica: TestApp;

    beforeAll(async () => {
      replica = await createTestApp({ env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '3' } });
    });

    afterAll(async () => {
      await replica.close();
    });

    const subscribed = (app: TestApp) => app.app.get(PublicCacheVersion).subscriptionEpoch > 0;

    it('stops a revoked key on every replica at once, not when its cached verdict expires', async () => {
      const key = await createKey(1000);
      expect((await replica.http().get(url).set('X-API-Key', key.key)).status).toBe(200);
      expect(await eventually(async () => subscribed(replica))).toBe(true);
      // The verdict is now cached on the replica (for up to 30 s without a signal).
      expect((await replica.http().get(url).set('X-API-Key', key.key)).status).toBe(200);

      const revoked = await t
        .http()
        .post(`/api/v1/partner-api-keys/${key.id}/revoke`)
        .set(bearer(tokenFor(t, admin)));
      expect(revoked.status).toBe(200);
      // A revoked key counts against its address like any bad key: each check comes from a fresh address.
      let n = 0;
      const from = () => `10.32.0.${++n}`;
      expect(
        await eventually(
          async () => (await replica.http().get(url).set('X-API-Key', key.key).set('X-Forwarded-For', from())).status === 401,
        ),
      ).toBe(true);
      expect((await t.http().get(url).set('X-API-Key', key.key).set('X-Forwarded-For', from())).status).toBe(401);
    });

    it('serves the data version from memory while subscribed, and sees a bump made by another process', async () => {
      const key = await createKey(1000);
      const first = await replica.http().get(url).set('X-API-Key', key.key);
      expect(await eventually(async () => subscribed(replica))).toBe(true);
      const redis = replica.app.get<Redis>(REDIS);
      const hmget = jest.spyOn(redis, 'hmget');
      try {
        const again = await replica.http().get(url).set('X-API-Key', key.key).set('If-None-Match', first.headers.etag);
        expect(again.status).toBe(304);
        expect(hmget).not.toHaveBeenCalled();

        const reads = jest.spyOn(replica.app.get(Database), 'run');
        await t.app.get(PublicCacheVersion).bump(); // another process writes
        // The replica learns of the new version over the channel: it reads PostgreSQL again, and finds the same
        // representation (per-resource validators), so the ETag stands and the answer is still 304.
        expect(
          await eventually(async () => {
            const res = await replica.http().get(url).set('X-API-Key', key.key).set('If-None-Match', first.headers.etag);
            return reads.mock.calls.some(([access]) => String(access.purpose).startsWith('public-api.')) && res.status === 304;
          }),
        ).toBe(true);
        reads.mockRestore();
        expect(hmget).not.toHaveBeenCalled();
      } finally {
        hmget.mockRestore();
      }
    });
  });
});
