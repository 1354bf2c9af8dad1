import { todayInGuatemala } from '../../../common/time/guatemala-time';

/** Days after the end of a quarter by which its progress report is due. */
const REPORT_GRACE_DAYS = 10;

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** First day of a quarter, YYYY-MM-DD. */
export function quarterStart(year: number, quarter: number): string {
  assertQuarter(year, quarter);
  return iso(new Date(Date.UTC(year, (quarter - 1) * 3, 1)));
}

/** Last day of a quarter, YYYY-MM-DD. */
export function quarterEnd(year: number, quarter: number): string {
  assertQuarter(year, quarter);
  return iso(new Date(Date.UTC(year, quarter * 3, 0)));
}

/** The report of a quarter is due 10 days after the quarter ends (Q1 2026 → 2026-04-10; Q4 2026 → 2027-01-10). */
export function reportDueDate(year: number, quarter: number): string {
  assertQuarter(year, quarter);
  return iso(new Date(Date.UTC(year, quarter * 3, REPORT_GRACE_DAYS)));
}

/** Submitted on or before the due date, counting the calendar day in Guatemala. */
export function submittedOnTime(submittedAt: Date, year: number, quarter: number): boolean {
  return todayInGuatemala(submittedAt) <= reportDueDate(year, quarter);
}

function assertQuarter(year: number, quarter: number): void {
  if (!Number.isInteger(year) || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new RangeError(`Trimestre inválido: ${year}-T${quarter}`);
  }
}
