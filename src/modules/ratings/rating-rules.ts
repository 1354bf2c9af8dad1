/**
 * The rules of citizens' ratings, pure (unit tested): limits, the burst that holds ratings for review, and the
 * window of the aggregate. Documented for people in the README (section "Valoraciones ciudadanas").
 */

/** The marks of a rating: overall and the three dimensions, each 1–5. */
export const RATING_DIMENSIONS = ['overall', 'clarity', 'timeTaken', 'treatment'] as const;
export type RatingDimension = (typeof RATING_DIMENSIONS)[number];

export const COMMENT_MAX_LENGTH = 1000;

/** One rating per procedure per browser for this long (signed cookie). */
export const ONE_PER_BROWSER_MS = 30 * 86_400_000;
/** One rating per procedure per network for this long (keyed hash of the address, in Redis). */
export const ONE_PER_NETWORK_MS = 86_400_000;

/** Rate limits of the rating form: per network across procedures, and per procedure whoever sends. */
export const RATING_LIMITS = {
  perNetwork: { max: 10, windowMs: 3_600_000 },
  perSubject: { max: 60, windowMs: 3_600_000 },
};

/**
 * A burst: at least `minRatings` ratings of one procedure within `windowMinutes` (the new one included), of which at
 * least `share` give the same extreme overall mark (1 or 5). While it lasts, a new rating with that mark is held for
 * review instead of counting: an analyst counts or discards it (/app/opiniones).
 */
export const BURST_RULE = { windowMinutes: 60, minRatings: 5, share: 0.8 };

export interface BurstVerdict {
  held: boolean;
  /** Spanish, for the analyst: why it was held. */
  reason: string | null;
}

/** Whether a new rating (its overall mark) falls in a burst, given the overall marks of the window's earlier ratings. */
export function burstVerdict(earlier: readonly number[], overall: number, rule = BURST_RULE): BurstVerdict {
  const extreme = overall === 1 || overall === 5;
  const all = [...earlier, overall];
  if (!extreme || all.length < rule.minRatings) return { held: false, reason: null };
  const same = all.filter((o) => o === overall).length;
  if (same / all.length < rule.share) return { held: false, reason: null };
  return {
    held: true,
    reason: `Ráfaga: ${all.length} valoraciones en ${rule.windowMinutes} minutos, ${same} con ${overall} de 5 en la valoración general`,
  };
}
