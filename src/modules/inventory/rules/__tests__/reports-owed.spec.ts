import { owedQuarters, quarterOwed, quarterOwedSql, reportingStart } from '../reports-owed';

describe('reports owed (one rule for scores, reminders and pages)', () => {
  it('start from the later of the methodology date and the adhesion date', () => {
    expect(reportingStart('2026-01-01', null)).toBe('2026-01-01');
    expect(reportingStart('2026-01-01', '2025-03-01')).toBe('2026-01-01');
    expect(reportingStart('2026-01-01', '2026-05-15')).toBe('2026-05-15');
  });
  it('list the quarters due between the start and a day (due 10 days after the quarter ends)', () => {
    const q = (start: string, until: string) => owedQuarters(start, until).map((x) => `${x.year}Q${x.quarter} ${x.dueDate}`);
    expect(q('2026-01-01', '2026-10-09')).toEqual(['2026Q1 2026-04-10', '2026Q2 2026-07-10']);
    expect(q('2026-01-01', '2026-10-10')).toEqual(['2026Q1 2026-04-10', '2026Q2 2026-07-10', '2026Q3 2026-10-10']);
    // adhered on 15 May: the second quarter is owed (it contains the adhesion), the first is not
    expect(q('2026-05-15', '2027-01-10')).toEqual(['2026Q2 2026-07-10', '2026Q3 2026-10-10', '2026Q4 2027-01-10']);
    expect(owedQuarters('2026-05-15', '2026-05-20')).toEqual([]);
    expect(quarterOwed('2026-05-15', 2026, 1)).toBe(false);
    expect(quarterOwed('2026-05-15', 2026, 2)).toBe(true);
  });
  it('has the same condition in SQL for set-based reminders', () => {
    expect(quarterOwedSql('q', 'i', '$6::date')).toBe('q.quarter_end >= GREATEST($6::date, COALESCE(i.opted_in_at, $6::date))');
  });
});
