import { quarterEnd, reportDueDate } from './report-due-date';

/**
 * Which quarterly reports an institution owes — one rule for scores, reminders and pages: every quarter from the one
 * containing the later of the methodology's `reportingSince` and the institution's adhesion date (bound institutions
 * have none), whose report is due (10 days after the quarter ends) on or before the day asked.
 */
export function reportingStart(reportingSince: string, optedInAt: string | null): string {
  return optedInAt && optedInAt > reportingSince ? optedInAt : reportingSince;
}

export interface OwedQuarter {
  year: number;
  quarter: number;
  dueDate: string;
}

/** Quarters from the one containing `start` whose report is due on or before `until`, oldest first. */
export function owedQuarters(start: string, until: string): OwedQuarter[] {
  const out: OwedQuarter[] = [];
  let year = Number(start.slice(0, 4));
  let quarter = Math.floor((Number(start.slice(5, 7)) - 1) / 3) + 1;
  for (;;) {
    const dueDate = reportDueDate(year, quarter);
    if (dueDate > until) return out;
    out.push({ year, quarter, dueDate });
    quarter = quarter === 4 ? 1 : quarter + 1;
    if (quarter === 1) year++;
  }
}

/** Whether a quarter is owed at all (it ends on or after the reporting start): the same rule, for one quarter. */
export const quarterOwed = (start: string, year: number, quarter: number): boolean => quarterEnd(year, quarter) >= start;

/**
 * The same rule as an SQL condition, for set-based reminder queries: quarter `q` (with `quarter_end`) is owed by
 * institution `i` when it ends on or after GREATEST(reportingSince, i.opted_in_at). `since` is an SQL date expression.
 */
export const quarterOwedSql = (q: string, i: string, since: string): string =>
  `${q}.quarter_end >= GREATEST(${since}, COALESCE(${i}.opted_in_at, ${since}))`;
