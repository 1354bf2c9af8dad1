import { addMonths } from '../institution-score';
import { backfillDays, DAILY_RETENTION_DAYS, dailyWindowStart } from '../history';
import { aggregateNational, InstitutionSnapshotRow, meanScore, nationalFilter } from '../national';

const row = (
  code: string,
  score: number | null,
  registered: number,
  components: InstitutionSnapshotRow['components'],
  requirements = { active: 0, withLegalBasis: 0 },
): InstitutionSnapshotRow => ({
  institutionId: code,
  code,
  name: `Institución ${code}`,
  type: 'ministry',
  coverage: 'bound',
  sector: null,
  date: '2026-11-29',
  score,
  components,
  indicators: {
    procedures: { registered },
    requirements: { ...requirements, prohibitedActive: 0, eliminatedSinceBaseline: 0 },
    milestones: {},
    reports: {},
    levels: {},
    actionsByType: {},
  },
  burden: { savingsGtq: registered * 10 },
});

describe('national figures', () => {
  it('means over institutions with a score, weighted by procedures, components, and the institutions without inventory apart', () => {
    const rows = [
      // A: 30 + 20 + 9 = 59
      row(
        'A',
        59,
        10,
        [
          { component: 'procedures', value: 0.5, weight: 60, points: 30 },
          { component: 'planExecution', value: 0.8, weight: 25, points: 20 },
          { component: 'reporting', value: 0.6, weight: 15, points: 9 },
        ],
        { active: 20, withLegalBasis: 15 },
      ),
      // B: plan execution does not apply (60 → 80, 15 → 20): 32 + 8 = 40
      row(
        'B',
        40,
        30,
        [
          { component: 'procedures', value: 0.4, weight: 80, points: 32 },
          { component: 'planExecution', value: null, weight: 0, points: 0 },
          { component: 'reporting', value: 0.4, weight: 20, points: 8 },
        ],
        { active: 10, withLegalBasis: 3 },
      ),
      // C: sin inventario
      row('C', null, 0, []),
    ];
    const n = aggregateNational(rows);
    expect(n.score).toBe(49.5); // (59 + 40) / 2 — C stays out
    expect(n.weightedScore).toBe(44.75); // (59·10 + 40·30) / 40
    expect(n.institutions).toEqual({ total: 3, scored: 2, withoutInventory: 1 });
    expect(n.withoutInventory).toEqual([{ code: 'C', name: 'Institución C' }]);
    expect(n.components).toEqual([
      { component: 'procedures', meanValue: 0.45, meanPoints: 31, applicableIn: 2 },
      { component: 'planExecution', meanValue: 0.8, meanPoints: 10, applicableIn: 1 },
      { component: 'reporting', meanValue: 0.5, meanPoints: 8.5, applicableIn: 2 },
    ]);
    expect(n.indicators.procedures).toEqual({ registered: 40 });
    expect(n.indicators.requirements).toMatchObject({ active: 30, withLegalBasis: 18, withLegalBasisShare: 0.6 });
    expect(n.burden).toEqual({ savingsGtq: 400 });
  });

  it('has no mean when no institution has a score', () => {
    expect(aggregateNational([row('C', null, 0, [])])).toMatchObject({
      score: null,
      weightedScore: null,
      institutions: { scored: 0, withoutInventory: 1 },
    });
    expect(meanScore([null, 10, 20, null])).toBe(15);
  });

  it('filters by coverage, type and sector with numbered parameters', () => {
    expect(nationalFilter({}, ['d'])).toMatchObject({ andClause: '', params: ['d'] });
    expect(nationalFilter({ coverage: 'opted_in', sector: 'Salud' }, ['d'])).toMatchObject({
      andClause: ' AND i.coverage = $2 AND lower(i.sector) = lower($3)',
      params: ['d', 'opted_in', 'Salud'],
    });
  });
});

describe('history and retention', () => {
  it('keeps 90 days daily', () => {
    expect(DAILY_RETENTION_DAYS).toBe(90);
    expect(dailyWindowStart('2026-11-29')).toBe('2026-09-01'); // 2026-09-01 … 2026-11-29 = 90 days
  });

  it('backfills the days the retention keeps: month ends before the window, then every day but today', () => {
    const days = backfillDays('2026-11-29', 12);
    expect(addMonths('2026-11-29', -12)).toBe('2025-11-29');
    expect(days.slice(0, 11)).toEqual([
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
      '2026-07-31',
      '2026-08-31',
      '2026-09-01',
    ]);
    expect(days[days.length - 1]).toBe('2026-11-28');
    expect(days).toHaveLength(10 + 89);
    expect(new Set(days).size).toBe(days.length);
    expect(backfillDays('2026-11-29', 1)).toEqual(backfillDays('2026-11-29', 12).filter((d) => d >= '2026-10-29'));
  });
});
