/**
 * Methodology v1 (domain reference §4–§5) as data: weights and parameters live in the `methodologies` table,
 * versioned; these types and the defaults are the contract.
 */
export const PROCEDURE_COMPONENTS = ['maturity', 'legalBasis', 'noProhibited', 'publication', 'resolutionTime', 'freshness', 'satisfaction'] as const;
export type ProcedureComponent = (typeof PROCEDURE_COMPONENTS)[number];

export const INSTITUTION_COMPONENTS = ['procedures', 'planExecution', 'reporting'] as const;
export type InstitutionComponent = (typeof INSTITUTION_COMPONENTS)[number];

export interface MethodologyParameters {
  procedureWeights: Record<ProcedureComponent, number>;
  institutionWeights: Record<InstitutionComponent, number>;
  /** Penalty per active prohibited requirement (0.5: two of them zero the component). */
  prohibitedPenalty: number;
  /** Value of the resolution-time component when legal or actual days are unknown. */
  unknownTimeValue: number;
  /** Reviewed within this many days → freshness 1; falls linearly to 0 at freshZeroDays. */
  freshFullDays: number;
  freshZeroDays: number;
  /** Target level assumed when a procedure has none (level 4: the two-year deadline). */
  defaultTargetLevel: number;
  /** Quarterly reports are expected from this date on. */
  reportingSince: string;
  burden: BurdenParameters;
}

export interface BurdenParameters {
  /** GTQ per hour of a person's time. */
  hourValueGtq: number;
  /** GTQ per in-person visit (transport, costs). */
  visitCostGtq: number;
  /** GTQ per day of waiting for the result. */
  dailyOpportunityCostGtq: number;
  /** Hours to gather each requirement. */
  hoursPerRequirement: number;
  /** Hours each visit takes. */
  hoursPerVisit: number;
}

export const DEFAULT_METHODOLOGY: MethodologyParameters = {
  procedureWeights: { maturity: 35, legalBasis: 15, noProhibited: 15, publication: 10, resolutionTime: 10, freshness: 5, satisfaction: 10 },
  institutionWeights: { procedures: 60, planExecution: 25, reporting: 15 },
  prohibitedPenalty: 0.5,
  unknownTimeValue: 0.5,
  freshFullDays: 180,
  freshZeroDays: 365,
  defaultTargetLevel: 4,
  reportingSince: '2026-01-01',
  burden: { hourValueGtq: 25, visitCostGtq: 60, dailyOpportunityCostGtq: 15, hoursPerRequirement: 1.5, hoursPerVisit: 3 },
};

/** Located problems of a proposed methodology (empty when valid). Pure; used by the API before saving. */
export function methodologyProblems(m: MethodologyParameters): Array<{ field: string; messages: string[] }> {
  const problems: Array<{ field: string; messages: string[] }> = [];
  const checkWeights = (group: 'procedureWeights' | 'institutionWeights', keys: readonly string[]) => {
    const weights = m[group] as Record<string, number>;
    for (const k of keys) {
      const w = weights[k];
      if (typeof w !== 'number' || !Number.isFinite(w)) problems.push({ field: `${group}.${k}`, messages: ['debe ser un número'] });
      else if (w < 0) problems.push({ field: `${group}.${k}`, messages: ['no puede ser negativo'] });
    }
    const sum = keys.reduce((s, k) => s + (Number.isFinite(weights[k]) ? weights[k] : 0), 0);
    if (Math.abs(sum - 100) > 1e-9) problems.push({ field: group, messages: [`los pesos deben sumar 100 (suman ${Math.round(sum * 100) / 100})`] });
  };
  checkWeights('procedureWeights', PROCEDURE_COMPONENTS);
  checkWeights('institutionWeights', INSTITUTION_COMPONENTS);
  if (!(m.freshZeroDays > m.freshFullDays)) problems.push({ field: 'freshZeroDays', messages: ['debe ser mayor que freshFullDays'] });
  for (const [k, v] of Object.entries(m.burden)) if (!(v >= 0)) problems.push({ field: `burden.${k}`, messages: ['no puede ser negativo'] });
  if (!(m.prohibitedPenalty >= 0 && m.prohibitedPenalty <= 1)) problems.push({ field: 'prohibitedPenalty', messages: ['debe estar entre 0 y 1'] });
  if (!(m.unknownTimeValue >= 0 && m.unknownTimeValue <= 1)) problems.push({ field: 'unknownTimeValue', messages: ['debe estar entre 0 y 1'] });
  return problems;
}
