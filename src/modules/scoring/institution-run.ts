import { compareBurden } from './burden';
import { reportDueDate } from '../inventory/reports/report-due-date';
import { dueQuarters, scoreInstitution } from './institution-score';
import { MethodologyParameters } from './methodology';
import { ProcedureInputs, round2, scoreProcedure } from './procedure-score';
import { ProcedureInputRow } from './score-inputs.sql';

export interface MilestoneCounts {
  due: number;
  due_on_time: number;
  met_on_time: number;
  met_late: number;
  overdue: number;
  open: number;
  approved_plans: number;
}

export interface InstitutionRunInput {
  procedures: ProcedureInputRow[];
  milestones: MilestoneCounts;
  reports: Array<{ year: number; quarter: number; submitted_on: string }>;
  actions: Array<{ type: string; n: number }>;
  methodology: MethodologyParameters;
  today: string;
  /** Reports expected from here (the later of the methodology's date and the institution's adhesion). */
  reportingSince: string;
}

export interface ProcedureSnapshotRow {
  id: string;
  score: number;
  /** Values and raw inputs; weights and advice are re-derived on read from the snapshot's methodology version. */
  components: { values: Record<string, number>; inputs: ProcedureInputs };
  burden: ReturnType<typeof compareBurden>;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : round2((s[mid - 1] + s[mid]) / 2);
};

export const procedureInputsOf = (r: ProcedureInputRow): ProcedureInputs => ({
  currentLevel: r.current_level, targetLevel: r.target_level, activeRequirements: r.active_requirements, requirementsWithLegalBasis: r.with_basis,
  activeProhibited: r.prohibited, hasDescription: r.has_description, hasLegalBasis: r.has_legal_basis, feePublished: true, hasLegalTime: r.has_legal_time,
  freeFormsOnline: r.free_forms_online, legalMaxDays: r.legal_max_days, actualMedianDays: r.actual_median_days, daysSinceReview: r.days_since_review,
  averageRating: null,
});

/**
 * One institution's whole computation, pure: procedure scores and burden, the institution score and the
 * indicators of domain reference §6. The scoring service only reads the inputs and writes the result.
 */
export function runInstitution(input: InstitutionRunInput) {
  const m = input.methodology;
  const procedures: ProcedureSnapshotRow[] = input.procedures.map((r) => {
    const inputs = procedureInputsOf(r);
    const scored = scoreProcedure(inputs, m);
    return {
      id: r.id,
      score: scored.score,
      components: {
        values: Object.fromEntries(scored.components.map((c) => [c.component, c.value])),
        inputs,
      },
      burden: compareBurden(
        { feeGtq: r.baseline_fee, requirements: r.baseline_requirements, visits: r.baseline_visits, days: r.baseline_days, annualVolume: r.annual_volume },
        { feeGtq: r.fee, requirements: r.active_requirements, visits: r.visits, days: r.actual_median_days, annualVolume: r.annual_volume },
        m.burden,
      ),
    };
  });

  const due = dueQuarters(input.reportingSince, input.today);
  const received = new Map(input.reports.map((r) => [`${r.year}-${r.quarter}`, r.submitted_on]));
  const reportsOnTime = due.filter((q) => {
    const on = received.get(`${q.year}-${q.quarter}`);
    return on !== undefined && on <= reportDueDate(q.year, q.quarter);
  }).length;

  const institution = scoreInstitution({
    procedures: input.procedures.map((r, i) => ({ score: procedures[i].score, annualVolume: r.annual_volume })),
    hasApprovedPlan: input.milestones.approved_plans > 0,
    milestonesDue: input.milestones.due,
    milestonesDueOnTime: input.milestones.due_on_time,
    reportsDue: due.length,
    reportsOnTime,
  }, m);

  const rows = input.procedures;
  const levels: Record<string, number> = {};
  for (const r of rows) levels[r.current_level] = (levels[r.current_level] ?? 0) + 1;
  const activeRequirements = rows.reduce((s, r) => s + r.active_requirements, 0);
  const withBasis = rows.reduce((s, r) => s + r.with_basis, 0);
  const sum = (f: (b: ProcedureSnapshotRow['burden']) => number) => round2(procedures.reduce((s, p) => s + f(p.burden), 0));
  const burden = {
    baselineYearlyCostGtq: sum((b) => b.baseline.yearlyCostGtq),
    currentYearlyCostGtq: sum((b) => b.current.yearlyCostGtq),
    baselineYearlyHours: sum((b) => b.baseline.yearlyHours),
    currentYearlyHours: sum((b) => b.current.yearlyHours),
    savingsGtq: sum((b) => b.savings.yearlyCostGtq),
    savingsHours: sum((b) => b.savings.yearlyHours),
    parameters: m.burden,
  };
  const indicators = {
    procedures: {
      registered: rows.length,
      prioritized: rows.filter((r) => r.prioritized).length,
      foreignTrade: rows.filter((r) => r.foreign_trade).length,
      online: rows.filter((r) => r.current_level >= 4).length,
      inProgress: rows.filter((r) => r.open_milestones > 0).length,
    },
    levels,
    requirements: {
      active: activeRequirements,
      withLegalBasis: withBasis,
      withLegalBasisShare: activeRequirements ? round2(withBasis / activeRequirements) : null,
      prohibitedActive: rows.reduce((s, r) => s + r.prohibited, 0),
      eliminatedSinceBaseline: rows.reduce((s, r) => s + r.eliminated_since_baseline, 0),
    },
    milestones: { metOnTime: input.milestones.met_on_time, metLate: input.milestones.met_late, overdue: input.milestones.overdue, open: input.milestones.open },
    reports: { due: due.length, onTime: reportsOnTime },
    resolutionDays: {
      medianActual: median(rows.flatMap((r) => (r.actual_median_days === null ? [] : [r.actual_median_days]))),
      medianLegal: median(rows.flatMap((r) => (r.legal_max_days === null ? [] : [r.legal_max_days]))),
    },
    actionsByType: Object.fromEntries(input.actions.map((a) => [a.type, a.n])),
  };
  return { procedures, institution, indicators, burden };
}
