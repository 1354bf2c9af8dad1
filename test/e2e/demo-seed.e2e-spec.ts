import { DataSource, EntityManager } from 'typeorm';
import { addDays } from '../../src/demo/calendar';
import { seedDemo } from '../../src/demo/seed-demo';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * The demo seed on this file's own migrated database, through the runtime role (row-level security on), run twice;
 * then the product's own backfill computes its 12-month history, which must tell an improving year.
 */
describe('Demo seed', () => {
  let t: TestApp;
  let ds: DataSource;

  const readAll = <T>(work: (em: EntityManager) => Promise<T>) =>
    ds.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
      return work(em);
    });
  const TABLES = [
    'institutions',
    'users',
    'procedures',
    'requirements',
    'procedure_changes',
    'maturity_assessments',
    'simplification_plans',
    'milestones',
    'rationalisation_actions',
    'progress_reports',
    'analyst_follows',
    'notification_preferences',
    'notifications',
  ];
  const tableCounts = () =>
    readAll(async (em) => {
      const counts: Record<string, number> = {};
      for (const t of TABLES) counts[t] = Number((await em.query(`SELECT count(*) FROM ${t}`))[0].count);
      return counts;
    });

  beforeAll(async () => {
    t = await createTestApp();
    ds = t.dataSource;
  }, 120_000);
  afterAll(() => t?.close());

  it('loads the promised demo: 20 institutions, rich inventories, every plan and review state, dated history', async () => {
    const counts = await seedDemo(ds);
    expect(counts.institutions).toBe(20);
    const db = await readAll(async (em) => ({
      perInstitution: (await em.query(
        `SELECT i.code, count(p.id)::int AS n FROM institutions i LEFT JOIN procedures p ON p.institution_id = i.id GROUP BY i.code`,
      )) as Array<{ code: string; n: number }>,
      plans: (await em.query(
        `SELECT status::text, (review_comment IS NOT NULL AND submitted_at IS NOT NULL) AS returned, count(*)::int AS n FROM simplification_plans GROUP BY 1, 2`,
      )) as Array<{ status: string; returned: boolean; n: number }>,
      assessments: (await em.query(`SELECT DISTINCT status::text FROM maturity_assessments ORDER BY 1`)).map(
        (r: { status: string }) => r.status,
      ),
      ended: Number((await em.query(`SELECT count(*) FROM requirements WHERE effective_to IS NOT NULL AND status <> 'active'`))[0].count),
      unknownDays: Number((await em.query(`SELECT count(*) FROM procedures WHERE actual_median_days IS NULL`))[0].count),
      liaisons: (
        await em.query(
          `SELECT i.code FROM institutions i WHERE EXISTS (SELECT 1 FROM users u WHERE u.institution_id = i.id AND u.status = 'active' AND u.role = 'liaison')`,
        )
      ).length,
      historyMonths: Number((await em.query(`SELECT count(DISTINCT date_trunc('month', changed_at)) FROM procedure_changes`))[0].count),
      levels: Number((await em.query(`SELECT count(DISTINCT current_level) FROM procedures`))[0].count),
      milestones: (
        await em.query(`SELECT count(*) FILTER (WHERE completed_late) ::int AS late, count(*) FILTER (WHERE completed_late = false)::int AS on_time,
          count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND due_date < CURRENT_DATE)::int AS overdue,
          count(*) FILTER (WHERE status IN ('pending', 'in_progress') AND due_date >= CURRENT_DATE)::int AS upcoming FROM milestones`)
      )[0],
      login: (
        await em.query(
          `SELECT status::text, password_hash IS NOT NULL AS can_sign_in FROM users WHERE email = 'enlace.mineco@demo.simplifica.gt'`,
        )
      )[0],
    }));
    expect(db.perInstitution).toHaveLength(20);
    expect(db.perInstitution.filter((r) => r.n >= 15 && r.n <= 40).length).toBeGreaterThanOrEqual(10);
    expect(
      db.perInstitution
        .filter((r) => r.n === 0)
        .map((r) => r.code)
        .sort(),
    ).toEqual(['SBS', 'SCSP']);
    expect(db.plans).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ status: 'approved' }),
        expect.objectContaining({ status: 'submitted' }),
        expect.objectContaining({ status: 'draft', returned: true }),
        expect.objectContaining({ status: 'draft', returned: false }),
      ]),
    );
    expect(db.assessments).toEqual(['rejected', 'submitted', 'validated']);
    expect(db.ended).toBeGreaterThan(50);
    expect(db.unknownDays).toBeGreaterThan(0);
    expect(db.liaisons).toBeGreaterThanOrEqual(10);
    expect(db.historyMonths).toBeGreaterThanOrEqual(13);
    expect(db.levels).toBe(6);
    expect(Object.values(db.milestones).every((n) => Number(n) > 0)).toBe(true);
    expect(db.login).toEqual({ status: 'active', can_sign_in: true });
  });

  it('writes nothing twice', async () => {
    const before = await tableCounts();
    expect(before.procedures).toBeGreaterThanOrEqual(250);
    const counts = await seedDemo(ds);
    const { unknownAsZero, ...written } = counts;
    expect(unknownAsZero).toEqual({});
    expect(Object.values(written).every((n) => n === 0)).toBe(true);
    expect(await tableCounts()).toEqual(before);
  });

  it('has a 12-month score history in which the country and most institutions improve, a few stand still and one or two fall behind', async () => {
    // What `npm start` runs after the seed: today's scores, then the history (`npm run scores:backfill -- --months 12`).
    const scoring = t.app.get(ScoringService);
    await scoring.recomputeAll();
    await scoring.backfill(12);
    const history = await readAll(async (em) => ({
      national: (await em.query(`SELECT snapshot_date::text AS day, score::float AS score, (components->>'institutions')::int AS scored
          FROM score_snapshots WHERE scope = 'national' ORDER BY snapshot_date`)) as Array<{ day: string; score: number; scored: number }>,
      institutions: (await em.query(`SELECT i.code, first_value(s.score::float) OVER w AS first, last_value(s.score::float) OVER w AS last
          FROM score_snapshots s JOIN institutions i ON i.id = s.subject_id WHERE s.scope = 'institution' AND s.score IS NOT NULL
          WINDOW w AS (PARTITION BY i.code ORDER BY s.snapshot_date ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`)) as Array<{
        code: string;
        first: number;
        last: number;
      }>,
    }));
    const { national } = history;
    expect(national.length).toBeGreaterThanOrEqual(13);
    const [yearAgo, halfYearAgo, today] = [
      national[0],
      national.find((n) => n.day >= addDays(national[national.length - 1].day, -183))!,
      national[national.length - 1],
    ];
    // The same institutions are scored all year (no inventory arrives inside the window), so the trend is theirs.
    expect(new Set(national.map((n) => n.scored))).toEqual(new Set([18]));
    expect(today.score - yearAgo.score).toBeGreaterThanOrEqual(4);
    expect(today.score).toBeGreaterThan(halfYearAgo.score);

    const change = new Map(history.institutions.map((r) => [r.code, r.last - r.first]));
    expect(change.size).toBe(18);
    const improved = [...change].filter(([, d]) => d >= 2).map(([c]) => c);
    expect(improved.length).toBeGreaterThanOrEqual(10);
    expect(improved).toEqual(expect.arrayContaining(['MINFIN', 'MINGOB', 'MUNIGUATE', 'MIDES', 'SEGEPLAN']));
    // MINEDUC never accepted the invitation: nobody there keeps up with the records, and the reports it owes go unsent.
    expect(change.get('MINEDUC')).toBeLessThan(0);
  }, 120_000);
});
