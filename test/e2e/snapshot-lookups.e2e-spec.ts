import { randomUUID } from 'node:crypto';
import { DATED_FIELDS } from '../../src/modules/scoring/institution-data';
import { INSTITUTION_SQL, INSTITUTION_TREND_SQL, RANKING_SQL } from '../../src/modules/public-api/public-api.sql';
import { RUN_STATE_SQL } from '../../src/modules/scoring/scoring.sql';
import { SCORE_BEFORE_QUARTER_SQL, SCORE_IN_QUARTER_SQL } from '../../src/modules/inventory/reports/progress-reports.sql';
import { dayMinus } from '../../src/modules/scoring/satisfaction';
import { asScope, createInstitution, TestInstitution } from '../helpers/factories';
import { withOwner } from '../helpers/migrations';
import { createTestApp, TestApp } from '../helpers/test-app';

/**
 * Lookups of an institution's own snapshots (its latest score, its trend) read its own rows, whatever the history of its
 * procedures: 60 days of 100 procedure rows sit beside them here, as a year of daily runs would in production, and every
 * lookup must stay within a handful of pages. Read by `institution_id`, the latest institution row was found by stepping
 * over the procedure rows: hundreds of pages here, 8 ms a lookup with 120 days of 200 procedures.
 */
describe('Snapshot lookups: an institution’s own rows, not its procedures’ history', () => {
  let t: TestApp;
  let inst: TestInstitution;
  const DAYS = 60;
  const PROCEDURES = 100;

  /** Shared buffers a statement touched (hit or read), from its plan as run. */
  const pagesOf = async (sql: string, params: unknown[], scope: 'tenant' | 'read_all' = 'tenant'): Promise<number> => {
    const [row] = (await asScope(t.dataSource, scope, inst.id, (em) =>
      em.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params),
    )) as Array<{ 'QUERY PLAN': Array<{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }> }>;
    const plan = row['QUERY PLAN'][0].Plan;
    return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
  };

  beforeAll(async () => {
    t = await createTestApp();
    inst = await createInstitution(t.dataSource, 'Secretaría de los Archivos Largos');
    const procedures = Array.from({ length: PROCEDURES }, () => randomUUID());
    // Day by day, as the runs write them: the procedure rows of a day, then the institution's row. Day d (days ago)
    // scores 70 + d % 13 for the institution, 20 + d % 13 for its procedures: a lookup that took a procedure's row shows.
    await asScope(t.dataSource, 'tenant', inst.id, (em) =>
      em.query(
        `INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, findings_digest)
         SELECT s.scope::score_scope, s.subject, $1, current_date - d, 1, s.base + d % 13, '{}'::jsonb,
                CASE WHEN s.scope = 'institution' THEN 'detección:' || d END
           FROM generate_series(1, $2::int) d
           CROSS JOIN LATERAL (SELECT 'procedure' AS scope, p AS subject, 0 AS o, 20 AS base FROM unnest($3::uuid[]) p
                               UNION ALL SELECT 'institution', $1::uuid, 1, 70) s
          ORDER BY d DESC, s.o`,
        [inst.id, DAYS, procedures],
      ),
    );
    // Fresh statistics, as autovacuum keeps them: the plans are chosen for a table with that history.
    await withOwner((owner) => owner.query('ANALYZE score_snapshots'));
  }, 120_000);

  afterAll(() => t?.close());

  it('the public institution and ranking find its latest row in a few pages', async () => {
    expect(await pagesOf(`${INSTITUTION_SQL} AND i.id = $1`, [inst.id])).toBeLessThan(20);
    // The ranking also finds the row 30 days earlier, stepping back over one row a day.
    expect(await pagesOf(RANKING_SQL('i.id = $1', 30), [inst.id])).toBeLessThan(20 + 30);
  });

  it('the trend reads one row a day, not the procedures of each day', async () => {
    // One page per day at most (each day's row lies among that day's procedure rows).
    expect(await pagesOf(INSTITUTION_TREND_SQL, [inst.id])).toBeLessThan(DAYS + 10);
  });

  it('each lookup finds the institution’s own score of the right day', async () => {
    const at = (daysAgo: number) => (70 + (daysAgo % 13)).toFixed(2);
    const one = async (sql: string, params: unknown[], column: string) => {
      const rows = (await asScope(t.dataSource, 'tenant', inst.id, (em) => em.query(sql, params))) as Array<Record<string, unknown>>;
      return rows[0]?.[column] === undefined || rows[0][column] === null ? null : Number(rows[0][column]).toFixed(2);
    };
    // the rows' days count back from PostgreSQL's current date
    const [{ today }] = (await t.dataSource.query(`SELECT current_date::text AS today`)) as Array<{ today: string }>;
    expect(await one(`${INSTITUTION_SQL} AND i.id = $1`, [inst.id], 'score')).toBe(at(1));
    expect(await one(RUN_STATE_SQL.text, [inst.id, today, DATED_FIELDS, false, null], 'previousScore')).toBe(at(1));
    // The quarter summary of a progress report: the last score before its first day and the last within it.
    const daysAgo = (n: number) => dayMinus(today, n);
    expect(await one(SCORE_BEFORE_QUARTER_SQL, [inst.id, daysAgo(30)], 'score')).toBe(at(31));
    expect(await one(SCORE_IN_QUARTER_SQL, [inst.id, daysAgo(30), daysAgo(10)], 'score')).toBe(at(10));
  });

  it("the score run's state finds the previous score in a few pages", async () => {
    const pages = await pagesOf(RUN_STATE_SQL.text, [inst.id, new Date().toISOString().slice(0, 10), DATED_FIELDS, false, null]);
    // Its other probes and the stamp of the institution's input tables (empty here) take two pages each.
    expect(pages).toBeLessThan(50);
  });
});
