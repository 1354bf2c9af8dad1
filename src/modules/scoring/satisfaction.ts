import { RatingRecordRow } from './satisfaction.sql';

/**
 * The satisfaction component's inputs (issue 18): citizens' ratings counted on the procedure page (not held by the
 * burst rule, not discarded), over the last 12 months of the day scored. The methodology decides from how many
 * ratings the component applies and how a mean of 1–5 becomes a value (`SatisfactionParameters`).
 */
export const SATISFACTION_WINDOW_DAYS = 365;

export type RatingRecord = RatingRecordRow;

export interface SatisfactionParameters {
  /** Ratings needed in the window for the component to apply; fewer: not applicable (its weight is shared out). */
  minRatings: number;
  /**
   * From the mean overall rating (1–5) to the component's value (0–1): points of a piecewise-linear scale, by
   * ascending mean; below the first point its value, above the last its value.
   */
  scale: Array<{ mean: number; value: number }>;
}

/** Mean / 5, as the domain reference states it (1 → 0.2, 5 → 1), from 10 ratings. */
export const DEFAULT_SATISFACTION: SatisfactionParameters = {
  minRatings: 10,
  scale: [
    { mean: 1, value: 0.2 },
    { mean: 5, value: 1 },
  ],
};

/** The value of a mean rating on the scale (piecewise linear). Pure. */
export function satisfactionValue(mean: number, scale: SatisfactionParameters['scale']): number {
  if (!scale.length) return mean / 5;
  if (mean <= scale[0].mean) return scale[0].value;
  for (let i = 1; i < scale.length; i++) {
    const a = scale[i - 1];
    const b = scale[i];
    if (mean <= b.mean) return a.value + ((b.value - a.value) * (mean - a.mean)) / (b.mean - a.mean);
  }
  return scale[scale.length - 1].value;
}

/** The day `days` before `day` (YYYY-MM-DD). */
export const dayMinus = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** How many ratings and their mean overall mark in the 12 months up to `day` (records of one procedure). */
export function ratingsOn(records: readonly RatingRecord[] | undefined, day: string): { n: number; mean: number | null } {
  if (!records?.length) return { n: 0, mean: null };
  const since = dayMinus(day, SATISFACTION_WINDOW_DAYS);
  let n = 0;
  let sum = 0;
  for (const r of records) {
    if (r.on > since && r.on <= day) {
      n += 1;
      sum += r.overall;
    }
  }
  return { n, mean: n ? sum / n : null };
}
