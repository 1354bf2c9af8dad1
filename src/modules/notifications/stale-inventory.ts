import { addDays, formatDateEs } from './reminder-format';

/** Domain reference §7: a procedure not reviewed for this many days goes into the monthly reminder. */
export const STALE_INVENTORY_DEFAULT_DAYS = 180;
/** How many stale procedures one reminder lists (the count covers all of them). */
export const STALE_INVENTORY_LIST_LIMIT = 20;

export interface StaleInventoryWindow {
  /** First day of today's month: the reminder's due date, and the day the set is computed "as of". */
  monthStart: string;
  /** Stage of the dedupe key: one reminder per institution and month, whatever day of the month it is evaluated. */
  stage: string;
  /** A procedure is stale when its last review (or, never reviewed, its registration) is before this date. */
  reviewedBefore: string;
  days: number;
}

/**
 * The month's window for a Guatemala calendar day (YYYY-MM-DD): stale means "more than `days` days without review
 * before the first day of the month", so every evaluation in the month computes the same set and the same key.
 */
export function staleInventoryWindow(today: string, days: number = STALE_INVENTORY_DEFAULT_DAYS): StaleInventoryWindow {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(today);
  if (!m) throw new RangeError(`Fecha inválida: ${today}`);
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Días inválidos: ${days}`);
  const monthStart = `${m[1]}-${m[2]}-01`;
  return { monthStart, stage: `month-${m[1]}-${m[2]}`, reviewedBefore: addDays(monthStart, -days), days };
}

/**
 * SQL condition "this procedure is stale": active (not eliminated nor merged) and last reviewed — or, never reviewed,
 * registered (Guatemala date) — before `cutoff` (an SQL date expression). Shared by the evaluation and the send-time re-check.
 */
export const staleProcedureCondition = (alias: string, cutoff: string): string =>
  `${alias}.status = 'active' AND COALESCE(${alias}.last_reviewed_at, (${alias}.created_at AT TIME ZONE 'America/Guatemala')::date) < ${cutoff}`;

/** A stale procedure as stored in the reminder's payload (dates as YYYY-MM-DD). */
export interface StaleProcedure {
  code: string;
  name: string;
  lastReviewedAt: string | null;
  registeredOn: string;
}

/** What the templates show for each stale procedure: code, name and a Spanish sentence about its last review. */
export function staleProcedureLines(items: readonly StaleProcedure[]): Array<{ code: string; name: string; lastReviewed: string }> {
  return items.map((p) => ({
    code: p.code,
    name: p.name,
    lastReviewed: p.lastReviewedAt
      ? `última revisión el ${formatDateEs(p.lastReviewedAt)}`
      : `sin revisión registrada (inscrito el ${formatDateEs(p.registeredOn)})`,
  }));
}

/** "3 trámites vigentes llevan más de 180 días sin revisión" (singular when one). */
export function staleSummary(count: number, days: number): string {
  return count === 1
    ? `1 trámite vigente lleva más de ${days} días sin revisión`
    : `${count} trámites vigentes llevan más de ${days} días sin revisión`;
}
