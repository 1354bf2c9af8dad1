import { BurdenParameters } from './methodology';
import { round2 } from './procedure-score';

export interface BurdenInputs {
  feeGtq: number;
  requirements: number;
  visits: number;
  /** Waiting days; unknown counts as 0 and is flagged. */
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
 */
export function burdenOf(b: BurdenInputs, p: BurdenParameters): BurdenFigures {
  const hours = b.requirements * p.hoursPerRequirement + b.visits * p.hoursPerVisit;
  const cost = b.feeGtq + hours * p.hourValueGtq + b.visits * p.visitCostGtq + (b.days ?? 0) * p.dailyOpportunityCostGtq;
  const volume = b.annualVolume ?? 0;
  return { hoursPerApplication: round2(hours), costPerApplicationGtq: round2(cost), yearlyCostGtq: round2(cost * volume), yearlyHours: round2(hours * volume) };
}

export interface BurdenComparison {
  baseline: BurdenFigures;
  current: BurdenFigures;
  savings: { yearlyCostGtq: number; yearlyHours: number };
}

export function compareBurden(baseline: BurdenInputs, current: BurdenInputs, p: BurdenParameters): BurdenComparison {
  const b = burdenOf(baseline, p);
  const c = burdenOf(current, p);
  return { baseline: b, current: c, savings: { yearlyCostGtq: round2(b.yearlyCostGtq - c.yearlyCostGtq), yearlyHours: round2(b.yearlyHours - c.yearlyHours) } };
}
