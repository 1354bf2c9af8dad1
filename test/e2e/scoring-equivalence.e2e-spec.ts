import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from 'typeorm';
import { detectFindings, detectionDayKey } from '../../src/modules/findings/findings-sync';
import { InstitutionHistory } from '../../src/modules/scoring/as-of';
import { loadInstitutionData, loadInstitutionDay } from '../../src/modules/scoring/institution-data';
import { runInstitution } from '../../src/modules/scoring/institution-run';
import { activeMethodologyOf, MethodologyParameters, resolveParameters } from '../../src/modules/scoring/methodology';
import { loadNationalInputs, NationalSnapshotCache } from '../../src/modules/scoring/national';
import { LATEST_SNAPSHOTS_OF_SQL } from '../../src/modules/scoring/national.sql';
import {
  explainProcedureSnapshot,
  PACKED_COMPONENTS_LAYOUT,
  PackedProcedureComponents,
  StoredProcedureSnapshot,
  unpackProcedureComponents,
} from '../../src/modules/scoring/procedure-snapshot';
import { RequirementFiguresCache } from '../../src/modules/scoring/requirement-figures';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { asScope, createInstitution, TestInstitution } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * Performance work on the scoring run must not change a single stored figure or explanation. A deterministic fixture
 * institution (60 procedures of every shape: unknown fees and times, no requirements, eliminated and prohibited ones,
 * milestones met and late; one procedure eliminated between two runs of the same day) is scored on a fixed day, and
 * every snapshot it writes — scores, component values and inputs, burden, indicators, national figures — is compared
 * with the golden file written by the implementation before the optimisation (fixtures/scoring-golden.json, keyed by
 * procedure code). UPDATE_GOLDEN=1 rewrites the file (only when the methodology itself changes, on purpose).
 */
const GOLDEN = join(__dirname, 'fixtures', 'scoring-golden.json');
const DAY = '2026-11-15';
const PROCEDURES = 60;

describe('Scoring output is unchanged by the performance work (golden snapshots)', () => {
  let t: TestApp;
  let inst: TestInstitution;
  let scoring: ScoringService;

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    scoring = t.app.get(ScoringService);
    inst = await createInstitution(t.dataSource, 'Secretaría de la Equivalencia');
    await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
      await em.query(
        `INSERT INTO procedures (institution_id, code, name, description, legal_basis, fee_gtq, legal_max_days, actual_median_days, annual_volume,
           in_person_visits, current_level, target_level, forms_url, forms_free, last_reviewed_at, foreign_trade, prioritized,
           baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq, created_at)
         SELECT $1, 'EQ-' || lpad(g::text, 3, '0'), 'Trámite ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'Descripción' END,
                CASE WHEN g % 5 = 0 THEN NULL ELSE 'Ley ' || g END, CASE WHEN g % 8 = 0 THEN NULL ELSE ((g % 50) * 10)::numeric END,
                CASE WHEN g % 7 = 0 THEN NULL ELSE 10 + g % 40 END, CASE WHEN g % 11 = 0 THEN NULL ELSE 5 + (g * 7) % 90 END,
                CASE WHEN g % 13 = 0 THEN NULL ELSE 100 + (g * 37) % 5000 END, CASE WHEN g % 9 = 0 THEN NULL ELSE g % 4 END, g % 6,
                CASE WHEN g % 4 = 0 THEN NULL ELSE 4 END, CASE WHEN g % 2 = 0 THEN 'https://x.gob.gt/f' END, CASE WHEN g % 2 = 0 THEN g % 4 = 0 END,
                DATE '${DAY}' - ((g * 13) % 500), g % 5 = 0, g % 9 = 0, '2022-01-01', 12, 30 + g % 90, 2 + g % 3, ((g % 50) * 12)::numeric,
                '2025-01-01T12:00:00Z'
           FROM generate_series(1, $2) g`,
        [inst.id, PROCEDURES],
      );
      await em.query(
        `INSERT INTO requirements (institution_id, procedure_id, name, issuer, legal_basis_type, prohibited, prohibited_kind, effective_from, effective_to, status)
         SELECT $1, p.id, CASE WHEN g = 7 AND n % 5 = 0 THEN 'Declaración jurada de domicilio' WHEN g = 8 AND n % 6 = 0 THEN 'Constancia emitida por esta institución'
                               ELSE 'Requisito ' || g END,
                CASE WHEN g = 8 AND n % 4 = 0 THEN 'same_institution' ELSE 'applicant' END::requirement_issuer,
                (ARRAY['law','law','government_agreement','other_rule','none']::requirement_legal_basis_type[])[1 + (g + n) % 5],
                g = 10 AND n % 4 = 0, CASE WHEN g = 10 AND n % 4 = 0 THEN 'sworn_declaration'::requirement_prohibited_kind END,
                CASE WHEN g = 6 THEN DATE '2026-12-01' ELSE DATE '2021-09-01' END, CASE WHEN g = 9 THEN DATE '2024-06-01' END,
                CASE WHEN g = 9 THEN 'eliminated' ELSE 'active' END::requirement_status
           FROM (SELECT id, substr(code, 4)::int AS n FROM procedures WHERE institution_id = $1) p
           CROSS JOIN generate_series(1, 10) g
          WHERE p.n % 10 <> 3 OR g > 10`, // every tenth procedure has no requirements
        [inst.id],
      );
      const [plan] = await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, status, approval_act, approved_at)
         VALUES ($1, 'Plan 2026', '2026-01-01', '2026-12-31', 'approved', 'Acuerdo', '2026-02-01T12:00:00-06:00') RETURNING id`,
        [inst.id],
      );
      await em.query(
        `INSERT INTO milestones (institution_id, plan_id, procedure_id, kind, target, due_date, status, completed_on)
         SELECT $1, $2, (SELECT id FROM procedures WHERE institution_id = $1 AND code = 'EQ-' || lpad(g::text, 3, '0')), 'raise_level', 'Hito ' || g,
                DATE '2026-03-01' + g * 9, CASE WHEN g % 3 = 0 THEN 'completed' ELSE 'pending' END::milestone_status,
                CASE WHEN g % 3 = 0 THEN DATE '2026-03-01' + g * 9 + (g % 5) - 2 END
           FROM generate_series(1, 30) g`,
        [inst.id, plan.id],
      );
    });
  });

  afterAll(() => t?.close());

  it('writes the same scores, explanations, burden, indicators and national figures as before', async () => {
    await scoring.recomputeInstitution(inst.id, DAY);
    // A procedure eliminated after a first run of the day: a second run of that day drops its snapshot.
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE procedures SET status = 'eliminated' WHERE institution_id = $1 AND code = 'EQ-017'`, [inst.id]),
    );
    await scoring.recomputeInstitution(inst.id, DAY);
    await scoring.recomputeNational(DAY);
    const rows = (await asScope(t.dataSource, 'read_all', null, (em) =>
      em.query(
        `SELECT s.scope, coalesce(p.code, CASE WHEN s.scope = 'national' THEN 'national' ELSE 'institution' END) AS subject, s.methodology_version AS version,
                s.score::text AS score, s.components, s.indicators, s.burden, s.actual_days, s.legal_days
           FROM score_snapshots s LEFT JOIN procedures p ON p.id = s.subject_id
          WHERE s.snapshot_date = $2 AND (s.institution_id = $1 OR s.scope = 'national')
          ORDER BY s.scope, subject`,
        [inst.id, DAY],
      ),
    )) as Array<Record<string, unknown>>;
    // The national row depends on what other suites left in the shared test database: compare only this institution's rows.
    const stored = rows.filter((r) => r.scope !== 'national');
    // Procedure rows store the inputs of the score and of the burden only; the golden file holds what rows stored before:
    // the component values and the burden figures. Derived from the stored inputs by the readers' function, with the
    // parameters of the rows' methodology version, they must be those very figures.
    const versions = (await asScope(t.dataSource, 'read_all', null, (em) =>
      em.query(`SELECT version, parameters FROM methodologies`),
    )) as Array<{ version: number; parameters: Partial<MethodologyParameters> }>;
    const parametersOf = new Map(versions.map((v) => [v.version, resolveParameters(v.parameters)]));
    const mine = stored.map((r) => {
      if (r.scope !== 'procedure') return r;
      const snapshot = r as unknown as StoredProcedureSnapshot & { version: number };
      expect(r.burden).toBeNull();
      // Stored packed: the layout number, the 16 inputs of the formula and the 7 of the burden.
      expect(Array.isArray(snapshot.components) && snapshot.components.length).toBe(24);
      expect((snapshot.components as PackedProcedureComponents)[0]).toBe(PACKED_COMPONENTS_LAYOUT);
      const explained = explainProcedureSnapshot(snapshot, parametersOf.get(snapshot.version)!);
      return {
        ...r,
        components: {
          inputs: unpackProcedureComponents(snapshot.components).inputs,
          values: Object.fromEntries(explained.components.map((c) => [c.component, c.value])),
        },
        burden: explained.burden,
      };
    });
    expect(mine.filter((r) => r.scope === 'procedure')).toHaveLength(PROCEDURES - 1);
    expect(mine.some((r) => r.subject === 'EQ-017')).toBe(false);
    // National medians, now merged from the institution snapshots' counts: the same figures as percentile_cont over the
    // procedure snapshots of those same runs (the query used before).
    const [national] = rows.filter((r) => r.scope === 'national') as Array<{
      indicators: { resolutionDays: { medianActual: number | null; medianLegal: number | null } };
    }>;
    const [before] = (await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(
        `WITH latest AS (
           SELECT DISTINCT ON (s.subject_id) s.subject_id, s.snapshot_date FROM score_snapshots s JOIN institutions i ON i.id = s.subject_id AND i.active
            WHERE s.scope = 'institution' AND s.snapshot_date <= $1 ORDER BY s.subject_id, s.snapshot_date DESC)
         SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p.actual_days)::numeric, 2)::float8 AS actual,
                round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p.legal_days)::numeric, 2)::float8 AS legal
           FROM latest l JOIN score_snapshots p ON p.institution_id = l.subject_id AND p.snapshot_date = l.snapshot_date AND p.scope = 'procedure'`,
        [DAY],
      ),
    )) as Array<{ actual: number | null; legal: number | null }>;
    expect(before.actual).not.toBeNull();
    const [counts] = (await asScope(t.dataSource, 'read_all', null, (em) =>
      em.query(
        `SELECT count(*)::int AS without FROM score_snapshots WHERE scope = 'institution' AND resolution_days IS NULL AND snapshot_date <= $1`,
        [DAY],
      ),
    )) as Array<{ without: number }>;
    expect(counts.without).toBe(0); // so the merged path is the one under test
    expect(national.indicators.resolutionDays).toEqual({ medianActual: before.actual, medianLegal: before.legal });
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(mine, null, 1)}\n`);
    expect(mine).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('a run of one day counts the requirements in PostgreSQL and computes what a load of every requirement computes', async () => {
    // A practice an analyst dismissed on one requirement (it no longer counts as prohibited), the others still counting.
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `INSERT INTO findings (institution_id, kind, code, subject_type, subject_id, procedure_id, source, message, since, counts_in_score, status,
                               first_detected_on, last_detected_on, dismissal_reason)
         SELECT $1, 'prohibited_practice', 'sworn_declaration', 'requirement', r.id, r.procedure_id, 'text', 'x', '2021-09-01', true, 'dismissed',
                '2026-01-01', '2026-01-01', 'La ley especial la exige'
           FROM requirements r WHERE r.institution_id = $1 AND r.name = 'Declaración jurada de domicilio' ORDER BY r.id LIMIT 1`,
        [inst.id],
      ),
    );
    // Days on each side of the fixture's boundaries: requirements ended on 2024-06-01, begun on 2026-12-01, the baseline.
    for (const day of ['2022-06-30', '2024-05-31', '2024-06-01', DAY, '2026-12-01', '2027-03-31']) {
      const [full, counted, keys] = await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
        const m = (await activeMethodologyOf(em)).parameters;
        const all = (await loadInstitutionData(em, inst.id, day, day))!;
        const one = (await loadInstitutionDay(em, inst.id, day, m))!;
        const keys = [detectionDayKey(all, day), detectionDayKey(one, day)];
        return [runInstitution(new InstitutionHistory(all, m).on(day), m), runInstitution(new InstitutionHistory(one, m).on(day), m), keys];
      });
      expect(counted.procedures.length).toBeGreaterThan(0);
      expect(counted).toEqual(full);
      expect(keys[1]).toBe(keys[0]);
    }
    // Figures a worker keeps (RequirementFiguresCache) are taken for the days they hold for, and only for those: loaded
    // back and forth over the fixture's boundaries (starts on 2021-09-01 and 2026-12-01, ends on 2024-06-01), each day
    // computes what a load of every requirement computes, and the figures are counted once per range entered.
    const cache = new RequirementFiguresCache();
    const counted = jest.spyOn(cache, 'set');
    const visits = [DAY, '2026-11-20', '2024-06-01', '2026-11-30', '2026-12-01', '2027-03-31', '2024-05-31', '2022-06-30', '2023-01-31'];
    for (const [i, day] of visits.entries()) {
      // The same stamp throughout (nothing changes in between), but for the last visit: another stamp counts again.
      const stamp = i === visits.length - 1 ? 'otro sello' : 'sello';
      const [full, kept] = await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
        const m = (await activeMethodologyOf(em)).parameters;
        const all = (await loadInstitutionData(em, inst.id, day, day))!;
        const one = (await loadInstitutionDay(em, inst.id, day, m, { cache, stamp }))!;
        return [runInstitution(new InstitutionHistory(all, m).on(day), m), runInstitution(new InstitutionHistory(one, m).on(day), m)];
      });
      expect(kept).toEqual(full);
    }
    // Counted on DAY, 2026-12-01, 2024-05-31 (each entering another range) and with the other stamp; kept otherwise.
    expect(counted.mock.calls.map(([, stamp, figures]) => [stamp, figures.since, figures.until])).toEqual([
      ['sello', '2024-06-01', '2026-12-01'],
      ['sello', '2026-12-01', null],
      ['sello', '2021-09-01', '2024-06-01'],
      ['otro sello', '2021-09-01', '2024-06-01'],
    ]);
    // The fixture does exercise what is counted: prohibited requirements (declared, by issuer, by text), one dismissed.
    const history = await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
      const m = (await activeMethodologyOf(em)).parameters;
      return new InstitutionHistory((await loadInstitutionDay(em, inst.id, DAY, m))!, m);
    });
    const onDay = history.on(DAY);
    expect(onDay.procedures.reduce((n, p) => n + p.prohibited, 0)).toBeGreaterThan(5);
    expect(onDay.procedures.reduce((n, p) => n + p.eliminatedSinceBaseline, 0)).toBeGreaterThan(0);
    // Counted for one day, it gives no other day, and findings (which need every requirement) refuse it.
    expect(() => history.on('2026-11-16')).toThrow(/counted for 2026-11-15/);
    expect(() => detectFindings(history, onDay)).toThrow(/every requirement/);
  });

  it('the records of a range (one statement) give each day the values it had: a field changed twice, oldest change first', async () => {
    const [p] = (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`SELECT id, current_level FROM procedures WHERE institution_id = $1 AND code = 'EQ-020'`, [inst.id]),
    )) as Array<{ id: string; current_level: number }>;
    // Level 1 until 2026-03-10, then 3 until 2026-06-20, then its present level (the log keeps each old value; both
    // changes are before the golden day, whose figures they leave as they were).
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, changed_at)
         VALUES ($1, $2, 'procedure', $2, 'updated', 'currentLevel', '1', '3', '2026-03-10T15:00:00Z'),
                ($1, $2, 'procedure', $2, 'updated', 'currentLevel', '3', to_jsonb($3::int), '2026-06-20T15:00:00Z')`,
        [inst.id, p.id, p.current_level],
      ),
    );
    const levels = await asScope(t.dataSource, 'tenant', inst.id, async (em) => {
      const m = (await activeMethodologyOf(em)).parameters;
      const history = new InstitutionHistory((await loadInstitutionData(em, inst.id, '2026-01-01', DAY))!, m);
      return ['2026-01-01', '2026-03-09', '2026-03-10', '2026-06-19', '2026-06-20', DAY].map(
        (day) => history.on(day).procedures.find((x) => x.record.id === p.id)!.record.currentLevel,
      );
    });
    expect(levels).toEqual([1, 1, 3, 3, p.current_level, p.current_level]);
  });

  it('the national figures of one day come from the snapshots a worker parsed, fetched again only when their version moved', async () => {
    const cache = new NationalSnapshotCache();
    const bothReads = () =>
      asScope(t.dataSource, 'admin', null, async (em) => {
        const query = jest.spyOn(em, 'query');
        const cached = await cache.inputsOn(em, DAY);
        const fetches = query.mock.calls
          .filter(([sql]) => sql === LATEST_SNAPSHOTS_OF_SQL)
          .map(([, params]) => (params as [string, string[]])[1]);
        const mediansRead = query.mock.calls.filter(([sql]) => String(sql).includes('percentile_cont')).length;
        query.mockRestore();
        return { cached, read: (await loadNationalInputs(em, [DAY], {})).get(DAY)!, fetches, mediansRead };
      });
    const cold = await bothReads();
    expect(cold.cached.rows.some((r) => r.institutionId === inst.id)).toBe(true);
    expect(cold.cached).toEqual(cold.read);
    expect(cold.fetches).toHaveLength(1);
    expect(cold.fetches[0]).toHaveLength(cold.read.rows.length);
    expect(cold.mediansRead).toBe(0); // the medians come from the counts the cache sums

    const warm = await bothReads();
    expect(warm.cached).toEqual(warm.read);
    expect(warm.fetches).toEqual([]); // nothing moved: nothing fetched

    // One institution recomputed after an edit: its snapshot alone is fetched again, and the figures follow it.
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE procedures SET current_level = 5, fee_gtq = 0 WHERE institution_id = $1 AND code = 'EQ-001'`, [inst.id]),
    );
    await scoring.recomputeInstitution(inst.id, DAY);
    const moved = await bothReads();
    expect(moved.fetches).toEqual([[inst.id]]);
    expect(moved.cached).toEqual(moved.read);
    expect(moved.cached.rows.find((r) => r.institutionId === inst.id)!.score).not.toBe(
      cold.cached.rows.find((r) => r.institutionId === inst.id)!.score,
    );

    // A deactivated institution leaves the figures, as it leaves the full read.
    await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE institutions SET active = false WHERE id = $1`, [inst.id]));
    try {
      const gone = await bothReads();
      expect(gone.cached).toEqual(gone.read);
      expect(gone.cached.rows.some((r) => r.institutionId === inst.id)).toBe(false);
    } finally {
      await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE institutions SET active = true WHERE id = $1`, [inst.id]));
    }

    // A snapshot of older history, without resolution-day counts: the medians are read from the procedure snapshots, as
    // the full read does.
    const snapshot = (em: EntityManager, set?: string | null) =>
      set === undefined
        ? em.query(`SELECT resolution_days FROM score_snapshots WHERE subject_id = $1 AND scope = 'institution' AND snapshot_date = $2`, [
            inst.id,
            DAY,
          ])
        : em.query(
            `UPDATE score_snapshots SET resolution_days = $3::jsonb WHERE subject_id = $1 AND scope = 'institution' AND snapshot_date = $2`,
            [inst.id, DAY, set],
          );
    const [{ resolution_days: counts }] = (await asScope(t.dataSource, 'tenant', inst.id, (em) => snapshot(em))) as Array<{
      resolution_days: unknown;
    }>;
    expect(counts).not.toBeNull();
    await asScope(t.dataSource, 'tenant', inst.id, (em) => snapshot(em, null));
    try {
      const older = await bothReads();
      expect(older.fetches).toEqual([[inst.id]]);
      expect(older.mediansRead).toBe(1);
      expect(older.cached).toEqual(older.read);
    } finally {
      await asScope(t.dataSource, 'tenant', inst.id, (em) => snapshot(em, JSON.stringify(counts)));
    }
  });

  it("the requirement figures a worker keeps never outlive a change of the requirements (the run's stamp of inputs)", async () => {
    const day = '2026-11-16'; // a past day: no findings detected, so the run counts with the day-load alone
    const withBasis = async () => {
      const rows = (await asScope(t.dataSource, 'tenant', inst.id, (em) =>
        em.query(`SELECT components FROM score_snapshots WHERE institution_id = $1 AND scope = 'procedure' AND snapshot_date = $2`, [
          inst.id,
          day,
        ]),
      )) as Array<{ components: PackedProcedureComponents }>;
      return rows.reduce((n, r) => n + unpackProcedureComponents(r.components).inputs.requirementsWithLegalBasis, 0);
    };
    await scoring.recomputeInstitution(inst.id, day);
    const before = await withBasis();
    // Requirements without a legal basis get one: the next run of the day counts them again, with the worker's figures
    // of the first run still kept (same day, same range).
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(`UPDATE requirements SET legal_basis_type = 'law' WHERE institution_id = $1 AND legal_basis_type = 'none'`, [inst.id]),
    );
    await scoring.recomputeInstitution(inst.id, day);
    expect(await withBasis()).toBeGreaterThan(before);
  });
});
