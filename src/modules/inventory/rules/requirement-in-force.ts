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

/** Legal bases that found a requirement (Art. 5: a law or a government agreement); the others do not. */
export const FOUNDING_LEGAL_BASES = ['law', 'government_agreement'] as const;

/** Whether a requirement's legal basis founds it (the one definition, for loaded rows). */
export const hasFoundingLegalBasis = (legalBasisType: string): boolean =>
  (FOUNDING_LEGAL_BASES as readonly string[]).includes(legalBasisType);

/** The same rule in SQL, for requirement `alias`. */
export const hasFoundingLegalBasisSql = (alias: string): string =>
  `${alias}.legal_basis_type IN (${FOUNDING_LEGAL_BASES.map((b) => `'${b}'`).join(', ')})`;
