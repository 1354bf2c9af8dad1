import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { PublicReadFront } from '../../src/modules/public-api/public-read-front';
import { PAGE_CSP } from '../../src/web/pages/page-responder';
import { bearer, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createPublicSiteWorld, PublicSiteWorld } from '../helpers/public-site-world';
import { createTestApp, TestApp } from '../helpers/test-app';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One request on a fresh connection; the body as the bytes on the wire (never decompressed). */
const raw = (base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> =>
  new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });

/** Headers that differ by request, never by representation. */
const PER_REQUEST = ['date', 'x-request-id', 'x-ratelimit-remaining'];
const comparable = (h: http.IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => !PER_REQUEST.includes(k)));

const decoded = (r: Raw): string => {
  const e = r.headers['content-encoding'];
  return (e === 'br' ? brotliDecompressSync(r.body) : e === 'gzip' ? gunzipSync(r.body) : r.body).toString('utf8');
};

let address = 0;
/** A fresh client address (TRUST_PROXY_HOPS=1 in tests): each test spends its own rate-limit allowance. */
const fresh = () => `10.77.${(++address >> 8) & 255}.${address & 255}`;

const eventually = async (check: () => Promise<boolean>, ms = 5000): Promise<boolean> => {
  for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 25))) if (await check()) return true;
  return check();
};

const LIMIT = 40;
/** helmet's headers that act only on a document a browser renders: on pages, not on the JSON API. */
const DOCUMENT_ONLY = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/**
 * The cache of public reads in front of the router (PublicReadFront, ADR 0011): what it answers is what the router
 * answers, byte for byte and header for header; a write is seen at once on every replica; the rate limit and the
 * partner key checks still hold.
 */
describe('Public reads answered before the router', () => {
  let t: TestApp;
  let replica: TestApp;
  let w: PublicSiteWorld;
  let base: string;
  let replicaBase: string;
  let liaison: TestUser;
  let admin: TestUser;

  const front = (app: TestApp) => app.app.get(PublicReadFront);

  beforeAll(async () => {
    const env = { PUBLIC_API_RATE_LIMIT_PER_MINUTE: String(LIMIT), PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    t = await createTestApp({ env });
    replica = await createTestApp({ env });
    w = await createPublicSiteWorld(t);
    liaison = await createUser(t.dataSource, 'liaison', w.ministry.id);
    admin = await createUser(t.dataSource, 'admin', null);
    for (const app of [t, replica]) await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    replicaBase = `http://127.0.0.1:${(replica.app.getHttpServer().address() as { port: number }).port}`;
    // Both replicas mirror the data version from the invalidation channel (the cache is keyed on it); the channel is
    // subscribed on a replica's first public request.
    for (const b of [base, replicaBase]) await raw(b, '/api/public/v1/methodology', { 'X-Forwarded-For': fresh() });
    for (const app of [t, replica]) expect(await eventually(async () => app.app.get(PublicCacheVersion).mirrored() !== null)).toBe(true);
  }, 180_000); // two app instances and the site's world on a loaded machine

  afterAll(async () => {
    delete process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE;
    delete process.env.PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE;
    await replica?.close();
    await t?.close();
  });

  /**
   * The router's answer (the cache emptied first), then the cache's answer to the same request. A conditional request
   * the router answers 304 leaves nothing to keep: a plain GET (the router's 200, kept) fills the cache in between.
   */
  async function routerThenFront(app: TestApp, b: string, path: string, headers: Record<string, string>) {
    front(app).clear();
    const served = front(app).served;
    const router = await raw(b, path, headers);
    if (router.status === 304) {
      const plain = Object.fromEntries(Object.entries(headers).filter(([k]) => !k.toLowerCase().startsWith('if-')));
      expect((await raw(b, path, plain)).status).toBe(200);
    }
    expect(front(app).served).toBe(served);
    const cached = await raw(b, path, headers);
    expect(front(app).served).toBe(served + 1);
    return { router, cached };
  }

  const apiPath = () => `/api/public/v1/procedures/${w.ministry.code}/${w.licence.code}`;
  const pagePath = () => `/transparencia/instituciones/${w.ministry.code}`;

  it.each([
    ['identity', {}],
    ['gzip', { 'Accept-Encoding': 'gzip' }],
    ['br', { 'Accept-Encoding': 'gzip, deflate, br' }],
  ])('API: a cached 200 (%s) is the router’s 200, byte for byte and header for header', async (encoding, accept) => {
    const headers = { ...accept, 'X-Forwarded-For': fresh() };
    const { router, cached } = await routerThenFront(t, base, apiPath(), headers);
    expect(router.status).toBe(200);
    expect(cached.status).toBe(200);
    expect(cached.body.equals(router.body)).toBe(true);
    expect(comparable(cached.headers)).toEqual(comparable(router.headers));
    expect(cached.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
    expect(cached.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      etag: expect.stringMatching(/^"[\w-]{27}"$/),
      'last-modified': expect.any(String),
      vary: 'Accept-Encoding, X-API-Key',
      'cache-control': 'public, max-age=60, stale-while-revalidate=300',
      'x-frame-options': 'SAMEORIGIN',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-ratelimit-limit': String(LIMIT),
      'content-length': String(cached.body.length),
    });
    // JSON is never rendered as a document: helmet's document-only headers stay off the API (pages keep them).
    expect(Object.keys(cached.headers).filter((k) => DOCUMENT_ONLY.includes(k))).toEqual([]);
    expect(cached.headers['x-request-id']).not.toBe(router.headers['x-request-id']);
    expect(JSON.parse(decoded(cached))).toMatchObject({ code: w.licence.code });
  });

  it('API: a cached 304 (If-None-Match or If-Modified-Since) is the router’s 304', async () => {
    const ip = fresh();
    const first = await raw(base, apiPath(), { 'X-Forwarded-For': ip });
    const conditions: Array<Record<string, string>> = [
      { 'If-None-Match': String(first.headers.etag) },
      { 'If-Modified-Since': String(first.headers['last-modified']) },
    ];
    for (const cond of conditions) {
      const { router, cached } = await routerThenFront(t, base, apiPath(), { ...cond, 'X-Forwarded-For': ip });
      expect(router.status).toBe(304);
      expect(cached.status).toBe(304);
      expect(cached.body.length).toBe(0);
      expect(comparable(cached.headers)).toEqual(comparable(router.headers));
      expect(cached.headers).toMatchObject({
        etag: first.headers.etag,
        'last-modified': first.headers['last-modified'],
        vary: 'Accept-Encoding, X-API-Key',
        'cache-control': 'public, max-age=60, stale-while-revalidate=300',
        'x-ratelimit-limit': String(LIMIT),
      });
      // A 304 carries validators, caching and the request's own headers, not the document's security headers (RFC 9110).
      for (const h of [router.headers, cached.headers])
        expect(
          Object.keys(h).filter((k) => /^(content-security-policy|x-frame-options|strict-transport-security|content-type)$/.test(k)),
        ).toEqual([]);
    }
  });

  it.each([
    ['identity', {}],
    ['br', { 'Accept-Encoding': 'br' }],
  ])('pages: a cached 200 (%s) and 304 are the router’s, with the page’s CSP', async (encoding, accept) => {
    const headers = { ...accept, 'X-Forwarded-For': fresh() };
    const { router, cached } = await routerThenFront(t, base, pagePath(), headers);
    expect(cached.status).toBe(200);
    expect(cached.body.equals(router.body)).toBe(true);
    expect(comparable(cached.headers)).toEqual(comparable(router.headers));
    expect(cached.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(
      Object.keys(cached.headers)
        .filter((k) => DOCUMENT_ONLY.includes(k))
        .sort(),
    ).toEqual([...DOCUMENT_ONLY].sort());
    expect(cached.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
    expect(decoded(cached)).toContain(w.ministry.name);

    const cond = { ...headers, 'If-None-Match': String(router.headers.etag) };
    const n = await routerThenFront(t, base, pagePath(), cond);
    expect([n.router.status, n.cached.status]).toEqual([304, 304]);
    expect(comparable(n.cached.headers)).toEqual(comparable(n.router.headers));
    expect(n.cached.headers['content-security-policy']).toBe(PAGE_CSP);
    // A page's 304 keeps its CSP but not helmet's other headers (the copy the browser holds keeps them) nor Content-Type.
    for (const h of [n.router.headers, n.cached.headers])
      expect(
        Object.keys(h).filter((k) => /^(x-frame-options|strict-transport-security|x-content-type-options|content-type)$/.test(k)),
      ).toEqual([]);
  });

  it('HEAD from the cache: the 200’s headers, no body', async () => {
    const ip = fresh();
    await raw(base, apiPath(), { 'X-Forwarded-For': ip });
    const get = await raw(base, apiPath(), { 'X-Forwarded-For': ip });
    const served = front(t).served;
    const head = await raw(base, apiPath(), { 'X-Forwarded-For': ip }, 'HEAD');
    expect(front(t).served).toBe(served + 1);
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(comparable(head.headers)).toEqual(comparable(get.headers));
  });

  it('after a write through the API, neither replica answers the old body or its ETag (200 or 304)', async () => {
    const ip = fresh();
    const path = apiPath();
    const page = `/transparencia/tramites/${w.ministry.code}/${w.licence.code}`;
    // Both replicas hold the procedure (API and page) in front of their routers.
    const before: Record<string, Raw> = {};
    for (const b of [base, replicaBase])
      for (const p of [path, page]) {
        await raw(b, p, { 'X-Forwarded-For': ip });
        before[b + p] = await raw(b, p, { 'X-Forwarded-For': ip });
      }
    const servedBefore = front(replica).served;

    const current = await t
      .http()
      .get(`/api/v1/procedures/${w.licence.id}`)
      .set(bearer(tokenFor(t, liaison)));
    expect(current.status).toBe(200);
    const name = `Licencia sanitaria renovada ${Date.now()}`;
    const patched = await t
      .http()
      .patch(`/api/v1/procedures/${w.licence.id}`)
      .set(bearer(tokenFor(t, liaison)))
      .send({ version: current.body.version, name });
    expect(patched.status).toBe(200);

    // At once, on the replica that wrote and on the other one: the new body, and the old ETag no longer answers 304.
    for (const b of [base, replicaBase]) {
      const api = await raw(b, path, { 'X-Forwarded-For': ip });
      expect(JSON.parse(api.body.toString('utf8')).name).toBe(name);
      expect(api.headers.etag).not.toBe(before[b + path].headers.etag);
      expect((await raw(b, path, { 'X-Forwarded-For': ip, 'If-None-Match': String(before[b + path].headers.etag) })).status).toBe(200);
      const html = await raw(b, page, { 'X-Forwarded-For': ip });
      expect(html.body.toString('utf8')).toContain(name);
      expect((await raw(b, page, { 'X-Forwarded-For': ip, 'If-None-Match': String(before[b + page].headers.etag) })).status).toBe(200);
    }
    // And the replica caches the new body again.
    await raw(replicaBase, path, { 'X-Forwarded-For': ip });
    expect(front(replica).served).toBeGreaterThan(servedBefore);
  });

  it('counts the rate limit exactly on one replica (X-RateLimit-Remaining included) and answers 429 through the router', async () => {
    const path = `/api/public/v1/institutions/${w.ministry.code}`;
    await raw(base, path, { 'X-Forwarded-For': fresh() }); // cached by another address
    const ip = fresh();
    const served = front(t).served;
    for (let n = 1; n <= LIMIT; n++) {
      const res = await raw(base, path, { 'X-Forwarded-For': ip });
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-remaining']).toBe(String(LIMIT - n));
    }
    expect(front(t).served).toBe(served + LIMIT);
    const limited = await raw(base, path, { 'X-Forwarded-For': ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(limited.body.toString('utf8'))).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    // Conditional requests count too.
    const etag = String((await raw(base, path, { 'X-Forwarded-For': fresh() })).headers.etag);
    expect((await raw(base, path, { 'X-Forwarded-For': ip, 'If-None-Match': etag })).status).toBe(429);
    // Pages have their own allowance per address (pages:ip), also counted in front of the router.
    await raw(base, pagePath(), { 'X-Forwarded-For': fresh() });
    let pages = 0;
    for (let n = 0; n < LIMIT + 5; n++) if ((await raw(base, pagePath(), { 'X-Forwarded-For': ip })).status === 200) pages++;
    expect(pages).toBe(LIMIT);
  });

  it('shares the limit across replicas: together they never admit more than the limit', async () => {
    const path = `/api/public/v1/institutions/${w.secretariat.code}`;
    for (const b of [base, replicaBase]) {
      await raw(b, path, { 'X-Forwarded-For': fresh() });
      await raw(b, path, { 'X-Forwarded-For': fresh() });
    }
    const ip = fresh();
    const served = front(t).served + front(replica).served;
    let ok = 0;
    let limited = 0;
    for (let n = 0; n < LIMIT * 2; n++) {
      const res = await raw(n % 2 ? replicaBase : base, path, { 'X-Forwarded-For': ip });
      if (res.status === 200) ok++;
      else if (res.status === 429) limited++;
    }
    expect(ok + limited).toBe(LIMIT * 2);
    expect(ok).toBeLessThanOrEqual(LIMIT);
    // Blocks one replica took and did not spend make the other refuse a little early, never late.
    expect(ok).toBeGreaterThanOrEqual(LIMIT - 10);
    expect(front(t).served + front(replica).served - served).toBeGreaterThanOrEqual(ok - 4);
  });

  it('never answers a partner key from the cache: the key is checked and counted, and a revocation holds at once on the other replica', async () => {
    const created = await t
      .http()
      .post('/api/v1/partner-api-keys')
      .set(bearer(tokenFor(t, admin)))
      .send({ name: 'Tablero de pruebas', scopes: ['public:read'], rateLimitPerMinute: 1000 });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    const path = `/api/public/v1/institutions/${w.ministry.code}`;
    await raw(replicaBase, path, { 'X-Forwarded-For': fresh() });
    await raw(replicaBase, path, { 'X-Forwarded-For': fresh() });
    const served = front(replica).served;
    const keyed = await raw(replicaBase, path, { 'X-API-Key': key, 'X-Forwarded-For': fresh() });
    expect(keyed.status).toBe(200);
    expect(keyed.headers['cache-control']).toBe('private, max-age=60');
    expect(keyed.headers['x-ratelimit-limit']).toBe('1000');
    expect(front(replica).served).toBe(served);

    const revoked = await t
      .http()
      .post(`/api/v1/partner-api-keys/${created.body.id}/revoke`)
      .set(bearer(tokenFor(t, admin)));
    expect(revoked.status).toBe(200);
    // No waiting: the very next request on the other replica is refused.
    expect((await raw(replicaBase, path, { 'X-API-Key': key, 'X-Forwarded-For': fresh() })).status).toBe(401);
    expect((await raw(base, path, { 'X-API-Key': key, 'X-Forwarded-For': fresh() })).status).toBe(401);
    const usage = await t
      .http()
      .get(`/api/v1/partner-api-keys/${created.body.id}/usage`)
      .set(bearer(tokenFor(t, admin)));
    expect(usage.body.total).toBe(1);
  });
});
