/** Half-up rounding to 2 places (scores, GTQ, hours): the one rounding every published figure goes through. */
export const round2 = (x: number): number => Math.round((x + Number.EPSILON) * 100) / 100;

/** Half-up rounding to 4 places (component values, weights and points, which are summed before the final round2). */
export const round4 = (x: number): number => Math.round((x + Number.EPSILON) * 10000) / 10000;
