import { round2 } from '../../common/math/round';
import { ProcedureDay, InstitutionDay } from './as-of';
import { BurdenComparison, ProcedureBurdenInputs, procedureBurdenOf } from './burden';
import { InstitutionScore, scoreInstitution } from './institution-score';
import { MethodologyParameters } from './methodology';
import { ProcedureInputs, procedureScore } from './procedure-score';
import { ProcedureSnapshotComponents } from './procedure-snapshot';

export interface ProcedureSnapshotRow {
  id: string;
  score: number;
  /**
   * What the snapshot stores: the inputs of the score formula and of the burden comparison. Component values, weights,
   * advice and the burden figures are derived again on read with the snapshot's methodology version
   * (`explainProcedureSnapshot`).
   */
  components: ProcedureSnapshotComponents;
  /** The burden comparison of the day (summed into the institution's figures; not stored with the procedure). */
  burden: BurdenComparison;
}

const money = (s: string | null): number | null => (s === null ? null : Number(s));

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : round2((s[mid - 1] + s[mid]) / 2);
};

/** What the procedure formula reads, from a procedure's state on a day. */
export const procedureInputsOf = (p: ProcedureDay): ProcedureInputs => {
  const r = p.record;
  return {
    currentLevel: r.currentLevel,
    targetLevel: r.targetLevel,
    activeRequirements: p.activeRequirements,
    requirementsWithLegalBasis: p.withBasis,
    activeProhibited: p.prohibited,
    hasDescription: Boolean(r.description?.trim()),
    hasLegalBasis: Boolean(r.legalBasis?.trim()),
    feePublished: r.feeGtq !== null,
    hasLegalTime: r.legalMaxDays !== null,
    freeFormsOnline: r.formsUrl !== null && r.formsFree === true,
    legalMaxDays: r.legalMaxDays,
    actualMedianDays: r.actualMedianDays,
    daysSinceReview: p.daysSinceReview,
    averageRating: p.ratings?.mean ?? null,
    // stored with the snapshot only when there are ratings, so snapshots without any stay as they were
    ...(p.ratings?.n ? { ratingCount: p.ratings.n } : {}),
    declaredLevel: r.declaredLevel,
  };
};

/** What the burden comparison reads of a procedure's state on a day, besides the formula's inputs. */
export const procedureBurdenInputsOf = (p: ProcedureDay): ProcedureBurdenInputs => {
  const r = p.record;
  return {
    feeGtq: money(r.feeGtq),
    visits: r.inPersonVisits,
    annualVolume: r.annualVolume,
    baseline: { feeGtq: money(r.baselineFeeGtq), requirements: r.baselineRequirements, visits: r.baselineVisits, days: r.baselineDays },
  };
};

/** A procedure's burden at its baseline and on the day (the baseline uses the current annual volume). */
export const procedureBurden = (p: ProcedureDay, m: MethodologyParameters): BurdenComparison =>
  procedureBurdenOf(
    { activeRequirements: p.activeRequirements, actualMedianDays: p.record.actualMedianDays },
    procedureBurdenInputsOf(p),
    m.burden,
  );

/** The institution formula's inputs on a day, with each procedure's score. */
export function institutionScoreOf(day: InstitutionDay, procedureScores: readonly number[], m: MethodologyParameters): InstitutionScore {
  return scoreInstitution(
    {
      procedures: day.procedures.map((p, i) => ({ score: procedureScores[i], annualVolume: p.record.annualVolume })),
      planOwed: day.planOwed,
      hasApprovedPlan: day.hasApprovedPlan,
      milestonesDue: day.milestones.due,
      milestonesDueOnTime: day.milestones.dueOnTime,
      reportsDue: day.reportsDue.length,
      reportsOnTime: day.reportsDue.filter((q) => q.onTime).length,
    },
    m,
  );
}

/**
 * One institution on one day, pure: procedure scores and burden, the institution score (null without procedures) and
 * the indicators of domain reference §6. The scoring service only loads the records and writes the result.
 */
export function runInstitution(day: InstitutionDay, m: MethodologyParameters) {
  const procedures: ProcedureSnapshotRow[] = day.procedures.map((p) => {
    const inputs = procedureInputsOf(p);
    const burdenInputs = procedureBurdenInputsOf(p);
    return {
      id: p.record.id,
      score: procedureScore(inputs, m),
      components: { inputs, burdenInputs },
      burden: procedureBurdenOf(inputs, burdenInputs, m.burden),
    };
  });
  const institution = institutionScoreOf(
    day,
    procedures.map((p) => p.score),
    m,
  );

  const rows = day.procedures;
  const levels: Record<string, number> = {};
  for (const r of rows) levels[r.record.currentLevel] = (levels[r.record.currentLevel] ?? 0) + 1;
  const activeRequirements = rows.reduce((s, r) => s + r.activeRequirements, 0);
  const withBasis = rows.reduce((s, r) => s + r.withBasis, 0);
  const sum = (f: (b: BurdenComparison) => number) => round2(procedures.reduce((s, p) => s + f(p.burden), 0));
  const burden = {
    baselineYearlyCostGtq: sum((b) => b.baseline.yearlyCostGtq),
    currentYearlyCostGtq: sum((b) => b.current.yearlyCostGtq),
    baselineYearlyHours: sum((b) => b.baseline.yearlyHours),
    currentYearlyHours: sum((b) => b.current.yearlyHours),
    savingsGtq: sum((b) => b.savings.yearlyCostGtq),
    savingsHours: sum((b) => b.savings.yearlyHours),
    proceduresWithUnknownFigures: procedures.filter((p) => p.burden.unknown.length > 0 || p.burden.assumedUnchanged.length > 0).length,
    parameters: m.burden,
  };
  const known = (f: (p: ProcedureDay) => number | null) =>
    rows.flatMap((r) => {
      const v = f(r);
      return v === null ? [] : [v];
    });
  const indicators = {
    procedures: {
      registered: rows.length,
      prioritized: rows.filter((r) => r.record.prioritized).length,
      foreignTrade: rows.filter((r) => r.record.foreignTrade).length,
      online: rows.filter((r) => r.record.currentLevel >= 4).length,
      inProgress: rows.filter((r) => r.openMilestones > 0).length,
      unknownFee: rows.filter((r) => r.record.feeGtq === null).length,
    },
    levels,
    requirements: {
      active: activeRequirements,
      withLegalBasis: withBasis,
      withLegalBasisShare: activeRequirements ? round2(withBasis / activeRequirements) : null,
      prohibitedActive: rows.reduce((s, r) => s + r.prohibited, 0),
      eliminatedSinceBaseline: rows.reduce((s, r) => s + r.eliminatedSinceBaseline, 0),
    },
    milestones: {
      metOnTime: day.milestones.metOnTime,
      metLate: day.milestones.metLate,
      overdue: day.milestones.overdue,
      open: day.milestones.open,
    },
    reports: { due: day.reportsDue.length, onTime: day.reportsDue.filter((q) => q.onTime).length },
    resolutionDays: {
      medianActual: median(known((r) => r.record.actualMedianDays)),
      medianLegal: median(known((r) => r.record.legalMaxDays)),
    },
    actionsByType: day.actionsByType,
  };
  return { procedures, institution, indicators, burden };
}

export type InstitutionRun = ReturnType<typeof runInstitution>;
