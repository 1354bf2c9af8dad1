/**
 * Reminders benchmark (node -r @swc-node/register test/bench/reminders.bench.ts).
 * In its own database `<bench database>_reminders` (not recreated; institutions coded RMD…),
 * 500 institutions × 200 milestones (100,000) and 20 procedures (half not reviewed for over 180 days) with two liaisons
 * and an institution admin each, plus one analyst.
 *  1. Daily evaluation: the outbox is emptied and the evaluation timed (median of BENCH_RUNS cold runs).
 *  2. Idempotency: three evaluations in a row (the last two at once) → exactly one notification per dedupe key.
 *  3. Delivery (goal 3 of issue 17): 10,000 e-mails through the worker (BullMQ mail queue, nodemailer pool of
 *     WORKER_CONCURRENCY connections) into the reference sink of shared/baselines, in rounds interleaved with the reference
 *     itself (nodemailer alone, same pool size, same sink); the RSS growth over each delivery and the RSS at the end of
 *     each round show whether the worker stays flat.
 * Options: BENCH_RUNS=3, BENCH_RMD_INSTITUTIONS=500, BENCH_EMAILS=10000, WORKER_CONCURRENCY (default 10 here).
 */
import './bench-env';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { bootstrapDatabase } from '../../scripts/db-bootstrap';
import { loadEnv, resetEnvCache } from '../../src/config/load-env';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ReminderEvaluator } from '../../src/modules/notifications/reminder-evaluator';
import { QueueName } from '../../src/queue/queue-names';
import { WorkerModule } from '../../src/worker.module';
import { runMigrations, withOwner } from '../helpers/migrations';
import { BENCH_DB, loadNote, median, ratioLine, rssSampler } from './bench-env';
import { referenceSend, startReferenceSink } from './reference/smtp-reference';
import { applyWorkerHeapPolicy } from '../../src/worker-heap-policy';

// The worker's code runs in this process: with the worker's heap policy, as in `node dist/src/worker.js`.
applyWorkerHeapPolicy();

const INSTITUTIONS = Number(process.env.BENCH_RMD_INSTITUTIONS ?? 500);
const MILESTONES_PER_INSTITUTION = 200;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EMAILS = Number(process.env.BENCH_EMAILS ?? 10_000);
/** The evaluation day: a fixed Guatemala date, so figures are comparable between runs. */
const TODAY = '2026-06-15';
const AT = new Date(`${TODAY}T18:00:00Z`);
const say = (m: string) => process.stdout.write(`${m}\n`);

process.env.WORKER_CONCURRENCY ??= '10';
process.env.DATABASE_POOL_SIZE ??= '30';

async function inScope<T>(
  ds: DataSource,
  scope: string,
  institutionId: string | null,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
    return work(em);
  });
}

/** Creates the missing RMD institutions (idempotent: an interrupted run is completed, not duplicated). */
async function generate(ds: DataSource): Promise<void> {
  const existing = new Set(
    (
      (await inScope(ds, 'admin', null, (em) => em.query(`SELECT code FROM institutions WHERE code LIKE 'RMD%'`))) as Array<{
        code: string;
      }>
    ).map((r) => r.code),
  );
  await inScope(ds, 'admin', null, (em) =>
    em.query(
      `INSERT INTO users (email, name, role, status) VALUES ('analista.rmd@bench.simplifica.gt', 'Analista RMD', 'analyst', 'active') ON CONFLICT DO NOTHING`,
    ),
  );
  let made = 0;
  for (let i = 0; i < INSTITUTIONS; i++) {
    const code = `RMD${String(i).padStart(4, '0')}`;
    if (existing.has(code)) continue;
    await ds.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'admin', true)`);
      const [inst] = (await em.query(
        `INSERT INTO institutions (code, name, type, coverage, sector, created_at) VALUES ($1, $2, 'ministry', 'bound', 'Banco de recordatorios', '2025-01-01') RETURNING id`,
        [code, `Institución de recordatorios ${i}`],
      )) as Array<{ id: string }>;
      await em.query(
        `INSERT INTO users (email, name, role, institution_id, status)
         SELECT lower($2) || '.' || r || '@bench.simplifica.gt', 'Persona ' || r || ' de ' || $2, r::user_role, $1::uuid, 'active'::user_status
           FROM unnest(ARRAY['liaison', 'institution_admin']) r
         UNION ALL SELECT lower($2) || '.liaison2@bench.simplifica.gt', 'Segundo enlace de ' || $2, 'liaison'::user_role, $1::uuid, 'active'::user_status`,
        [inst.id, code],
      );
      await em.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [inst.id]);
      const [plan] = (await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, status) VALUES ($1, 'Plan RMD', '2026-01-01', '2026-12-31', 'approved') RETURNING id`,
        [inst.id],
      )) as Array<{ id: string }>;
      // due dates spread from 60 days before to 240 days after the evaluation day; one in ten already completed
      await em.query(
        `INSERT INTO milestones (institution_id, plan_id, kind, target, due_date, status)
         SELECT $1, $2, 'other', 'Hito ' || g || ' de ' || $4, DATE '${TODAY}' - 60 + ((g * 37 + $5) % 300),
                CASE WHEN g % 10 = 0 THEN 'completed' ELSE 'pending' END::milestone_status
           FROM generate_series(1, $3) g`,
        [inst.id, plan.id, MILESTONES_PER_INSTITUTION, code, i],
      );
    });
    made += 1;
    if (made % 100 === 0) say(`  · ${made} instituciones generadas`);
  }
  if (made) say(`  ${made} instituciones RMD generadas`);
}

/**
 * Gives every RMD institution 20 procedures (if it has none), half of them last reviewed more than 180 days before
 * the first of the evaluation month, so the monthly stale-inventory rule has work to do.
 */
async function ensureProcedures(ds: DataSource): Promise<void> {
  const bare = (await inScope(ds, 'read_all', null, (em) =>
    em.query(
      `SELECT i.id, i.code FROM institutions i WHERE i.code LIKE 'RMD%' AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.institution_id = i.id)`,
    ),
  )) as Array<{ id: string; code: string }>;
  for (const inst of bare) {
    await inScope(ds, 'tenant', inst.id, (em) =>
      em.query(
        `INSERT INTO procedures (institution_id, code, name, last_reviewed_at, baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
         SELECT $1, 'RMD-P-' || g, 'Trámite ' || g || ' de ' || $2, DATE '${TODAY}' - (CASE WHEN g % 2 = 0 THEN 400 ELSE 30 END + g),
                '2024-01-01', 5, 30, 1, 0
           FROM generate_series(1, 20) g`,
        [inst.id, inst.code],
      ),
    );
  }
  if (bare.length) say(`  procedimientos añadidos a ${bare.length} instituciones RMD (20 cada una, la mitad sin revisión reciente)`);
}

/**
 * Empties the outbox (schema owner: the runtime role may not delete notifications). The whole table: the evaluation
 * covers every institution of the database (analysts also get escalations for other benchmarks' institutions), and
 * no other benchmark writes notifications.
 */
const resetOutbox = () =>
  withOwner((owner) =>
    owner.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'admin', true)`);
      await em.query(`DELETE FROM notifications`);
    }),
  );

async function main(): Promise<void> {
  // One sink for both sides (the reference's: counts, does not decode), in this process like the worker.
  const smtp = await startReferenceSink();
  process.env.SMTP_URL = smtp.url;
  // Its own database (`<bench database>_reminders`): its 500 institutions must not join the scoring benchmark's national run.
  for (const k of ['DATABASE_URL', 'DATABASE_MIGRATION_URL'] as const)
    process.env[k] = process.env[k]!.replace(/\/[^/]+$/, `/${BENCH_DB}_reminders`);
  process.env.REMINDERS_RETRY_DELAY_MS = '1000';
  resetEnvCache();
  say(`Preparando ${BENCH_DB}_reminders (sin recrearla; datos propios con código RMD)…`);
  await bootstrapDatabase({ recreate: false, log: () => undefined });
  await runMigrations();
  const ds = await new DataSource(buildDataSourceOptions(loadEnv().DATABASE_URL, 4, 'bench-reminders')).initialize();
  const t0 = Date.now();
  await generate(ds);
  await ensureProcedures(ds);
  await withOwner((owner) => owner.query('ANALYZE')); // planner statistics, as autovacuum keeps them in a running system
  const [{ milestones }] = (await inScope(ds, 'admin', null, (em) =>
    em.query(
      `SELECT count(*)::int AS milestones FROM milestones m JOIN institutions i ON i.id = m.institution_id WHERE i.code LIKE 'RMD%'`,
    ),
  )) as Array<{ milestones: number }>;
  say(`Datos listos en ${Date.now() - t0} ms: ${milestones} hitos en ${INSTITUTIONS} instituciones RMD`);

  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const evaluator = app.get(ReminderEvaluator);
  const mailQueue = app.get<Queue>(getQueueToken(QueueName.Mail), { strict: false });

  // BENCH_DELIVERY_ONLY=1: goal 3 alone (the outbox of an earlier run is reused; one evaluation fills it when it is short).
  const deliveryOnly = process.env.BENCH_DELIVERY_ONLY === '1';
  const evalTimes: number[] = [];
  let created = 0;
  let peakMb = 0;
  let idempotent = true;
  let total = 0;
  if (deliveryOnly) {
    const [{ n }] = (await inScope(ds, 'admin', null, (em) =>
      em.query(`SELECT count(*)::int AS n FROM notifications n JOIN institutions i ON i.id = n.institution_id
                 WHERE i.code LIKE 'RMD%' AND n.delivery = 'immediate' AND n.recipient_email IS NOT NULL`),
    )) as Array<{ n: number }>;
    if (n < EMAILS) {
      await resetOutbox();
      created = (await evaluator.evaluate(AT, { enqueue: false })).created;
    }
  } else {
    // 1. cold evaluations
    for (let r = 0; r < RUNS; r++) {
      await resetOutbox();
      const rss = rssSampler();
      const s = Date.now();
      const res = await evaluator.evaluate(AT, { enqueue: false });
      evalTimes.push(Date.now() - s);
      peakMb = Math.max(peakMb, rss.stop());
      created = res.created;
      say(
        `  evaluación ${r + 1}: ${evalTimes[r]} ms, ${res.created} notificaciones (${Object.entries(res.byRule)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')})`,
      );
    }

    // 2. three evaluations (the last two concurrently) → one notification per key
    await resetOutbox();
    const first = await evaluator.evaluate(AT, { enqueue: false });
    const [second, third] = await Promise.all([evaluator.evaluate(AT, { enqueue: false }), evaluator.evaluate(AT, { enqueue: false })]);
    const [keys] = (await inScope(ds, 'admin', null, (em) =>
      em.query(`SELECT count(*)::int AS total,
                       count(DISTINCT (rule_id, subject_id, due_date, stage, recipient_id))::int AS distinct_keys
                  FROM notifications`),
    )) as Array<{ total: number; distinct_keys: number }>;
    idempotent = keys.total === keys.distinct_keys && second.created === 0 && third.created === 0 && keys.total === first.created;
    total = keys.total;
    say(
      `  tres evaluaciones: ${first.created} + ${second.created} + ${third.created} nuevas; outbox ${keys.total} filas, ${keys.distinct_keys} claves distintas → ${idempotent ? 'una por clave' : 'DUPLICADOS'}`,
    );
  }

  // 3. delivery of EMAILS e-mails, in interleaved rounds with the reference (nodemailer, same pool size, same sink)
  const POOL = Number(process.env.WORKER_CONCURRENCY);
  const deliveryTimes: number[] = [];
  const referenceTimes: number[] = [];
  const deliveryRss: number[] = [];
  const rssAfter: number[] = [];
  const sentCount = async () =>
    (
      (await inScope(ds, 'admin', null, (em) =>
        em.query(`SELECT count(*)::int AS sent FROM notifications WHERE status = 'sent'`),
      )) as Array<{ sent: number }>
    )[0].sent;
  for (let r = 0; r < Math.max(3, RUNS); r++) {
    referenceTimes.push(await referenceSend(smtp, EMAILS, POOL));
    await mailQueue.obliterate({ force: true });
    await inScope(ds, 'admin', null, async (em) => {
      await em.query(`UPDATE notifications SET status = 'cancelled', skip_reason = 'banco de pruebas', attempts = 0, sent_at = NULL`);
      await em.query(
        `UPDATE notifications SET status = 'pending', skip_reason = NULL WHERE id IN (
           SELECT n.id FROM notifications n JOIN institutions i ON i.id = n.institution_id
            WHERE i.code LIKE 'RMD%' AND n.delivery = 'immediate' AND n.recipient_email IS NOT NULL ORDER BY n.id LIMIT $1)`,
        [EMAILS],
      );
    });
    const rss = rssSampler();
    const rssBefore = Math.round(process.memoryUsage().rss / 1024 / 1024);
    const before = smtp.received();
    const s = process.hrtime.bigint();
    await evaluator.enqueuePending(TODAY);
    while (smtp.received() - before < EMAILS) {
      if (Number(process.hrtime.bigint() - s) / 1e6 > 600_000)
        throw new Error(`entrega incompleta: ${smtp.received() - before} de ${EMAILS}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    const ms = Number(process.hrtime.bigint() - s) / 1e6;
    deliveryTimes.push(ms);
    // let the last jobs record their status and leave the queue before it is emptied for the next round
    while ((await sentCount()) < EMAILS || (await mailQueue.getActiveCount()) > 0) await new Promise((res) => setTimeout(res, 100));
    const sent = await sentCount();
    const rssPeak = rss.stop();
    deliveryRss.push(rssPeak - rssBefore);
    rssAfter.push(Math.round(process.memoryUsage().rss / 1024 / 1024));
    say(
      `  ronda ${r + 1}: referencia ${referenceTimes[r].toFixed(0)} ms; producto ${smtp.received() - before} correos en ${ms.toFixed(0)} ms (${sent} marcados enviados; RSS ${rssBefore} → pico ${rssPeak} MB; ${loadNote()})`,
    );
  }

  await mailQueue.obliterate({ force: true });
  await app.close();
  await ds.destroy();
  await smtp.close();

  say(`\nObjetivo 3 — correo (mediana de ${deliveryTimes.length} rondas intercaladas; compilado; ${loadNote()}):`);
  say(ratioLine(`${EMAILS} recordatorios por SMTP, grupo de ${POOL} conexiones`, median(referenceTimes), median(deliveryTimes), 2).line);
  say(
    `  RSS del trabajador: +${median(deliveryRss)} MB de pico sobre el de partida; al final de cada ronda ${rssAfter.join(' → ')} MB (plano si no crece de ronda en ronda)`,
  );
  if (!deliveryOnly) {
    say(
      `  evaluación diaria, ${milestones} hitos / ${INSTITUTIONS} instituciones → ${created} notificaciones: ${median(evalTimes)} ms (RSS pico ${peakMb} MB)   objetivo < 30000 ms`,
    );
    say(`  tres evaluaciones: ${idempotent ? 'exactamente una notificación por clave' : 'DUPLICADOS'} (${total} filas)`);
  }
  if (!idempotent) process.exitCode = 1;
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
