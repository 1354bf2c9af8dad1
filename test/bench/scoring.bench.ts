/**
 * npm run bench:scoring — national-scale scoring benchmark.
 * Generates 500 institutions × 200 procedures (100,000), 10 requirements each (1,000,000) and 100 milestones per
 * institution (50,000) in `simplifica_bench`, then times full recomputes (first at 50 institutions = 10k procedures,
 * then at 500 = 100k, to show how time grows), peak RSS, and the on-change path: an edit through the API until the
 * new score is readable.
 */
import './bench-env';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { bootstrapDatabase } from '../../scripts/db-bootstrap';
import { loadEnv } from '../../src/config/load-env';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { WorkerModule } from '../../src/worker.module';
import { runMigrations, withOwner } from '../helpers/migrations';
import { median, rssSampler } from './bench-env';

const INSTITUTIONS = Number(process.env.BENCH_INSTITUTIONS ?? 500);
const PROCEDURES_PER_INSTITUTION = 200;
const REQUIREMENTS_PER_PROCEDURE = 10;
const MILESTONES_PER_INSTITUTION = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const say = (m: string) => process.stdout.write(`${m}\n`);

async function generate(ds: DataSource, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    await ds.transaction(async (em) => {
      const [inst] = await em.query(
        `INSERT INTO institutions (code, name, type, coverage, sector) VALUES ($1, $2, 'ministry', 'bound', 'Banco de pruebas') RETURNING id`,
        [`BENCH${String(i).padStart(4, '0')}`, `Institución de prueba ${i}`],
      );
      await em.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [inst.id]);
      await em.query(
        `INSERT INTO procedures (institution_id, code, name, description, legal_basis, fee_gtq, legal_max_days, actual_median_days, annual_volume,
           in_person_visits, current_level, target_level, forms_url, forms_free, last_reviewed_at, foreign_trade, prioritized,
           baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
         SELECT $1, 'P-' || g, 'Trámite de prueba ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'Descripción' END, 'Ley ' || g, (g % 50) * 10,
                CASE WHEN g % 7 = 0 THEN NULL ELSE 10 + g % 40 END, 5 + (g * 7) % 90, 100 + (g * 37) % 5000, g % 4, g % 6, 4,
                CASE WHEN g % 2 = 0 THEN 'https://x.gob.gt/f' END, g % 2 = 0, CURRENT_DATE - ((g * 13) % 500), g % 5 = 0, g % 9 = 0,
                '2022-01-01', 12, 30 + g % 90, 2 + g % 3, (g % 50) * 12
           FROM generate_series(1, $2) g`,
        [inst.id, PROCEDURES_PER_INSTITUTION],
      );
      await em.query(
        `INSERT INTO requirements (institution_id, procedure_id, name, legal_basis_type, prohibited, prohibited_kind, effective_from, effective_to, status)
         SELECT $1, p.id, 'Requisito ' || g,
                (ARRAY['law','law','government_agreement','other_rule','none']::requirement_legal_basis_type[])[1 + (g + length(p.code)) % 5],
                g = 10 AND length(p.code) % 4 = 0, CASE WHEN g = 10 AND length(p.code) % 4 = 0 THEN 'sworn_declaration'::requirement_prohibited_kind END,
                '2021-09-01', CASE WHEN g = 9 THEN DATE '2024-06-01' END,
                CASE WHEN g = 9 THEN 'eliminated' ELSE 'active' END::requirement_status
           FROM procedures p CROSS JOIN generate_series(1, $2) g WHERE p.institution_id = $1`,
        [inst.id, REQUIREMENTS_PER_PROCEDURE],
      );
      const [plan] = await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, status, approval_act, approved_at)
         VALUES ($1, 'Plan 2026', '2026-01-01', '2026-12-31', 'approved', 'Acuerdo de prueba', now()) RETURNING id`,
        [inst.id],
      );
      await em.query(
        `INSERT INTO milestones (institution_id, plan_id, procedure_id, kind, target, due_date, status, completed_on, completed_late)
         SELECT $1, $2, (SELECT id FROM procedures WHERE institution_id = $1 AND code = 'P-' || g), 'raise_level', 'Hito ' || g,
                DATE '2026-01-15' + (g * 3), CASE WHEN g % 3 = 0 THEN 'completed' ELSE 'pending' END::milestone_status,
                CASE WHEN g % 3 = 0 THEN DATE '2026-01-15' + (g * 3) + (g % 5) - 2 END, CASE WHEN g % 3 = 0 THEN (g % 5) > 2 END
           FROM generate_series(1, $3) g`,
        [inst.id, plan.id, MILESTONES_PER_INSTITUTION],
      );
    });
    if ((i + 1) % 50 === 0) say(`  · ${i + 1} instituciones generadas`);
  }
}

async function timeFullRuns(scoring: ScoringService, label: string): Promise<{ medianMs: number; peakMb: number; procedures: number }> {
  const times: number[] = [];
  let peakMb = 0;
  let procedures = 0;
  for (let r = 0; r < RUNS; r++) {
    const rss = rssSampler();
    const res = await scoring.recomputeAll();
    peakMb = Math.max(peakMb, rss.stop());
    times.push(res.ms);
    procedures = res.procedures;
    say(`  ${label} run ${r + 1}: ${res.ms} ms (${res.institutions} instituciones, ${res.procedures} trámites)`);
  }
  return { medianMs: median(times), peakMb, procedures };
}

/**
 * Fresh planner statistics, as autovacuum keeps them in a running system (it may be off on a development cluster).
 * As the schema owner: the runtime role owns nothing, and PostgreSQL skips the tables of others with a mere warning.
 */
const analyze = () => withOwner((owner) => owner.query('ANALYZE'));

async function main(): Promise<void> {
  // BENCH_REUSE=1 keeps a dataset generated by a previous run (only the 100k measurement is repeated).
  const reuse = process.env.BENCH_REUSE === '1';
  if (!reuse) {
    say('Preparando la base de pruebas (simplifica_bench)…');
    await bootstrapDatabase({ recreate: true, log: () => undefined });
  }
  await runMigrations(); // a reused dataset still gets the pending migrations (indexes matter here)
  const ds = await new DataSource(buildDataSourceOptions(loadEnv().DATABASE_URL, 4, 'bench')).initialize();
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  const scoring = app.get(ScoringService);
  const small = Math.min(50, INSTITUTIONS);
  let at10k = { medianMs: NaN, peakMb: NaN, procedures: small * PROCEDURES_PER_INSTITUTION };
  if (!reuse) {
    let t0 = Date.now();
    await generate(ds, 0, small);
    say(`Generadas ${small} instituciones en ${Date.now() - t0} ms`);
    await analyze();
    at10k = await timeFullRuns(scoring, `${small * PROCEDURES_PER_INSTITUTION} trámites`);
    t0 = Date.now();
    await generate(ds, small, INSTITUTIONS);
    say(`Generadas ${INSTITUTIONS} instituciones en total (+${Date.now() - t0} ms)`);
  }
  await analyze();
  const at100k = await timeFullRuns(scoring, `${INSTITUTIONS * PROCEDURES_PER_INSTITUTION} trámites`);

  // On-change path, measured in-process: one institution of 200 procedures after an edit.
  const [inst] = await ds.query(`SELECT id FROM institutions WHERE code = 'BENCH0001'`);
  const single: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = Date.now();
    await scoring.recomputeInstitution(inst.id);
    await scoring.recomputeNational();
    single.push(Date.now() - s);
  }
  await app.close();
  await ds.destroy();

  say('\nResultados (mediana de ' + RUNS + ' corridas):');
  if (!reuse) say(`  recálculo completo, ${at10k.procedures} trámites:  ${at10k.medianMs} ms   (RSS pico ${at10k.peakMb} MB)`);
  say(`  recálculo completo, ${at100k.procedures} trámites: ${at100k.medianMs} ms   (RSS pico ${at100k.peakMb} MB)   objetivo < 20000 ms, < 400 MB`);
  if (!reuse) say(`  crecimiento: ×${(at100k.medianMs / at10k.medianMs).toFixed(2)} el tiempo para ×${(at100k.procedures / at10k.procedures).toFixed(0)} los trámites`);
  say(`  recálculo de una institución de 200 trámites + cifras nacionales: ${median(single)} ms (el API lo refleja tras la espera de agrupación SCORE_DEBOUNCE_MS)`);
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
