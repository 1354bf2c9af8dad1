import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { decryptText, encryptText, keyIdOf, keyringFrom } from '../../src/common/crypto/data-encryption';
import { HostResolver } from '../../src/modules/webhooks/host-resolver';
import { QueueName } from '../../src/queue/queue-names';
import { bearer, createInstitution, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A local receiver that records what it gets; answers 500 while `failuresLeft` > 0, then 200. */
async function startReceiver(received: Received[], failures: { left: number }): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const answered = failures.left > 0 ? 500 : 200;
      if (failures.left > 0) failures.left--;
      received.push({ headers: req.headers, body, answered });
      res.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

/** A key "rotated out": still configured as DATA_ENCRYPTION_KEY_PREVIOUS in the first suite. */
const PREVIOUS_KEY = 'c0ffee00'.repeat(8);

/** The change feed's current end (the cursor after the last change), read page by page. */
const feedHead = async (t: TestApp, key: string): Promise<string> => {
  let head: string | undefined;
  for (;;) {
    const page = await t
      .http()
      .get(`/api/public/v1/changes?limit=500${head ? `&since=${head}` : ''}`)
      .set('X-API-Key', key);
    head = page.body.nextCursor as string;
    if (!page.body.hasMore) return head;
  }
};

const createKeyFor = async (t: TestApp, admin: TestUser, scopes: string[]) => {
  const res = await t
    .http()
    .post('/api/v1/partner-api-keys')
    .set(bearer(tokenFor(t, admin)))
    .send({ name: 'AGEXPORT webhooks', scopes, rateLimitPerMinute: 1000 });
  expect(res.status).toBe(201);
  return { key: res.body.key as string, id: res.body.id as string };
};

/**
 * Partner webhooks: subscription by key, signed deliveries through the queue, retry on a failing receiver, delivery log.
 * The receiver listens on 127.0.0.1 over http, so these tests allow private targets (WEBHOOK_ALLOW_PRIVATE_TARGETS).
 */
describe('Public API webhooks', () => {
  let t: TestApp;
  let admin: TestUser;
  let liaison: TestUser;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Received[] = [];
  const failures = { left: 1 };

  beforeAll(async () => {
    t = await createTestApp({
      worker: true,
      env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '1000', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', DATA_ENCRYPTION_KEY_PREVIOUS: PREVIOUS_KEY },
    });
    admin = await createUser(t.dataSource, 'admin', null);
    const inst = await createInstitution(t.dataSource, 'Dirección de Webhooks');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    ({ server: receiver, url: receiverUrl } = await startReceiver(received, failures));
  });

  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const createKey = async (scopes: string[]) => (await createKeyFor(t, admin, scopes)).key;

  it('signs each subscribed change, retries a failing receiver, and logs the deliveries', async () => {
    const key = await createKey(['public:read', 'webhooks:manage']);
    const readOnly = await createKey(['public:read']);
    const body = { url: receiverUrl, events: ['procedure_created', 'requirement_eliminated'] };
    expect((await t.http().post('/api/public/v1/webhooks').send(body)).status).toBe(401);
    expect((await t.http().post('/api/public/v1/webhooks').set('X-API-Key', readOnly).send(body)).status).toBe(403);
    const bad = await t
      .http()
      .post('/api/public/v1/webhooks')
      .set('X-API-Key', key)
      .send({ url: 'ftp://x', events: ['everything'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const created = await t.http().post('/api/public/v1/webhooks').set('X-API-Key', key).send(body);
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const listed = await t.http().get('/api/public/v1/webhooks').set('X-API-Key', key);
    expect(listed.body).toEqual([expect.objectContaining({ id, url: receiverUrl, active: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    // At rest the secret is only encrypted: nothing in the row holds it (or its random part), in any column.
    const [row] = await t.dataSource.query(
      `SELECT to_jsonb(s)::text AS all_columns, s.secret_encrypted FROM webhook_subscriptions s WHERE id = $1`,
      [id],
    );
    expect(row.secret_encrypted).toMatch(/^v1:[0-9a-f]{8}:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(row.all_columns).not.toContain(secret.slice('whsec_'.length));
    expect(row.all_columns).not.toContain('whsec_');

    // A scripted sequence: procedure created (subscribed), requirement eliminated (subscribed), a rename (not an event).
    const as = bearer(tokenFor(t, liaison));
    const proc = await t
      .http()
      .post('/api/v1/procedures')
      .set(as)
      .send({ code: 'WH-1', name: 'Trámite con aviso', requirements: [{ name: 'Constancia' }] });
    expect(proc.status).toBe(201);
    const reqs = await t.http().get(`/api/v1/procedures/${proc.body.id}/requirements`).set(as);
    const req = (reqs.body.items ?? reqs.body)[0];
    expect((await t.http().post(`/api/v1/requirements/${req.id}/end`).set(as).send({ version: req.version })).status).toBe(200);

    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline && received.filter((r) => r.answered === 200).length < 2) await new Promise((r) => setTimeout(r, 200));
    const ok = received.filter((r) => r.answered === 200);
    expect(ok).toHaveLength(2);
    expect(received.filter((r) => r.answered === 500)).toHaveLength(1);

    for (const r of received) {
      const ts = Number(r.headers['x-simplifica-timestamp']);
      expect(Math.abs(Date.now() / 1000 - ts)).toBeLessThan(300);
      const expected = `sha256=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
      expect(r.headers['x-simplifica-signature']).toBe(expected);
      // A tampered body would not verify.
      expect(`sha256=${createHmac('sha256', secret).update(`${ts}.${r.body} `).digest('hex')}`).not.toBe(expected);
    }
    const events = ok.map((r) => JSON.parse(r.body));
    expect(events.map((e) => e.type).sort()).toEqual(['procedure_created', 'requirement_eliminated']);
    expect(events.every((e) => e.data.procedureCode === 'WH-1')).toBe(true);
    // The failed attempt was retried with the same event.
    const retried = received.find((r) => r.answered === 500)!;
    expect(ok.some((r) => r.headers['x-simplifica-delivery'] === retried.headers['x-simplifica-delivery'])).toBe(true);

    // The receiver answers before the worker records the outcome: wait for the log to catch up.
    const delivered = (body: Array<{ status: string }>) => body.filter((d) => d.status === 'delivered').length;
    let log = await t.http().get(`/api/public/v1/webhooks/${id}/deliveries`).set('X-API-Key', key);
    for (const until = Date.now() + 5000; delivered(log.body) < 2 && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      log = await t.http().get(`/api/public/v1/webhooks/${id}/deliveries`).set('X-API-Key', key);
    }
    expect(log.status).toBe(200);
    expect(log.body).toHaveLength(2);
    expect(log.body.every((d: { status: string; lastStatusCode: number }) => d.status === 'delivered' && d.lastStatusCode === 200)).toBe(
      true,
    );
    expect(log.body.map((d: { attempts: number }) => d.attempts).sort()).toEqual([1, 2]);

    // Deactivated: later changes are not sent.
    expect((await t.http().post(`/api/public/v1/webhooks/${id}/deactivate`).set('X-API-Key', key)).status).toBe(200);
    expect((await t.http().post('/api/v1/procedures').set(as).send({ code: 'WH-2', name: 'Otro' })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received).toHaveLength(3);
  }, 40_000);

  it('delivers score changes written by a score run, with no other write to wake the dispatcher', async () => {
    const key = await createKey(['public:read', 'webhooks:manage']);
    const created = await t
      .http()
      .post('/api/public/v1/webhooks')
      .set('X-API-Key', key)
      .send({ url: receiverUrl, events: ['score_changed'] });
    expect(created.status).toBe(201);
    const inst = await createInstitution(t.dataSource, 'Dirección de Calificaciones');
    const enlace = await createUser(t.dataSource, 'liaison', inst.id);
    const as = bearer(tokenFor(t, enlace));
    const proc = await t.http().post('/api/v1/procedures').set(as).send({ code: 'SC-1', name: 'Trámite calificado' });
    expect(proc.status).toBe(201);
    // Its first score (the on-change run after the creation); a score_changed event needs a score to change from.
    let first = await t.http().get(`/api/v1/procedures/${proc.body.id}/score`).set(as);
    for (const until = Date.now() + 10_000; first.status !== 200 && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
      first = await t.http().get(`/api/v1/procedures/${proc.body.id}/score`).set(as);
    }
    expect(first.status).toBe(200);
    // The edit's own dispatch runs ~0.3 s after it; the debounced score run writes its score_changed event later.
    const edited = await t.http().patch(`/api/v1/procedures/${proc.body.id}`).set(as).send({
      version: proc.body.version,
      onlineUrl: 'https://tramites.gob.gt/sc-1',
      formsUrl: 'https://tramites.gob.gt/sc-1/f',
      formsFree: true,
    });
    expect(edited.status).toBe(200);
    const scoreEvents = () =>
      received.map((r) => JSON.parse(r.body)).filter((e) => e.type === 'score_changed' && e.data.institutionCode === inst.code);
    for (const until = Date.now() + 20_000; !scoreEvents().length && Date.now() < until; await new Promise((r) => setTimeout(r, 200)));
    expect(scoreEvents().length).toBeGreaterThanOrEqual(1);
    expect(scoreEvents()[0].data).toMatchObject({ procedureCode: 'SC-1', score: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect((await t.http().post(`/api/public/v1/webhooks/${created.body.id}/deactivate`).set('X-API-Key', key)).status).toBe(200);
  }, 30_000);

  it('after a key rotation, signs with a secret stored under the previous key and re-encrypts it with the current one', async () => {
    const { key, id: partnerKeyId } = await createKeyFor(t, admin, ['public:read', 'webhooks:manage']);
    const head = await feedHead(t, key);
    const oldRing = keyringFrom(PREVIOUS_KEY);
    const currentRing = keyringFrom(process.env.DATA_ENCRYPTION_KEY!);
    const stored = encryptText(oldRing, 'whsec_from_before_rotation', 'webhook_subscriptions.secret');
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO webhook_subscriptions (partner_key_id, url, secret_encrypted, event_types, feed_cursor) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [partnerKeyId, receiverUrl, stored, ['procedure_created'], head],
    );
    received.length = 0;
    expect(
      (
        await t
          .http()
          .post('/api/v1/procedures')
          .set(bearer(tokenFor(t, liaison)))
          .send({ code: 'ROT-1', name: 'Tras la rotación' })
      ).status,
    ).toBe(201);
    for (const until = Date.now() + 25_000; !received.length && Date.now() < until;) await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(1);
    const [r] = received;
    const ts = Number(r.headers['x-simplifica-timestamp']);
    expect(r.headers['x-simplifica-signature']).toBe(
      `sha256=${createHmac('sha256', 'whsec_from_before_rotation').update(`${ts}.${r.body}`).digest('hex')}`,
    );
    // Re-encrypted under the current key (written just after the secret was read): same secret, new key id.
    let now = stored;
    for (const until = Date.now() + 5000; now === stored && Date.now() < until; await new Promise((res) => setTimeout(res, 100))) {
      [{ secret_encrypted: now }] = await t.dataSource.query(`SELECT secret_encrypted FROM webhook_subscriptions WHERE id = $1`, [id]);
    }
    expect(keyIdOf(now)).toBe(currentRing.current.id);
    expect(decryptText(currentRing, now, 'webhook_subscriptions.secret')).toBe('whsec_from_before_rotation');
  }, 40_000);
});

/** SSRF defence, as in production (WEBHOOK_ALLOW_PRIVATE_TARGETS=false): public https targets only, checked again at delivery. */
describe('Public API webhooks: only public https targets', () => {
  let t: TestApp;
  let admin: TestUser;
  let liaison: TestUser;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Received[] = [];

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '1000', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    admin = await createUser(t.dataSource, 'admin', null);
    const inst = await createInstitution(t.dataSource, 'Dirección de Webhooks Seguros');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    ({ server: receiver, url: receiverUrl } = await startReceiver(received, { left: 0 }));
  });

  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('refuses http, private or loopback addresses, internal names and credentials with a clear 400, and stores nothing', async () => {
    const { key } = await createKeyFor(t, admin, ['public:read', 'webhooks:manage']);
    const cases: Array<[string, RegExp]> = [
      ['http://hooks.example.com/simplifica', /debe usar https/],
      [receiverUrl, /debe usar https/],
      ['https://127.0.0.1/hook', /dirección no pública \(127\.0\.0\.1\)/],
      ['https://localhost/hook', /nombre interno \(localhost\)/],
      ['https://[::ffff:127.0.0.1]/hook', /dirección no pública/],
      ['https://169.254.169.254/latest/meta-data/', /dirección no pública/],
      ['https://10.20.30.40/hook', /dirección no pública/],
      ['https://metadata.google.internal/computeMetadata/v1/', /nombre interno/],
      ['https://usuario:clave@hooks.example.com/hook', /usuario ni contraseña/],
    ];
    for (const [url, reason] of cases) {
      const res = await t
        .http()
        .post('/api/public/v1/webhooks')
        .set('X-API-Key', key)
        .send({ url, events: ['procedure_created'] });
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(res.body)).toMatch(reason);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'url' })]);
    }
    expect((await t.http().get('/api/public/v1/webhooks').set('X-API-Key', key)).body).toEqual([]);
    // A name that does not resolve is refused now, not at every delivery.
    const resolver = t.app.get(HostResolver);
    const unresolvable = await t
      .http()
      .post('/api/public/v1/webhooks')
      .set('X-API-Key', key)
      .send({ url: 'https://no-existe.invalid/hook', events: ['level_validated'] });
    expect(unresolvable.status).toBe(400);
    expect(unresolvable.body.details).toEqual([
      expect.objectContaining({ field: 'url', messages: [expect.stringMatching(/no se pudo resolver/)] }),
    ]);
    // A name resolving to a private address is refused too.
    const lookup = jest.spyOn(resolver, 'lookupAll').mockResolvedValue([{ address: '10.1.2.3', family: 4 }]);
    const privateName = await t
      .http()
      .post('/api/public/v1/webhooks')
      .set('X-API-Key', key)
      .send({ url: 'https://hooks.example.com/simplifica', events: ['level_validated'] });
    expect(privateName.status).toBe(400);
    expect(JSON.stringify(privateName.body)).toMatch(/dirección no pública \(10\.1\.2\.3\)/);
    // A public https target that resolves to a public address is accepted (nothing is sent until a change happens).
    lookup.mockResolvedValue([{ address: '93.184.216.34', family: 4 }]);
    const ok = await t
      .http()
      .post('/api/public/v1/webhooks')
      .set('X-API-Key', key)
      .send({ url: 'https://hooks.example.com/simplifica', events: ['level_validated'] });
    expect(ok.status).toBe(201);
    expect((await t.http().post(`/api/public/v1/webhooks/${ok.body.id}/deactivate`).set('X-API-Key', key)).status).toBe(200);
    lookup.mockRestore();
  });

  it('refuses at delivery a stored target the policy does not allow: failed once, with the reason, never retried, nothing sent', async () => {
    // A subscription stored before the policy (or while private targets were allowed) pointing at a local receiver.
    const { key, id: partnerKeyId } = await createKeyFor(t, admin, ['public:read', 'webhooks:manage']);
    const head = await feedHead(t, key);
    const ring = keyringFrom(process.env.DATA_ENCRYPTION_KEY!);
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO webhook_subscriptions (partner_key_id, url, secret_encrypted, event_types, feed_cursor) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [partnerKeyId, receiverUrl, encryptText(ring, 'whsec_legacy', 'webhook_subscriptions.secret'), ['procedure_created'], head],
    );
    const as = bearer(tokenFor(t, liaison));
    expect((await t.http().post('/api/v1/procedures').set(as).send({ code: 'SSRF-1', name: 'Trámite con aviso rechazado' })).status).toBe(
      201,
    );

    type Delivery = { id: string; status: string; attempts: number; lastError: string | null; lastStatusCode: number | null };
    let log: Delivery[] = [];
    for (
      const until = Date.now() + 25_000;
      !(log[0]?.status === 'failed') && Date.now() < until;
      await new Promise((r) => setTimeout(r, 200))
    ) {
      log = (await t.http().get(`/api/public/v1/webhooks/${id}/deliveries`).set('X-API-Key', key)).body;
    }
    expect(log).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, lastStatusCode: null })]);
    expect(log[0].lastError).toMatch(/^Destino rechazado: La URL del webhook debe usar https/);
    // Failed for good in the queue (an UnrecoverableError), not waiting for a retry.
    const job = await t.queue(QueueName.Webhooks).getJob(`webhook-delivery-${log[0].id}`);
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe('failed');
    expect(job!.attemptsMade).toBe(1);
    expect(received).toEqual([]);
  }, 40_000);
});
