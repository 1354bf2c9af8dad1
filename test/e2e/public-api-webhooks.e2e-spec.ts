import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { bearer, createInstitution, createUser, tokenFor, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** Partner webhooks: subscription by key, signed deliveries through the queue, retry on a failing receiver, delivery log. */
describe('Public API webhooks', () => {
  let t: TestApp;
  let admin: TestUser;
  let liaison: TestUser;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Received[] = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    t = await createTestApp({ worker: true, env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '1000' } });
    admin = await createUser(t.dataSource, 'admin', null);
    const inst = await createInstitution(t.dataSource, 'Dirección de Webhooks');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const answered = failuresLeft > 0 ? 500 : 200;
        if (failuresLeft > 0) failuresLeft--;
        received.push({ headers: req.headers, body, answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const createKey = async (scopes: string[]) => {
    const res = await t.http().post('/api/v1/partner-api-keys').set(bearer(tokenFor(t, admin))).send({ name: 'AGEXPORT webhooks', scopes, rateLimitPerMinute: 1000 });
    expect(res.status).toBe(201);
    return res.body.key as string;
  };

  it('signs each subscribed change, retries a failing receiver, and logs the deliveries', async () => {
    const key = await createKey(['public:read', 'webhooks:manage']);
    const readOnly = await createKey(['public:read']);
    const body = { url: receiverUrl, events: ['procedure_created', 'requirement_eliminated'] };
    expect((await t.http().post('/api/public/v1/webhooks').send(body)).status).toBe(401);
    expect((await t.http().post('/api/public/v1/webhooks').set('X-API-Key', readOnly).send(body)).status).toBe(403);
    const bad = await t.http().post('/api/public/v1/webhooks').set('X-API-Key', key).send({ url: 'ftp://x', events: ['everything'] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');

    const created = await t.http().post('/api/public/v1/webhooks').set('X-API-Key', key).send(body);
    expect(created.status).toBe(201);
    const { id, secret } = created.body as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const listed = await t.http().get('/api/public/v1/webhooks').set('X-API-Key', key);
    expect(listed.body).toEqual([expect.objectContaining({ id, url: receiverUrl, active: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // A scripted sequence: procedure created (subscribed), requirement eliminated (subscribed), a rename (not an event).
    const as = bearer(tokenFor(t, liaison));
    const proc = await t.http().post('/api/v1/procedures').set(as).send({ code: 'WH-1', name: 'Trámite con aviso', requirements: [{ name: 'Constancia' }] });
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
    expect(log.body.every((d: { status: string; lastStatusCode: number }) => d.status === 'delivered' && d.lastStatusCode === 200)).toBe(true);
    expect(log.body.map((d: { attempts: number }) => d.attempts).sort()).toEqual([1, 2]);

    // Deactivated: later changes are not sent.
    expect((await t.http().post(`/api/public/v1/webhooks/${id}/deactivate`).set('X-API-Key', key)).status).toBe(200);
    expect((await t.http().post('/api/v1/procedures').set(as).send({ code: 'WH-2', name: 'Otro' })).status).toBe(201);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received).toHaveLength(3);
  }, 40_000);
});
