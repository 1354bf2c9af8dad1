/**
 * Scale-out, proven with failures (npm run test:chaos; .ci/run calls it after npm test).
 *
 * Two API processes and two workers of the compiled build (scripts/scale-out.ts, the same launcher people use) over
 * ONE PostgreSQL and ONE Redis that this suite starts itself, from the Debian binaries, on spare ports in a temp
 * directory (test/chaos/private-services.ts): the tests kill and restart them, so they must never be the shared ones.
 * Mail goes to the test SMTP listener (test/helpers/smtp-listener.ts), which counts every message per recipient.
 *
 * Each scenario prints what it measured; the README's "Escalar" section quotes those figures.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job, Queue } from 'bullmq';
import { Pool } from 'pg';
import { Cluster, ClusterProcess } from '../../scripts/scale-out';
import { DEMO_PASSWORD } from '../../src/demo/people';
import { deliveryJobs } from '../../src/modules/notifications/reminder-evaluator';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { startSmtpListener, SmtpListener } from '../helpers/smtp-listener';
import { PrivatePostgres, PrivateRedis } from './private-services';

const API_PORT = Number(process.env.CHAOS_API_PORT ?? 4160);
const PG_PORT = Number(process.env.CHAOS_PG_PORT ?? 4170);
const REDIS_PORT = Number(process.env.CHAOS_REDIS_PORT ?? 4171);
const DB = 'simplifica_chaos';
const PREFIX = 'chaos';
const LOAD_INSTITUTIONS = Number(process.env.CHAOS_INSTITUTIONS ?? 200);
const PROCEDURES_PER_INSTITUTION = 150;
const MAIL_COUNT = 2000;
const CONCURRENCY = 5;
const MAIL_DOMAIN = 'carga.simplifica.test';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (m: string) => process.stdout.write(`[caos] ${m}\n`);
const figures: Record<string, unknown> = {};
const transportResets = { count: 0 };

let dir: string;
let pg: PrivatePostgres;
let redis: PrivateRedis;
let smtp: SmtpListener;
let cluster: Cluster;
let sql: Pool;
let queues: Record<'scoring' | 'mail' | 'maintenance', Queue>;
let adminToken: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await sql.query(text, params)).rows as T[];
const api = (n: 1 | 2) => `http://127.0.0.1:${API_PORT + n - 1}`;

async function http(
  url: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<{ status: number; body: string; headers: Headers; ms: number }> {
  const started = Date.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 15_000) });
    const body = await res.text();
    return { status: res.status, body, headers: res.headers, ms: Date.now() - started };
  } catch (e) {
    // no answer (timeout, connection refused or reset): the body says why
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      body: `${(e as Error).message} ${cause?.code ?? cause?.message ?? ''}`,
      headers: new Headers(),
      ms: Date.now() - started,
    };
  }
}

const json = (token?: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
  ...extra,
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs: number, everyMs = 200): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`Tiempo agotado esperando: ${what}`);
    await sleep(everyMs);
  }
}

const pidOfWorkerName = (name: string | undefined) =>
  Number(
    String(name ?? '')
      .split(':')
      .pop(),
  );
const workerByPid = (pid: number): ClusterProcess | undefined =>
  cluster.workers.find((w) => w.child.pid === pid && w.child.exitCode === null && w.child.signalCode === null);

/** Seeds the load: institutions with procedures and requirements (national recompute), and recipients for 2,000 e-mails. */
async function seedLoad(): Promise<void> {
  await q(
    `INSERT INTO institutions (code, name, type, coverage, sector)
     SELECT 'CHX' || lpad(g::text, 4, '0'), 'Institución de carga ' || g, 'ministry', 'bound', 'Carga' FROM generate_series(1, $1) g`,
    [LOAD_INSTITUTIONS],
  );
  await q(
    `INSERT INTO procedures (institution_id, code, name, description, legal_basis, fee_gtq, legal_max_days, actual_median_days, annual_volume,
       in_person_visits, current_level, target_level, forms_url, forms_free, last_reviewed_at, foreign_trade, prioritized,
       baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
     SELECT i.id, 'P-' || g, 'Trámite de carga ' || g, 'Descripción', 'Ley ' || g, (g % 50) * 10,
            CASE WHEN g % 7 = 0 THEN NULL ELSE 10 + g % 40 END, 5 + (g * 7) % 90, 100 + (g * 37) % 5000, g % 4, g % 6, 4,
            CASE WHEN g % 2 = 0 THEN 'https://x.gob.gt/f' END, g % 2 = 0, CURRENT_DATE - ((g * 13) % 500), g % 5 = 0, g % 9 = 0,
            '2022-01-01', 12, 30 + g % 90, 2 + g % 3, (g % 50) * 12
       FROM institutions i CROSS JOIN generate_series(1, $1) g WHERE i.code LIKE 'CHX%'`,
    [PROCEDURES_PER_INSTITUTION],
  );
  await q(
    `INSERT INTO requirements (institution_id, procedure_id, name, legal_basis_type, prohibited, effective_from, status)
     SELECT p.institution_id, p.id, 'Requisito ' || g, (ARRAY['law','government_agreement','other_rule','none']::requirement_legal_basis_type[])[1 + g % 4],
            false, '2021-09-01', 'active'
       FROM procedures p JOIN institutions i ON i.id = p.institution_id AND i.code LIKE 'CHX%' CROSS JOIN generate_series(1, 5) g`,
  );
  await q(
    `INSERT INTO users (email, name, role, institution_id, status)
     SELECT 'destinatario' || g || '@${MAIL_DOMAIN}', 'Destinatario ' || g, 'liaison', (SELECT id FROM institutions WHERE code = 'CHX0001'), 'active'
       FROM generate_series(1, $1) g`,
    [MAIL_COUNT],
  );
  await q('ANALYZE');
}

/** `count` pending score-drop reminders to distinct load recipients (from `first`), queued as the product queues them. */
async function queueMails(first: number, count: number, tag: string): Promise<string[]> {
  const rows = await q<{ id: string }>(
    `INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, reason, mandatory, delivery,
                                days_until_due, evaluated_on, payload)
     SELECT u.institution_id, r.id, 'score_drop', 'institution_score', u.institution_id, CURRENT_DATE, $3, u.id, 'liaison', false, 'immediate', 0, CURRENT_DATE,
            jsonb_build_object('institutionName', 'Institución de carga 1', 'item', 'Calificación institucional', 'path', '/app',
                               'previousScore', '80', 'score', '60', 'drop', '20')
       FROM users u CROSS JOIN reminder_rules r
      WHERE r.code = 'score-drop' AND u.email LIKE 'destinatario%@${MAIL_DOMAIN}'
        AND substring(u.email from 'destinatario(\\d+)@')::int BETWEEN $1 AND $1 + $2 - 1
     RETURNING id`,
    [first, count, tag],
  );
  // As ReminderEvaluator.enqueuePending does: one job per batch of rows, its id derived from the rows, the reminders' retry policy.
  for (let i = 0; i < rows.length; i += 500) {
    await queues.mail.addBulk(
      deliveryJobs(rows.slice(i, i + 500).map((r) => r.id)).map((j) => ({
        name: 'deliver-notifications',
        data: j.payload,
        opts: {
          jobId: j.jobId,
          attempts: 5,
          backoff: { type: 'exponential', delay: 2000 },
          removeOnComplete: { age: 86400, count: 10000 },
        },
      })),
    );
  }
  return rows.map((r) => r.id);
}

/** Messages the listener got per load recipient. */
function deliveries(): Map<string, number> {
  const per = new Map<string, number>();
  for (const m of smtp.mails) for (const to of m.to) if (to.endsWith(`@${MAIL_DOMAIN}`)) per.set(to, (per.get(to) ?? 0) + 1);
  return per;
}

async function outboxStatus(ids: string[]): Promise<Record<string, number>> {
  const rows = await q<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM notifications WHERE id = ANY($1::uuid[]) GROUP BY status`,
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Requests in a loop against both APIs until stopped: what each answered, and when. */
function startLoad(paths: Array<{ name: string; path: string; token?: boolean }>): {
  stop: () => Promise<Array<{ at: number; name: string; api: number; status: number; ms: number; error?: string }>>;
} {
  const results: Array<{ at: number; name: string; api: number; status: number; ms: number; error?: string }> = [];
  let running = true;
  const loops = paths.flatMap((p) =>
    ([1, 2] as const).map(async (n) => {
      while (running) {
        const at = Date.now();
        let r = await http(`${api(n)}${p.path}`, { headers: p.token ? json(adminToken) : {}, timeoutMs: 10_000 });
        if (r.status === 0 && r.body.includes('UND_ERR_SOCKET')) {
          // The server closed a kept-alive connection as the client reused it (an HTTP/1.1 race every client retries
          // an idempotent GET on); counted, and the retry's answer is what counts.
          transportResets.count += 1;
          r = await http(`${api(n)}${p.path}`, { headers: p.token ? json(adminToken) : {}, timeoutMs: 10_000 });
        }
        results.push({
          at,
          name: p.name,
          api: n,
          status: r.status,
          ms: r.ms,
          ...(r.status === 0 || (r.status >= 500 && r.status !== 503) ? { error: r.body.slice(0, 300) } : {}),
        });
        await sleep(25);
      }
    }),
  );
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return results;
    },
  };
}

const LOAD = [
  { name: 'pública (Redis)', path: '/api/public/v1/institutions?limit=50' },
  { name: 'autenticada (PostgreSQL)', path: '/api/v1/institutions?pageSize=20', token: true },
  { name: 'salud', path: '/health' },
];

/** Per request kind: status counts, the longest answer, and when each API answered 200 again after `from`. */
function summarise(results: Awaited<ReturnType<ReturnType<typeof startLoad>['stop']>>, from: number) {
  const byName: Record<string, { statuses: Record<string, number>; maxMs: number; recoveredAfterMs: Record<string, number | null> }> = {};
  for (const r of results) {
    const s = (byName[r.name] ??= { statuses: {}, maxMs: 0, recoveredAfterMs: {} });
    s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
    s.maxMs = Math.max(s.maxMs, r.ms);
  }
  for (const name of Object.keys(byName)) {
    for (const n of [1, 2]) {
      const mine = results.filter((r) => r.name === name && r.api === n && r.at >= from);
      const lastBad = mine
        .filter((r) => r.status !== 200 && r.status !== 304)
        .map((r) => r.at + r.ms)
        .pop();
      byName[name].recoveredAfterMs[`api-${n}`] = lastBad === undefined ? 0 : lastBad - from;
    }
  }
  return byName;
}

/**
 * Scheduler ticks of the maintenance schedule (every 2 s here) found in Redis. A tick's job id is
 * `repeat:<scheduler>:<tick time>`: two jobs for one tick time, or a finished job started more often than it finished
 * attempts (taken over after a stall although it had run), would be a tick run twice.
 */
async function schedulerTicks(): Promise<{ ticks: number; duplicateTicks: number; startedTwice: string[]; retriedAfterFailure: number }> {
  const jobs = (await queues.maintenance.getJobs(['completed', 'failed', 'active', 'wait', 'delayed', 'prioritized'], 0, -1)).filter(
    (j): j is Job => !!j,
  );
  const purge = jobs.filter((j) => j.name === 'purge-expired-tokens' && String(j.id).startsWith('repeat:'));
  const perTick = new Map<string, number>();
  for (const j of purge) {
    const tick = String(j.id).split(':').pop()!;
    perTick.set(tick, (perTick.get(tick) ?? 0) + 1);
  }
  const finished = purge.filter((j) => j.finishedOn);
  return {
    ticks: perTick.size,
    duplicateTicks: [...perTick.values()].filter((n) => n > 1).length,
    // (a tick running on a worker killed by an earlier scenario is rightly taken over and run again: compare before/after)
    startedTwice: finished.filter((j) => (j.attemptsStarted ?? 0) > (j.attemptsMade ?? 0)).map((j) => String(j.id)),
    retriedAfterFailure: finished.filter((j) => (j.attemptsMade ?? 0) > 1).length,
  };
}

beforeAll(async () => {
  const t0 = Date.now();
  dir = mkdtempSync(join(tmpdir(), 'simplifica-chaos-'));
  pg = new PrivatePostgres(dir, PG_PORT);
  redis = new PrivateRedis(join(dir, 'redis'), REDIS_PORT);
  await pg.init();
  await redis.start();
  smtp = await startSmtpListener({ parse: false });

  const host = `127.0.0.1:${PG_PORT}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    ENV_FILE: '.env.chaos-does-not-exist',
    LOG_LEVEL: 'info',
    DATABASE_URL: `postgres://simplifica_app:simplifica_app@${host}/${DB}`,
    DATABASE_MIGRATION_URL: `postgres://simplifica_owner:simplifica_owner@${host}/${DB}`,
    DATABASE_ADMIN_URL: pg.adminUrl,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: PREFIX,
    SMTP_URL: smtp.url,
    JWT_SECRET: 'chaos-secret-chaos-secret-chaos-secret-0123456789',
    DATA_ENCRYPTION_KEY: 'c4a05c4a05c4a05c4a05c4a05c4a05c4a05c4a05c4a05c4a05c4a05c4a05c4a0',
    WORKER_CONCURRENCY: String(CONCURRENCY),
    MAINTENANCE_CRON: '*/4 * * * * *',
    // The daily schedules never fire during a run (29 February at midnight): the reminders' evaluation at 06:00 in
    // Guatemala once mailed the load institution's liaisons in the middle of the PostgreSQL restart, and the e-mail
    // counts took them for the batch's; the nightly recompute would overlap the national run's kill.
    REMINDERS_CRON: '0 0 29 2 *',
    SCORING_CRON: '0 0 29 2 *',
    REMINDERS_RETRY_DELAY_MS: '2000',
    PUBLIC_API_RATE_LIMIT_PER_MINUTE: '1000000',
    PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_MAX_ATTEMPTS_PER_IP: '1000',
    APP_PUBLIC_URL: 'https://simplifica.test',
  };
  Object.assign(process.env, env);
  const { resetEnvCache } = await import('../../src/config/load-env');
  resetEnvCache();
  const { bootstrapDatabase } = await import('../../scripts/db-bootstrap');
  const { runMigrations } = await import('../helpers/migrations');
  const { seed } = await import('../../scripts/seed');
  await bootstrapDatabase({ recreate: true, log: () => undefined });
  await runMigrations();
  await seed();
  sql = new Pool({ connectionString: `postgres://postgres@${host}/${DB}`, max: 4 });
  sql.on('error', () => undefined); // the PostgreSQL restart ends idle connections; the pool replaces them
  await seedLoad();
  say(`servicios privados (PostgreSQL :${PG_PORT}, Redis :${REDIS_PORT} con AOF), base migrada y cargada en ${Date.now() - t0} ms`);

  const connection = { host: '127.0.0.1', port: REDIS_PORT, maxRetriesPerRequest: null };
  queues = {
    scoring: new Queue('scoring', { connection, prefix: PREFIX }),
    mail: new Queue('mail', { connection, prefix: PREFIX }),
    maintenance: new Queue('maintenance', { connection, prefix: PREFIX }),
  };
  for (const queue of Object.values(queues)) queue.on('error', () => undefined);

  const t1 = Date.now();
  cluster = await Cluster.start({ apis: 2, workers: 2, basePort: API_PORT, env, logDir: join(dir, 'logs') });
  say(`2 API + 2 workers (dist/) listos en ${Date.now() - t1} ms; registros en ${join(dir, 'logs')}`);
  // The first worker to boot found no national figures for today and queued a full run: let it finish.
  const today = todayInGuatemala();
  await waitFor(
    'el cálculo inicial de puntajes',
    async () => (await q(`SELECT 1 FROM score_snapshots WHERE scope = 'national' AND snapshot_date = $1`, [today])).length > 0,
    240_000,
    500,
  );
  const login = await http(`${api(1)}/api/v1/auth/login`, {
    method: 'POST',
    headers: json(),
    body: JSON.stringify({ email: 'admin@demo.simplifica.gt', password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  adminToken = (JSON.parse(login.body) as { accessToken: string }).accessToken;
}, 600_000);

afterAll(async () => {
  const all = { ...figures, keptAliveConnectionResetsRetried: transportResets.count };
  say(`cifras medidas:\n${JSON.stringify(all, null, 2)}`);
  mkdirSync(join(__dirname, '../../.data'), { recursive: true });
  writeFileSync(join(__dirname, '../../.data/chaos-figures.json'), `${JSON.stringify(all, null, 2)}\n`);
  await cluster?.stop();
  await Promise.all(Object.values(queues ?? {}).map((queue) => queue.close().catch(() => undefined)));
  await sql?.end().catch(() => undefined);
  await smtp?.close();
  await redis?.kill();
  await pg?.destroy();
  if (dir && !process.env.CHAOS_KEEP) rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe('two APIs and two workers over one PostgreSQL and one Redis', () => {
  it('gives the same answers from either API, before and after a write made through the other', async () => {
    const [inst] = await q<{ id: string; code: string }>(`SELECT id, code FROM institutions WHERE code = 'CHX0002'`);
    const paths = [
      '/api/public/v1/institutions?limit=100',
      `/api/public/v1/institutions/${inst.code}`,
      '/api/public/v1/ranking',
      '/api/public/v1/indicators',
      '/api/public/v1/procedures?limit=50',
      '/api/public/v1/methodology',
    ];
    const started = Date.now();
    let requests = 0;
    // Both APIs at once, every path; the same data version must give the same ETag and the same bytes.
    // (A background job may move the data between the two requests of a pair: then both ETags change and the pair is
    // asked again.)
    const pair = async (p: string) => {
      for (let attempt = 0; ; attempt++) {
        const [a, b] = await Promise.all([http(`${api(1)}${p}`), http(`${api(2)}${p}`)]);
        requests += 2;
        if (a.headers.get('etag') === b.headers.get('etag') || attempt === 3) return { p, a, b };
      }
    };
    const compare = async () => {
      // Five rounds, one after the other; within a round every path from both APIs at once (12 requests in flight).
      const rounds: Array<Awaited<ReturnType<typeof pair>>> = [];
      for (let round = 0; round < 5; round++) rounds.push(...(await Promise.all(paths.map(pair))));
      for (const { p, a, b } of rounds) {
        expect({ p, status: a.status }).toEqual({ p, status: 200 });
        expect({ p, status: b.status }).toEqual({ p, status: 200 });
        expect({ p, etag: b.headers.get('etag') }).toEqual({ p, etag: a.headers.get('etag') });
        if (a.body !== b.body) {
          const at = [...a.body].findIndex((ch, i) => ch !== b.body[i]);
          throw new Error(
            `${p}: mismo cuerpo esperado con la misma ETag desde el carácter ${at}:\n  API 1: …${a.body.slice(Math.max(0, at - 80), at + 120)}\n  API 2: …${b.body.slice(Math.max(0, at - 80), at + 120)}`,
          );
        }
      }
      // A validator from one API is honoured by the other (one data version, kept in Redis).
      const first = await http(`${api(1)}${paths[0]}`);
      expect((await http(`${api(2)}${paths[0]}`, { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
    };
    /** Until the scoring jobs a write queued (debounced recompute of its institution, then the nation) are done. */
    const settled = () =>
      waitFor(
        'los recálculos pendientes',
        async () => {
          const pending = await queues.scoring.getJobs(['waiting', 'delayed', 'active', 'prioritized'], 0, -1);
          // The schedulers' next ticks (nightly run, retention) always wait as delayed jobs: not pending work.
          return pending.filter((j) => j && !String(j.id).startsWith('repeat:')).length === 0;
        },
        120_000,
        250,
      );
    await settled();
    await compare();

    // A write through API 1 is what API 2 serves next (no replica keeps the old body or ETag).
    const before = await http(`${api(2)}/api/public/v1/institutions/${inst.code}`);
    const [{ version }] = await q<{ version: number }>(`SELECT version FROM institutions WHERE id = $1`, [inst.id]);
    const patch = await http(`${api(1)}/api/v1/institutions/${inst.id}`, {
      method: 'PATCH',
      headers: json(adminToken),
      body: JSON.stringify({ name: 'Institución de carga 2 (renombrada)', version }),
    });
    expect(patch.status).toBe(200);
    const after = await http(`${api(2)}/api/public/v1/institutions/${inst.code}`);
    expect(after.body).toContain('Institución de carga 2 (renombrada)');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    await sleep(2000); // the debounce window (SCORE_DEBOUNCE_MS) before the recompute the write queued
    await settled();
    await compare();
    figures.spread = { requests, ms: Date.now() - started, identical: true };
  });

  it('refuses a partner key on one API as soon as it is revoked on the other', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [on, other] = i % 2 === 0 ? ([1, 2] as const) : ([2, 1] as const);
      const created = await http(`${api(on)}/api/v1/partner-api-keys`, {
        method: 'POST',
        headers: json(adminToken),
        body: JSON.stringify({ name: `Socio de caos ${i}`, scopes: ['public:read'], rateLimitPerMinute: 100000 }),
      });
      expect(created.status).toBe(201);
      const { id, key } = JSON.parse(created.body) as { id: string; key: string };
      // Both APIs have accepted (and cached their verdict on) the key.
      for (const n of [1, 2] as const)
        expect((await http(`${api(n)}/api/public/v1/methodology`, { headers: { 'x-api-key': key } })).status).toBe(200);
      const revoked = await http(`${api(on)}/api/v1/partner-api-keys/${id}/revoke`, { method: 'POST', headers: json(adminToken) });
      expect(revoked.status).toBe(200);
      const t = Date.now();
      const refused = await http(`${api(other)}/api/public/v1/methodology`, { headers: { 'x-api-key': key } });
      latencies.push(Date.now() - t);
      expect({ i, status: refused.status }).toEqual({ i, status: 401 });
      expect((await http(`${api(on)}/api/public/v1/methodology`, { headers: { 'x-api-key': key } })).status).toBe(401);
    }
    figures.revocation = { keys: 10, refusedOnTheOtherApiAtOnce: 10, maxRefusalMs: Math.max(...latencies) };
  });

  it('kill -9 of the worker running the national recompute: no half-written snapshot, the other worker finishes the run', async () => {
    const today = todayInGuatemala();
    await q(`DELETE FROM score_snapshots WHERE snapshot_date = $1`, [today]);
    const [{ n: activeInstitutions }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM institutions WHERE active`);
    const job = await queues.scoring.add(
      'recompute-all-scores',
      {},
      { deduplication: { id: 'score:all' }, attempts: 5, backoff: { type: 'exponential', delay: 2000 } },
    );
    const started = Date.now();
    // Wait until a worker has taken it and is part-way through the institutions.
    const running = await waitFor(
      'el recálculo en curso',
      async () => {
        const j = await queues.scoring.getJob(job.id!);
        return j && j.processedBy && typeof j.progress === 'number' && j.progress >= 5 ? j : null;
      },
      120_000,
      20,
    );
    const victim = workerByPid(pidOfWorkerName(running.processedBy));
    expect(victim).toBeDefined();
    await cluster.kill(victim!.name, 'SIGKILL');
    const killedAt = Date.now();
    const progressAtKill = running.progress as number;
    expect(await queues.scoring.getJob(job.id!).then((j) => j?.finishedOn)).toBeFalsy();

    // Right after the kill: every institution is either fully written for today or not at all, and no national figure.
    const consistency = async () =>
      q<{ institution: string; procedures: number; active: number; has_institution: boolean }>(
        `SELECT i.code AS institution,
              (SELECT count(*)::int FROM score_snapshots s WHERE s.scope = 'procedure' AND s.institution_id = i.id AND s.snapshot_date = $1) AS procedures,
              (SELECT count(*)::int FROM procedures p WHERE p.institution_id = i.id AND p.status = 'active') AS active,
              EXISTS (SELECT 1 FROM score_snapshots s WHERE s.scope = 'institution' AND s.subject_id = i.id AND s.snapshot_date = $1) AS has_institution
         FROM institutions i WHERE i.active`,
        [today],
      );
    const atKill = await consistency();
    const half = atKill.filter((r) => (r.has_institution ? r.procedures !== r.active : r.procedures !== 0));
    expect(half).toEqual([]);
    const writtenAtKill = atKill.filter((r) => r.has_institution).length;
    expect(writtenAtKill).toBeLessThan(activeInstitutions);
    expect(await q(`SELECT 1 FROM score_snapshots WHERE scope = 'national' AND snapshot_date = $1`, [today])).toEqual([]);

    // The other worker takes the job over once its lock expires (BullMQ stalled-job check) and finishes it.
    const done = await waitFor(
      'el recálculo terminado por el otro worker',
      async () => {
        const j = await queues.scoring.getJob(job.id!);
        return j?.finishedOn ? j : null;
      },
      150_000,
      250,
    );
    expect(done.failedReason).toBeFalsy();
    expect(pidOfWorkerName(done.processedBy)).not.toBe(victim!.child.pid);
    const finished = await consistency();
    expect(finished.filter((r) => !r.has_institution || r.procedures !== r.active)).toEqual([]);
    const [national] = await q<{ institutions: number }>(
      `SELECT (components->>'institutions')::int AS institutions FROM score_snapshots WHERE scope = 'national' AND snapshot_date = $1`,
      [today],
    );
    expect(national).toBeDefined();
    figures.nationalRecomputeKill = {
      institutions: activeInstitutions,
      procedures: finished.reduce((s, r) => s + r.active, 0),
      progressAtKillPercent: progressAtKill,
      institutionsWrittenAtKill: writtenAtKill,
      halfWrittenAtKill: half.length,
      takeoverAfterKillMs: (done.processedOn ?? 0) - killedAt,
      finishedAfterKillMs: (done.finishedOn ?? 0) - killedAt,
      totalMs: (done.finishedOn ?? 0) - started,
      attemptsStarted: done.attemptsStarted,
    };
    await cluster.startWorker(Number(victim!.name.split('-')[1]));
  }, 400_000);

  it('kill -9 of a worker in the middle of a 2,000-e-mail delivery: none lost, duplicates only within the at-least-once window', async () => {
    smtp.mails.length = 0;
    const started = Date.now();
    const ids = await queueMails(1, MAIL_COUNT, 'chaos-kill');
    expect(ids).toHaveLength(MAIL_COUNT);
    await waitFor('las primeras 400 entregas', async () => deliveries().size >= 400, 120_000, 10);
    const victim = cluster.workers.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
    const active = (await queues.mail.getActive()).filter((j) => pidOfWorkerName(j.processedBy) === victim.child.pid).length;
    await cluster.kill(victim.name, 'SIGKILL');
    const killedAt = Date.now();
    const deliveredAtKill = deliveries().size;
    expect(deliveredAtKill).toBeLessThan(MAIL_COUNT);

    await waitFor('las 2.000 filas enviadas', async () => (await outboxStatus(ids)).sent === MAIL_COUNT, 240_000, 500);
    const per = deliveries();
    const duplicates = [...per.values()].reduce((s, n) => s + n - 1, 0);
    expect(per.size).toBe(MAIL_COUNT);
    expect(await outboxStatus(ids)).toEqual({ sent: MAIL_COUNT });
    // At-least-once: only messages accepted by SMTP whose "sent" had not committed when the process died may go twice:
    // at most one per SMTP connection of the killed worker (WORKER_CONCURRENCY): a message stays in its slot until recorded.
    expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
    figures.mailKill = {
      emails: MAIL_COUNT,
      deliveredAtKill,
      activeJobsOnKilledWorker: active,
      lost: MAIL_COUNT - per.size,
      duplicates,
      finishedAfterKillMs: Date.now() - killedAt,
      totalMs: Date.now() - started,
    };
    await cluster.startWorker(Number(victim.name.split('-')[1]));
  }, 400_000);

  it('Redis restarted under load: 503 on what needs Redis, recovery by itself, no job lost, no scheduled tick twice', async () => {
    smtp.mails.length = 0;
    const ticksBefore = await schedulerTicks();
    const load = startLoad(LOAD);
    await sleep(1500);
    const ids = await queueMails(1, 300, 'chaos-redis');
    await sleep(300);
    const [inst] = await q<{ id: string; code: string; version: number }>(
      `SELECT id, code, version FROM institutions WHERE code = 'CHX0003'`,
    );
    const down = Date.now();
    await redis.kill();
    await sleep(500);
    // A write while Redis is down: it commits in PostgreSQL and answers within the effects' bounded wait
    // (EFFECTS_WAIT_MS); its effects (score recompute job, public data version) wait for Redis, so they are not lost.
    const writeAt = Date.now();
    const write = http(`${api(1)}/api/v1/institutions/${inst.id}`, {
      method: 'PATCH',
      headers: json(adminToken),
      body: JSON.stringify({ name: 'Institución de carga 3 (escrita sin Redis)', version: inst.version }),
      timeoutMs: 60_000,
    }).then((r) => ({ ...r, answeredAt: Date.now() }));
    await sleep(5000); // longer than the write's bounded wait for its effects (3 s), with room for a loaded machine
    const restarting = Date.now(); // until here Redis is certainly down
    await redis.start();
    const up = Date.now();
    await waitFor(
      'las dos API de nuevo sanas',
      async () => {
        const [a, b] = await Promise.all([
          http(`${api(1)}/api/public/v1/institutions?limit=50`),
          http(`${api(2)}/api/public/v1/institutions?limit=50`),
        ]);
        return a.status === 200 && b.status === 200;
      },
      60_000,
      100,
    );
    const recovered = Date.now();
    const written = await write;
    expect(written.status).toBe(200);
    // It did not wait for Redis to come back (before, it hung until the restart).
    expect(written.answeredAt).toBeLessThan(up);
    // Its recompute ran, and both APIs serve the new name (the version bump was not lost).
    await waitFor(
      'el recálculo pedido por la escritura sin Redis',
      async () =>
        (
          await q(
            `SELECT 1 FROM score_snapshots WHERE scope = 'institution' AND subject_id = $1 AND computed_at > to_timestamp($2 / 1000.0)`,
            [inst.id, writeAt],
          )
        ).length > 0,
      60_000,
      500,
    );
    for (const n of [1, 2] as const) {
      await waitFor(
        `API ${n} sirve el nombre nuevo`,
        async () => (await http(`${api(n)}/api/public/v1/institutions/${inst.code}`)).body.includes('escrita sin Redis'),
        10_000,
        200,
      );
    }
    await sleep(2000);
    const results = await load.stop();
    const summary = summarise(results, up);
    const during = results.filter((r) => r.at >= down + 200 && r.at + r.ms <= restarting);
    const publicDuring = during.filter((r) => r.name === 'pública (Redis)');
    expect(publicDuring.length).toBeGreaterThan(0);
    expect(new Set(publicDuring.map((r) => r.status))).toEqual(new Set([503]));
    expect(results.filter((r) => r.status === 500 || r.status === 0)).toEqual([]);

    await waitFor('los 300 correos encolados antes del reinicio', async () => (await outboxStatus(ids)).sent === 300, 120_000, 500);
    const per = deliveries();
    expect(per.size).toBe(300);
    // At-least-once window: a delivery in flight when the dependency went away may go twice (one per running job).
    expect([...per.values()].reduce((s, n) => s + n - 1, 0)).toBeLessThanOrEqual(2 * CONCURRENCY);
    await sleep(8500); // two more ticks after the restart
    const ticks = await schedulerTicks();
    expect(ticks.ticks).toBeGreaterThan(ticksBefore.ticks);
    expect(ticks.duplicateTicks).toBe(0);
    expect(ticks.startedTwice.filter((id) => !ticksBefore.startedTwice.includes(id))).toEqual([]);
    figures.redisRestart = {
      outageMs: up - down,
      writeDuringOutage: { status: written.status, answeredAfterMs: written.ms, answeredAfterRestartMs: writeAt + written.ms - up },
      apisHealthyAfterRestartMs: recovered - up,
      requests: results.length,
      byKind: summary,
      emailsQueuedBefore: 300,
      emailsLost: 300 - per.size,
      emailDuplicates: [...per.values()].reduce((s, n) => s + n - 1, 0),
      schedulerTicks: {
        ...ticks,
        startedTwice: ticks.startedTwice.length - ticksBefore.startedTwice.length,
        takenOverAfterEarlierKills: ticksBefore.startedTwice.length,
      },
    };
  }, 300_000);

  it('PostgreSQL restarted under load: 503 on what needs PostgreSQL, recovery by itself, no job lost, no scheduled tick twice', async () => {
    smtp.mails.length = 0;
    const ticksBefore = await schedulerTicks();
    const load = startLoad(LOAD);
    await sleep(1500);
    const ids = await queueMails(301, 300, 'chaos-pg');
    await sleep(300);
    const down = Date.now();
    await pg.stop('immediate'); // a crash: no checkpoint, recovery at the next start
    await sleep(4000);
    const restarting = Date.now(); // until here PostgreSQL is certainly down (pg_ctl start returns a moment after it accepts)
    await pg.start();
    const up = Date.now();
    await waitFor(
      'las dos API de nuevo sanas',
      async () => {
        const [a, b] = await Promise.all([
          http(`${api(1)}/api/v1/institutions?pageSize=20`, { headers: json(adminToken) }),
          http(`${api(2)}/api/v1/institutions?pageSize=20`, { headers: json(adminToken) }),
        ]);
        return a.status === 200 && b.status === 200;
      },
      60_000,
      100,
    );
    const recovered = Date.now();
    await sleep(2000);
    const results = await load.stop();
    const summary = summarise(results, up);
    const during = results.filter((r) => r.at >= down + 200 && r.at + r.ms <= restarting);
    const authDuring = during.filter((r) => r.name === 'autenticada (PostgreSQL)');
    expect(authDuring.length).toBeGreaterThan(0);
    expect(new Set(authDuring.map((r) => r.status))).toEqual(new Set([503]));
    expect(results.filter((r) => r.status === 500 || r.status === 0)).toEqual([]);

    await waitFor('los 300 correos encolados antes del reinicio', async () => (await outboxStatus(ids)).sent === 300, 120_000, 500);
    const per = deliveries();
    expect(per.size).toBe(300);
    expect([...per.values()].reduce((s, n) => s + n - 1, 0)).toBeLessThanOrEqual(2 * CONCURRENCY);
    await sleep(8500);
    const ticks = await schedulerTicks();
    expect(ticks.ticks).toBeGreaterThan(ticksBefore.ticks);
    expect(ticks.duplicateTicks).toBe(0);
    expect(ticks.startedTwice.filter((id) => !ticksBefore.startedTwice.includes(id))).toEqual([]);
    figures.postgresRestart = {
      outageMs: up - down,
      apisHealthyAfterRestartMs: recovered - up,
      requests: results.length,
      byKind: summary,
      emailsQueuedBefore: 300,
      emailsLost: 300 - per.size,
      emailDuplicates: [...per.values()].reduce((s, n) => s + n - 1, 0),
      schedulerTicks: {
        ...ticks,
        startedTwice: ticks.startedTwice.length - ticksBefore.startedTwice.length,
        takenOverAfterEarlierKills: ticksBefore.startedTwice.length,
      },
    };
  }, 300_000);
});
