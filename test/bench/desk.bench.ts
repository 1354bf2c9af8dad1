/**
 * npm run bench:desk — the Commission's desk reads (issue #15) at national scale: the board, Atrasos, the home counts
 * and one institution's audit trail, each one statement over every institution (never one query per institution).
 * Generates once (kept while complete; BENCH_FRESH=1 regenerates) DESK_INSTITUTIONS institutions (default 500; an analyst
 * follows 90) with 200 procedures, 100 milestones (a third overdue), a year of daily score snapshots, 200 audit events,
 * 40 sent reminders and two people each (one in ten has nobody active), and times each read (median of ROUNDS) through
 * the product's own SQL under the read-only cross-institution scope, as the pages run it. No goal is set by the issue:
 * the figures are printed with the machine's load.
 */
import './bench-env';
import { DataSource, EntityManager } from 'typeorm';
import { bootstrapDatabase } from '../../scripts/db-bootstrap';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { loadEnv } from '../../src/config/load-env';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { deskSummary, institutionAuditTrail, listBoard, listOverdue, OverdueContext } from '../../src/modules/commission-desk/desk.sql';
import { activeMethodologyOf } from '../../src/modules/scoring/methodology';
import { runMigrations, withOwner } from '../helpers/migrations';
import { loadNote, median } from './bench-env';

const INSTITUTIONS = Number(process.env.DESK_INSTITUTIONS ?? 500);
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 7));
const say = (m: string) => process.stdout.write(`${m}\n`);

async function generate(ds: DataSource, analystId: string): Promise<void> {
  for (let i = 0; i < INSTITUTIONS; i++) {
    await ds.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'admin', true)`);
      const [inst] = await em.query(
        `INSERT INTO institutions (code, name, type, coverage, sector) VALUES ($1, $2, $3, 'bound', $4) RETURNING id`,
        [`DESK${String(i).padStart(4, '0')}`, `Institución del escritorio ${i}`, i % 3 ? 'ministry' : 'secretariat', `Sector ${i % 7}`],
      );
      const people = i % 10 === 0 ? 'disabled' : 'active';
      await em.query(
        `INSERT INTO users (email, name, role, institution_id, status) VALUES ($1, 'Enlace ' || $2, 'liaison', $3, $4), ($5, 'Admin ' || $2, 'institution_admin', $3, $4)`,
        [`enlace.desk${i}@banco.gob.gt`, String(i), inst.id, people, `admin.desk${i}@banco.gob.gt`],
      );
      if (i < 90) await em.query(`INSERT INTO analyst_follows (user_id, institution_id) VALUES ($1, $2)`, [analystId, inst.id]);
      await em.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [inst.id]);
      if (i % 25 !== 0)
        await em.query(
          `INSERT INTO procedures (institution_id, code, name, current_level, target_level, baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
           SELECT $1, 'P-' || g, 'Trámite ' || g, g % 6, 4, '2022-01-01', 5, 30, 1, 0 FROM generate_series(1, 200) g`,
          [inst.id],
        );
      const [plan] = await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, status, submitted_at)
         VALUES ($1, 'Plan', CURRENT_DATE - 300, CURRENT_DATE + 300, $2, now() - interval '20 days') RETURNING id`,
        [inst.id, i % 5 === 0 ? 'submitted' : 'approved'],
      );
      await em.query(
        `INSERT INTO milestones (institution_id, plan_id, kind, target, due_date, status)
         SELECT $1, $2, 'other', 'Hito ' || g, CURRENT_DATE - 150 + g * 3, CASE WHEN g % 3 = 0 THEN 'completed' ELSE 'pending' END::milestone_status
           FROM generate_series(1, 100) g`,
        [inst.id, plan.id],
      );
      await em.query(
        `INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components)
         SELECT 'institution', $1, $1, CURRENT_DATE - d, 1, 40 + (d % 30), '{}'::jsonb FROM generate_series(0, 364) d`,
        [inst.id],
      );
      await em.query(
        `INSERT INTO audit_events (actor_kind, actor_role, institution_id, entity, entity_id, action, occurred_at)
         SELECT 'user', CASE WHEN g % 2 = 0 THEN 'liaison' ELSE 'analyst' END, $1, 'procedure', 'x' || g, 'update', now() - (g || ' hours')::interval
           FROM generate_series(1, 200) g`,
        [inst.id],
      );
      await em.query(
        `INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, reason, delivery,
                                    days_until_due, evaluated_on, payload, status, sent_at)
         SELECT $1, r.id, r.kind, 'milestone', m.id, m.due_date, 'overdue-' || row_number() OVER (), u.id, 'liaison', 'immediate', -1, CURRENT_DATE,
                '{}'::jsonb, 'sent', now() - interval '1 day'
           FROM (SELECT id, due_date FROM milestones WHERE institution_id = $1 AND status = 'pending' AND due_date < CURRENT_DATE LIMIT 40) m
           CROSS JOIN (SELECT id, kind FROM reminder_rules WHERE kind = 'milestone_overdue' LIMIT 1) r
           CROSS JOIN (SELECT id FROM users WHERE institution_id = $1 AND role = 'liaison' LIMIT 1) u`,
        [inst.id],
      );
    });
    if ((i + 1) % 100 === 0) say(`  · ${i + 1} instituciones generadas`);
  }
}

async function scoped<T>(ds: DataSource, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
    return fn(em);
  });
}

async function time(ds: DataSource, what: string, fn: (em: EntityManager) => Promise<unknown>): Promise<void> {
  await scoped(ds, fn); // warm-up
  const ms: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    await scoped(ds, fn);
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  say(`  ${what}: mediana ${median(ms).toFixed(0)} ms (mín. ${Math.min(...ms).toFixed(0)}, máx. ${Math.max(...ms).toFixed(0)})`);
}

async function main(): Promise<void> {
  const fresh = process.env.BENCH_FRESH === '1';
  await bootstrapDatabase({ recreate: fresh, log: () => undefined });
  await runMigrations();
  const ds = await new DataSource(buildDataSourceOptions(loadEnv().DATABASE_URL, 2, 'bench-desk')).initialize();
  const admin = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
    ds.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'admin', true)`);
      return em.query(sql, params) as Promise<T>;
    });
  const [{ n }] = await admin<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM institutions WHERE code LIKE 'DESK%'`);
  let [analyst] = await admin<Array<{ id: string }>>(`SELECT id FROM users WHERE email = 'analista.desk@banco.gob.gt'`);
  if (n !== INSTITUTIONS) {
    if (n > 0) {
      await bootstrapDatabase({ recreate: true, log: () => undefined });
      await runMigrations();
    }
    [analyst] = await admin<Array<{ id: string }>>(
      `INSERT INTO users (email, name, role, status) VALUES ('analista.desk@banco.gob.gt', 'Analista del banco', 'analyst', 'active') RETURNING id`,
    );
    const t0 = Date.now();
    await generate(ds, analyst.id);
    say(`Generadas ${INSTITUTIONS} instituciones en ${Date.now() - t0} ms`);
    await withOwner((owner) => owner.query('ANALYZE'));
  } else say(`Datos del escritorio completos (${INSTITUTIONS} instituciones): se conservan`);
  // Only this benchmark's institutions count (another benchmark's are deactivated while it runs, never deleted).
  const others = await admin<Array<{ id: string }>>(
    `UPDATE institutions SET active = false WHERE active AND code NOT LIKE 'DESK%' RETURNING id`,
  );
  const ctx: OverdueContext = {
    today: todayInGuatemala(),
    reportingSince: (await scoped(ds, (em) => activeMethodologyOf(em))).parameters.reportingSince,
    planReviewDays: 15,
  };
  const [one] = await admin<Array<{ id: string }>>(`SELECT id FROM institutions WHERE code = 'DESK0001'`);
  const counts = await scoped(ds, (em) => listOverdue(em, ctx, {}, { limit: 0, offset: 0 }));
  say(`\nEscritorio de la Comisión, ${INSTITUTIONS} instituciones (${JSON.stringify(counts.byKind)}); ${ROUNDS} rondas; ${loadNote()}:`);
  const page = { limit: 50, offset: 0 };
  await time(ds, 'Tablero, por puntaje (página 1 de 50)', (em) => listBoard(em, ctx, analyst.id, {}, '-score', page));
  await time(ds, 'Tablero, por última actividad', (em) => listBoard(em, ctx, analyst.id, {}, 'activity', page));
  await time(ds, 'Tablero, las 90 que sigo, por atrasos', (em) => listBoard(em, ctx, analyst.id, { followedOnly: true }, '-overdue', page));
  await time(ds, 'Atrasos, todos (página 1 de 50, con conteos por tipo)', (em) => listOverdue(em, ctx, {}, page));
  await time(ds, 'Atrasos, hitos vencidos de las que sigo', (em) =>
    listOverdue(em, ctx, { kind: 'milestone_overdue', followedBy: analyst.id }, page),
  );
  await time(ds, 'Inicio: conteos (revisión, atrasos, seguidas)', async (em) => {
    await deskSummary(em, analyst.id);
    await listOverdue(em, ctx, {}, { limit: 0, offset: 0 });
    await listOverdue(em, ctx, { followedBy: analyst.id }, { limit: 0, offset: 0 });
  });
  await time(ds, 'Institución: registro de cambios (página 1 de 25)', (em) => institutionAuditTrail(em, one.id, { limit: 25, offset: 0 }));
  if (others.length) await admin(`UPDATE institutions SET active = true WHERE id = ANY ($1::uuid[])`, [others.map((o) => o.id)]);
  await ds.destroy();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
