/**
 * SQL condition "requirement `alias` applies on `day`" (an SQL date expression or parameter): its period covers the
 * day. The period alone decides: ending a requirement sets its end date (and a status saying how it ended), so one
 * ended on a future date still applies until then. The one definition for the API, scores, public data and exports.
 */
export const requirementInForceSql = (alias: string, day: string): string =>
  `${alias}.effective_from <= ${day} AND (${alias}.effective_to IS NULL OR ${alias}.effective_to > ${day})`;

/** The same rule for a loaded requirement (dates as YYYY-MM-DD): the one definition, in TypeScript, for computations over loaded rows. */
export const requirementInForce = (r: { effectiveFrom: string; effectiveTo: string | null }, day: string): boolean =>
  r.effectiveFrom <= day && (r.effectiveTo === null || r.effectiveTo > day);
