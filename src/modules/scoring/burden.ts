import { round2 } from '../../common/math/round';
import { BurdenParameters } from './methodology';

/** One side of the comparison (baseline or now). Unknown figures are null, never 0. */
export interface BurdenInputs {
  feeGtq: number | null;
  requirements: number;
  visits: number | null;
  /** Waiting days. */
  days: number | null;
  annualVolume: number | null;
}

export interface BurdenFigures {
  hoursPerApplication: number;
  costPerApplicationGtq: number;
  yearlyCostGtq: number;
  yearlyHours: number;
}

/**
 * Standard Cost Model (domain reference §5):
 * cost per application = fee + hours × value of an hour + visits × cost of a visit + waiting days × daily opportunity cost,
 * hours = requirements × hours per requirement + visits × hours per visit; yearly = per application × annual volume.
 * An unknown term adds nothing here; `compareBurden` says which terms were unknown.
 */
export function burdenOf(b: BurdenInputs, p: BurdenParameters): BurdenFigures {
  const visits = b.visits ?? 0;
  const hours = b.requirements * p.hoursPerRequirement + visits * p.hoursPerVisit;
  const cost = (b.feeGtq ?? 0) + hours * p.hourValueGtq + visits * p.visitCostGtq + (b.days ?? 0) * p.dailyOpportunityCostGtq;
  const volume = b.annualVolume ?? 0;
  return {
    hoursPerApplication: round2(hours),
    costPerApplicationGtq: round2(cost),
    yearlyCostGtq: round2(cost * volume),
    yearlyHours: round2(hours * volume),
  };
}

export interface BurdenComparison {
  baseline: BurdenFigures;
  current: BurdenFigures;
  savings: { yearlyCostGtq: number; yearlyHours: number };
  /** Terms known on one side only: taken as unchanged (the known value on both sides), so no saving is invented. */
  assumedUnchanged: string[];
  /** Terms unknown on both sides (left out of both), and `annualVolume` when unknown (no yearly figures). */
  unknown: string[];
}

const TERMS = ['feeGtq', 'visits', 'days'] as const;

/** Baseline vs now. A figure unknown on one side is assumed unchanged; unknown on both, it is left out and listed. */
export function compareBurden(baseline: BurdenInputs, current: BurdenInputs, p: BurdenParameters): BurdenComparison {
  const b = { ...baseline };
  const c = { ...current };
  const assumedUnchanged: string[] = [];
  const unknown: string[] = [];
  for (const t of TERMS) {
    if (b[t] === null && c[t] === null) {
      unknown.push(t);
    } else if (b[t] === null || c[t] === null) {
      b[t] ??= c[t];
      c[t] ??= b[t];
      assumedUnchanged.push(t);
    }
  }
  if (current.annualVolume === null) unknown.push('annualVolume');
  const bf = burdenOf(b, p);
  const cf = burdenOf(c, p);
  return {
    baseline: bf,
    current: cf,
    savings: { yearlyCostGtq: round2(bf.yearlyCostGtq - cf.yearlyCostGtq), yearlyHours: round2(bf.yearlyHours - cf.yearlyHours) },
    assumedUnchanged,
    unknown,
  };
}

/**
 * What a procedure's burden comparison reads besides the score formula's inputs, stored with its snapshot (issue 17):
 * the figures on the day (fee, visits, annual volume) and at its baseline. The requirements and the waiting days now are
 * the formula's `activeRequirements` and `actualMedianDays`; the comparison is derived again on read, with the
 * parameters of the snapshot's methodology version (`procedureBurdenOf`).
 */
export interface ProcedureBurdenInputs {
  feeGtq: number | null;
  visits: number | null;
  annualVolume: number | null;
  baseline: { feeGtq: number | null; requirements: number; visits: number | null; days: number | null };
}

/** A procedure's burden at its baseline and on the day (the baseline uses the day's annual volume). */
export function procedureBurdenOf(
  now: { activeRequirements: number; actualMedianDays: number | null },
  b: ProcedureBurdenInputs,
  p: BurdenParameters,
): BurdenComparison {
  return compareBurden(
    { ...b.baseline, annualVolume: b.annualVolume },
    { feeGtq: b.feeGtq, requirements: now.activeRequirements, visits: b.visits, days: now.actualMedianDays, annualVolume: b.annualVolume },
    p,
  );
}
