import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Access } from '../../src/common/auth/access';
import { systemActor } from '../../src/common/auth/actor';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { Database } from '../../src/database/database.service';
import { PUBLIC_EVENT_TYPES } from '../../src/events/public-events';
import { applyValidatedLevel } from '../../src/modules/inventory/procedures/procedure-level';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { createMilestone, createPlan } from '../helpers/factories';
import { useWorld } from '../helpers/world';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Contract tests of every public event type (issue 16), through the change feed and a local webhook receiver: each write
 * path (single edits, Commission actions, score runs) produces its event, with the changed public fields old → new,
 * in the same transaction, and a subscription to every type receives each one signed.
 */
describe('Public events: every type through the feed and a webhook', () => {
  // Many writes, score runs and (for webhooks) queued deliveries per test: generous on a loaded machine.
  jest.setTimeout(120_000);
  const w = useWorld({
    label: 'de Eventos',
    app: { worker: true, env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '5000', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } },
  });
  const received: Received[] = [];
  let receiver: http.Server;
  let key: string;
  let subscription: Json;

  const api = () => w.t.http();
  const feed = (path: string) => api().get(`/api/public/v1${path}`).set('X-API-Key', key);
  const feedFrom = async (since: string): Promise<{ items: Json[]; cursor: string }> => {
    const items: Json[] = [];
    let cursor = since;
    for (;;) {
      const page = await feed(`/changes?limit=500&since=${cursor}`).expect(200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
      if (!page.body.hasMore) return { items, cursor };
    }
  };
  const head = async () => (await feedFrom(Buffer.from('[0,0]').toString('base64url'))).cursor;
  const waitFor = async (ok: () => boolean | Promise<boolean>, ms = 60_000) => {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) if (await ok()) return;
    throw new Error('timed out');
  };

  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const created = await api()
      .post('/api/v1/partner-api-keys')
      .set(w.as(w.admin))
      .send({ name: 'AGEXPORT tablero', scopes: ['public:read', 'webhooks:manage'], rateLimitPerMinute: 5000 });
    key = created.body.key;
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    subscription = (
      await api()
        .post('/api/public/v1/webhooks')
        .set('X-API-Key', key)
        .send({ url, events: [...PUBLIC_EVENT_TYPES] })
        .expect(201)
    ).body;
  });

  afterAll(() => new Promise((resolve) => receiver.close(resolve)));

  it('every public change is an event with its public fields old → new, once, in order; a subscription to all types receives each', async () => {
    const start = await head();
    const scoring = w.t.app.get(ScoringService);
    const db = w.t.app.get(Database);
    const liaison = w.as(w.liaisonA);
    // A procedure with a fee, prioritised, and a first score run (a first score is not a change).
    const proc = (
      await api()
        .post('/api/v1/procedures')
        .set(liaison)
        .send({
          code: 'EV-1',
          name: 'Licencia de exportación',
          feeGtq: '75.00',
          prioritized: true,
          actualMedianDays: 20,
          requirements: [{ name: 'Fotocopia de DPI' }],
        })
        .expect(201)
    ).body;
    const other = (await api().post('/api/v1/procedures').set(liaison).send({ code: 'EV-2', name: 'Registro sanitario' }).expect(201)).body;
    await scoring.recomputeInstitution(w.a.id);
    // procedure_updated: fee 75.00 → 0.00, prioritised off, actual days 20 → 12.
    const updated = (
      await api()
        .patch(`/api/v1/procedures/${proc.id}`)
        .set(liaison)
        .send({ version: proc.version, feeGtq: '0', prioritized: false, actualMedianDays: 12 })
        .expect(200)
    ).body;
    // requirement_added / requirement_changed / requirement_eliminated.
    const req = (
      await api().post(`/api/v1/procedures/${proc.id}/requirements`).set(liaison).send({ name: 'Constancia de RTU' }).expect(201)
    ).body;
    const renamed = (
      await api()
        .patch(`/api/v1/requirements/${req.id}`)
        .set(liaison)
        .send({ version: req.version, name: 'Constancia de RTU actualizada' })
        .expect(200)
    ).body;
    await api().post(`/api/v1/requirements/${req.id}/end`).set(liaison).send({ version: renamed.version }).expect(200);
    // level_validated (the Commission's act), then the score run sees the new level: score_changed, institution_score_changed.
    const analyst = { ...systemActor(), kind: 'user' as const, userId: w.analyst.id, role: 'analyst' as const };
    await db.run(Access.institution(analyst, w.a.id, 'test: validated level'), (tx) => applyValidatedLevel(tx, proc.id, 4));
    // An approved plan with a milestone overdue since June: the score run announces it missed.
    const oldPlan = await createPlan(w.t.dataSource, w.a.id, { status: 'approved', periodStart: '2026-01-01', periodEnd: '2026-12-31' });
    const overdue = await createMilestone(w.t.dataSource, oldPlan, { dueDate: '2026-06-30' });
    await scoring.recomputeInstitution(w.a.id);
    await scoring.recomputeInstitution(w.a.id); // a second run announces nothing twice
    // plan_approved and milestone_met.
    const plan = (
      await api()
        .post('/api/v1/plans')
        .set(liaison)
        .send({ title: 'Plan 2027', periodStart: '2027-01-01', periodEnd: '2027-12-31' })
        .expect(201)
    ).body;
    const milestone = (
      await api()
        .post(`/api/v1/plans/${plan.id}/milestones`)
        .set(liaison)
        .send({ kind: 'other', target: 'Formulario en línea', dueDate: '2027-03-31' })
        .expect(201)
    ).body;
    await api().post(`/api/v1/plans/${plan.id}/submit`).set(liaison).expect(200);
    await api().post(`/api/v1/plans/${plan.id}/approve`).set(w.as(w.analyst)).send({ approvalAct: 'Resolución 12-2026' }).expect(200);
    await api()
      .post(`/api/v1/milestones/${milestone.id}/complete`)
      .set(liaison)
      .send({ completedOn: todayInGuatemala(), evidence: 'https://ejemplo.gob.gt/formulario' })
      .expect(200);
    // report_submitted.
    await api()
      .post('/api/v1/progress-reports')
      .set(liaison)
      .send({ year: 2026, quarter: 3, content: 'Avances del tercer trimestre: formularios en línea.' })
      .expect(201);
    // procedure_merged, procedure_eliminated.
    const otherNow = (await api().get(`/api/v1/procedures/${other.id}`).set(liaison).expect(200)).body;
    const third = (await api().post('/api/v1/procedures').set(liaison).send({ code: 'EV-3', name: 'Permiso temporal' }).expect(201)).body;
    await api()
      .patch(`/api/v1/procedures/${third.id}`)
      .set(liaison)
      .send({ version: third.version, status: 'merged', mergedIntoId: other.id })
      .expect(200);
    await api().patch(`/api/v1/procedures/${other.id}`).set(liaison).send({ version: otherNow.version, status: 'eliminated' }).expect(200);
    // institution_created / institution_updated (administrators).
    const inst = (
      await api()
        .post('/api/v1/institutions')
        .set(w.as(w.admin))
        .send({ code: 'EVNT', name: 'Instituto de Eventos', type: 'ministry', coverage: 'bound' })
        .expect(201)
    ).body;
    await api()
      .patch(`/api/v1/institutions/${inst.id}`)
      .set(w.as(w.admin))
      .send({ version: inst.version, website: 'https://eventos.gob.gt' })
      .expect(200);

    const { items } = await feedFrom(start);
    const types = items.map((e) => e.type);
    expect(new Set(types)).toEqual(new Set(PUBLIC_EVENT_TYPES));
    const one = (type: string, extra: (e: Json) => boolean = () => true) => {
      const found = items.filter((e) => e.type === type && extra(e));
      expect({ type, count: found.length }).toEqual({ type, count: 1 });
      return found[0];
    };
    expect(one('procedure_updated', (e) => e.procedureCode === 'EV-1')).toMatchObject({
      institutionCode: w.a.code,
      subject: 'procedure',
      subjectId: proc.id,
      changes: expect.arrayContaining([
        { field: 'feeGtq', oldValue: '75.00', newValue: '0.00' },
        { field: 'prioritized', oldValue: true, newValue: false },
        { field: 'actualMedianDays', oldValue: 20, newValue: 12 },
      ]),
    });
    // The event's new value is the public API's representation of the field.
    expect((await feed(`/procedures/${w.a.code}/EV-1`).expect(200)).body.feeGtq).toBe('0.00');
    void updated;
    // Requirements created with their procedure are part of its creation: one requirement_added, the later one.
    expect(one('requirement_added')).toMatchObject({ requirementId: req.id, procedureCode: 'EV-1', changes: [] });
    expect(one('requirement_changed')).toMatchObject({
      changes: [{ field: 'name', oldValue: 'Constancia de RTU', newValue: 'Constancia de RTU actualizada' }],
    });
    expect(one('requirement_eliminated')).toMatchObject({ requirementId: req.id, requirementName: 'Constancia de RTU actualizada' });
    expect(one('level_validated')).toMatchObject({
      previousLevel: 0,
      level: 4,
      changes: [{ field: 'currentLevel', oldValue: 0, newValue: 4 }],
    });
    // The worker's debounced recomputes may score between the edits too: at least one change each, the last one checked.
    const some = (type: string, extra: (e: Json) => boolean = () => true) => {
      const found = items.filter((e) => e.type === type && extra(e));
      expect({ type, some: found.length > 0 }).toEqual({ type, some: true });
      return found[found.length - 1];
    };
    const score = some('score_changed', (e) => e.procedureCode === 'EV-1');
    expect(score.score).toMatch(/^\d+\.\d\d$/);
    expect(score.changes).toEqual([{ field: 'score', oldValue: score.previousScore, newValue: score.score }]);
    expect(some('institution_score_changed')).toMatchObject({
      procedureCode: null,
      subject: 'institution',
      subjectId: w.a.id,
      score: expect.stringMatching(/^\d+\.\d\d$/),
    });
    expect(one('milestone_missed')).toMatchObject({
      subject: 'milestone',
      subjectId: overdue.id,
      changes: [{ field: 'dueDate', oldValue: null, newValue: '2026-06-30' }],
    });
    expect(one('plan_approved')).toMatchObject({ subject: 'plan', subjectId: plan.id });
    expect(one('milestone_met')).toMatchObject({
      subjectId: milestone.id,
      changes: expect.arrayContaining([{ field: 'completedOn', oldValue: null, newValue: todayInGuatemala() }]),
    });
    expect(one('report_submitted').changes).toEqual(
      expect.arrayContaining([
        { field: 'year', oldValue: null, newValue: 2026 },
        { field: 'quarter', oldValue: null, newValue: 3 },
      ]),
    );
    expect(one('procedure_merged')).toMatchObject({ procedureCode: 'EV-3', mergedIntoProcedureCode: 'EV-2' });
    expect(one('procedure_eliminated')).toMatchObject({
      procedureCode: 'EV-2',
      changes: expect.arrayContaining([{ field: 'status', oldValue: 'active', newValue: 'eliminated' }]),
    });
    expect(one('institution_created')).toMatchObject({
      institutionCode: 'EVNT',
      changes: expect.arrayContaining([{ field: 'name', oldValue: null, newValue: 'Instituto de Eventos' }]),
    });
    expect(one('institution_updated')).toMatchObject({
      changes: [{ field: 'website', oldValue: null, newValue: 'https://eventos.gob.gt' }],
    });
    // Cursors strictly increase (no duplicate, in order); the types filter keeps the order and skips the rest.
    const keys = items.map((e) => JSON.parse(Buffer.from(e.cursor, 'base64url').toString()) as [number, number]);
    keys.slice(1).forEach((k, i) => expect(k[0] > keys[i][0] || (k[0] === keys[i][0] && k[1] > keys[i][1])).toBe(true));
    const filtered = (await feed(`/changes?limit=500&since=${start}&types=procedure_updated,score_changed`).expect(200)).body.items;
    expect(filtered.map((e: Json) => e.cursor)).toEqual(
      items.filter((e) => ['procedure_updated', 'score_changed'].includes(e.type)).map((e) => e.cursor),
    );
    expect((await feed('/changes?types=everything').expect(400)).body.code).toBe('VALIDATION_FAILED');

    // The webhook receives every type, signed with the subscription's secret, each event once.
    await waitFor(() => new Set(received.map((r) => JSON.parse(r.body).type)).size === PUBLIC_EVENT_TYPES.length);
    await waitFor(() => received.length >= items.length);
    const bodies = received.map((r) => JSON.parse(r.body));
    // Each event once, none missing; the score run the edits triggered may add later events, which the feed has too.
    const ids = bodies.map((b) => b.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(items.map((e) => e.cursor)));
    const feedNow = (await feed(`/changes?limit=500&since=${start}`).expect(200)).body.items.map((e: Json) => e.cursor);
    expect(feedNow).toEqual(expect.arrayContaining(ids));
    for (const r of received) {
      const ts = String(r.headers['x-simplifica-timestamp']);
      expect(r.headers['x-simplifica-signature']).toBe(
        `sha256=${createHmac('sha256', subscription.secret).update(`${ts}.${r.body}`).digest('hex')}`,
      );
    }
    expect(bodies.find((b) => b.type === 'procedure_updated').data.changes).toEqual(
      expect.arrayContaining([{ field: 'feeGtq', oldValue: '75.00', newValue: '0.00' }]),
    );
  });

  it('sends a test event, replays a delivery by id, and cancels pending deliveries when a subscription is deactivated or deleted', async () => {
    const sent = await api().post(`/api/public/v1/webhooks/${subscription.id}/test`).set('X-API-Key', key).expect(202);
    expect(sent.body).toMatchObject({ eventType: 'webhook_test', status: 'pending' });
    await waitFor(() => received.some((r) => JSON.parse(r.body).type === 'webhook_test'));
    const log = async () =>
      (await api().get(`/api/public/v1/webhooks/${subscription.id}/deliveries`).set('X-API-Key', key).expect(200)).body as Json[];
    await waitFor(async () => (await log()).find((d) => d.id === sent.body.id)?.status === 'delivered');
    // Replay of a delivered event: the same body (same event id), sent again.
    const target = (await log()).find((d) => d.eventType === 'procedure_updated')!;
    const copies = () => received.filter((r) => JSON.parse(r.body).id === target.eventCursor).length;
    const before = copies();
    const replayed = await api()
      .post(`/api/public/v1/webhooks/${subscription.id}/deliveries/${target.id}/replay`)
      .set('X-API-Key', key)
      .expect(202);
    expect(replayed.body).toMatchObject({ id: target.id, status: 'pending', attempts: 0 });
    await waitFor(() => copies() === before + 1);
    await api().post(`/api/public/v1/webhooks/${subscription.id}/deliveries/999999999/replay`).set('X-API-Key', key).expect(404);
    // Another partner cannot test or replay this subscription.
    const stranger = (
      await api()
        .post('/api/v1/partner-api-keys')
        .set(w.as(w.admin))
        .send({ name: 'Otro socio', scopes: ['webhooks:manage'], rateLimitPerMinute: 100 })
    ).body.key;
    await api().post(`/api/public/v1/webhooks/${subscription.id}/test`).set('X-API-Key', stranger).expect(404);

    // A subscription whose deliveries are pending (a receiver that is not there) is deactivated: they are cancelled.
    const dead = (
      await api()
        .post('/api/public/v1/webhooks')
        .set('X-API-Key', key)
        .send({ url: 'http://127.0.0.1:9/nadie', events: ['procedure_updated'] })
        .expect(201)
    ).body;
    await w.t.dataSource.query(
      `INSERT INTO webhook_deliveries (subscription_id, event_type, event_cursor, payload) VALUES ($1, 'procedure_updated', 'x1', '{}'), ($1, 'procedure_updated', 'x2', '{}')`,
      [dead.id],
    );
    await api().post(`/api/public/v1/webhooks/${dead.id}/deactivate`).set('X-API-Key', key).expect(200);
    const deadLog = (await api().get(`/api/public/v1/webhooks/${dead.id}/deliveries`).set('X-API-Key', key).expect(200)).body as Json[];
    expect(deadLog.map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
    await api().post(`/api/public/v1/webhooks/${dead.id}/test`).set('X-API-Key', key).expect(409);
    // Deleting one cancels and removes its log with it.
    await api().delete(`/api/public/v1/webhooks/${dead.id}`).set('X-API-Key', key).expect(204);
    expect(
      (await w.t.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1`, [dead.id]))[0].n,
    ).toBe(0);
    expect((await api().get('/api/public/v1/webhooks').set('X-API-Key', key).expect(200)).body.map((s: Json) => s.id)).not.toContain(
      dead.id,
    );
    await api().delete(`/api/public/v1/webhooks/${dead.id}`).set('X-API-Key', key).expect(404);
  });
});
