import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiJson } from '../../src/common/http/openapi';
import { REDIS } from '../../src/redis/redis.module';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Health and documentation', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('GET /health is 200 when PostgreSQL and Redis answer', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { postgres: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('GET /health is 503 when Redis is down', async () => {
    const redis = t.app.get<{ disconnect: () => void; connect: () => Promise<void> }>(REDIS);
    redis.disconnect();
    try {
      const res = await t.http().get('/health').expect(503);
      expect(res.body).toMatchObject({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        details: { status: 'error', error: { redis: { status: 'down' } } },
      });
      expect(res.body.details.info.postgres.status).toBe('up');
    } finally {
      await redis.connect();
    }
  });

  it('serves the OpenAPI document with every route summarised, and the UI at /docs', async () => {
    const doc = (await t.http().get('/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(doc.paths as Record<string, Record<string, { summary?: string }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ route: `${m.toUpperCase()} ${path}`, summary: op.summary })),
    );
    expect(ops.map((o) => o.route)).toEqual(expect.arrayContaining(['POST /api/v1/auth/login', 'GET /api/v1/institutions', 'GET /health']));
    expect(ops.filter((o) => !o.summary)).toEqual([]);
    const ui = await t.http().get('/docs/').expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('serves exactly the committed contract, docs/openapi.json (npm run openapi regenerates it)', async () => {
    const served = (await t.http().get('/docs-json').expect(200)).body;
    const committed = readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8');
    expect(openApiJson(served)).toBe(committed);
  });

  it('echoes a sane X-Request-Id and replaces an unsafe one', async () => {
    const kept = await t.http().get('/health').set('X-Request-Id', 'abc-123').expect(200);
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.http().get('/health').set('X-Request-Id', 'bad id <script>').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
