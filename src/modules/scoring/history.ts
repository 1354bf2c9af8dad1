import { addMonths } from './institution-score';

/**
 * Snapshot history and its retention (ADR 0004): one snapshot per subject and day for the last
 * DAILY_RETENTION_DAYS days, then one per calendar month (the month's last snapshot). The scheduled prune applies it;
 * the backfill computes exactly the days the retention would keep.
 */
export const DAILY_RETENTION_DAYS = 90;

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const lastDayOfMonth = (day: string): string => {
  const [y, m] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** First day kept daily on `today`: older snapshots are thinned to one per month. */
export const dailyWindowStart = (today: string): string => addDays(today, -(DAILY_RETENTION_DAYS - 1));

/**
 * The days a backfill of `months` months before `today` computes, oldest first, today excluded (the regular run
 * computes today): the last day of each month before the daily window, then every day of the window.
 */
export function backfillDays(today: string, months: number): string[] {
  const start = addMonths(today, -months);
  const windowStart = dailyWindowStart(today);
  const days: string[] = [];
  for (let month = lastDayOfMonth(start); month < windowStart; month = lastDayOfMonth(addDays(month, 1))) {
    if (month >= start) days.push(month);
  }
  for (let d = windowStart > start ? windowStart : start; d < today; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The retention's statements live in history.sql.ts; re-exported for the scoring run. */
export { PRUNE_INSTITUTION_SNAPSHOTS_SQL, PRUNE_NATIONAL_SNAPSHOTS_SQL } from './history.sql';
