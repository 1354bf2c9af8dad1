import { round4 } from '../../common/math/round';
import { INSTITUTION_COMPONENTS, InstitutionComponent, MethodologyParameters } from './methodology';
import { weightedScore } from './procedure-score';

export interface InstitutionInputs {
  /** Active procedures' scores (0–100) and yearly volumes (null: unknown, counts as 1). */
  procedures: Array<{ score: number; annualVolume: number | null }>;
  /** An approved plan is owed by this day (see `planOwedFrom`). */
  planOwed: boolean;
  hasApprovedPlan: boolean;
  milestonesDue: number;
  milestonesDueOnTime: number;
  reportsDue: number;
  reportsOnTime: number;
}

export interface InstitutionComponentResult {
  component: InstitutionComponent;
  /** 0..1; null when not applicable (its weight is shared out). */
  value: number | null;
  applicable: boolean;
  weight: number;
  points: number;
  inputs: Record<string, number | boolean>;
  /** Spanish, never empty. */
  advice: string;
}

export interface InstitutionScore {
  /** 0–100; null when the institution has no procedures registered ("sin inventario"). */
  score: number | null;
  components: InstitutionComponentResult[];
}

const volumeWeight = (v: number | null) => (v === null || v <= 0 ? 1 : v);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Institution score (0–100) = weighted mean of procedures (volume-weighted), plan execution and reporting over the
 * components that apply. No credit for absence: plan execution does not apply while nothing is due under an approved
 * plan, nor before a plan is owed (without an approved plan once one is owed it is 0); reporting does not apply while
 * no report is due; an institution with no procedures has no score. Version 1 gave absent inputs full marks.
 */
export function scoreInstitution(i: InstitutionInputs, m: MethodologyParameters): InstitutionScore {
  const v2 = m.noCreditForAbsence;
  const totalVolume = i.procedures.reduce((s, p) => s + volumeWeight(p.annualVolume), 0);
  const hasInventory = i.procedures.length > 0;
  const procedures = !hasInventory
    ? v2
      ? null
      : 0
    : i.procedures.reduce((s, p) => s + (p.score / 100) * volumeWeight(p.annualVolume), 0) / totalVolume;
  const planExecution = !i.hasApprovedPlan
    ? i.planOwed
      ? 0
      : v2
        ? null
        : 0
    : i.milestonesDue === 0
      ? v2
        ? null
        : 1
      : i.milestonesDueOnTime / i.milestonesDue;
  const reporting = i.reportsDue === 0 ? (v2 ? null : 1) : i.reportsOnTime / i.reportsDue;
  const late = i.milestonesDue - i.milestonesDueOnTime;
  const missingReports = i.reportsDue - i.reportsOnTime;

  const values: Record<InstitutionComponent, { value: number | null; inputs: Record<string, number | boolean>; advice: string }> = {
    procedures: {
      value: procedures,
      inputs: { procedures: i.procedures.length, totalVolumeWeight: totalVolume },
      advice: !hasInventory
        ? 'Registrar el inventario de trámites: sin trámites la institución no tiene puntaje'
        : procedures! < 1
          ? 'Mejorar los trámites de mayor volumen anual (ver las acciones ordenadas por puntos)'
          : 'Todos los trámites tienen el puntaje máximo',
    },
    planExecution: {
      value: planExecution,
      inputs: {
        planOwed: i.planOwed,
        hasApprovedPlan: i.hasApprovedPlan,
        milestonesDue: i.milestonesDue,
        milestonesDueOnTime: i.milestonesDueOnTime,
      },
      advice: !i.hasApprovedPlan
        ? i.planOwed
          ? 'Presentar un plan de simplificación y obtener su aprobación'
          : 'No aplica: aún no vence el plazo para tener un plan aprobado'
        : i.milestonesDue === 0
          ? 'No aplica: ningún hito del plan aprobado ha vencido todavía'
          : late > 0
            ? `${plural(late, 'hito vencido no se cumplió', 'hitos vencidos no se cumplieron')} a tiempo; cumplir a tiempo los próximos`
            : 'Todos los hitos vencidos se cumplieron a tiempo',
    },
    reporting: {
      value: reporting,
      inputs: { reportsDue: i.reportsDue, reportsOnTime: i.reportsOnTime },
      advice:
        i.reportsDue === 0
          ? 'No aplica: aún no vence ningún informe trimestral'
          : missingReports > 0
            ? `${plural(missingReports, 'informe trimestral no llegó', 'informes trimestrales no llegaron')} a tiempo; entregar a tiempo los próximos`
            : 'Todos los informes trimestrales llegaron a tiempo',
    },
  };
  const parts = INSTITUTION_COMPONENTS.map((c) => ({ component: c, value: values[c].value }));
  const { score, weightOf } = weightedScore(parts, m.institutionWeights);
  const components = INSTITUTION_COMPONENTS.map((c): InstitutionComponentResult => {
    const value = values[c].value;
    const weight = weightOf(c);
    return {
      component: c,
      value: value === null ? null : round4(value),
      applicable: value !== null,
      weight: round4(weight),
      points: round4((value ?? 0) * weight),
      inputs: values[c].inputs,
      advice: values[c].advice,
    };
  });
  return { score: hasInventory || !v2 ? (score ?? 0) : null, components };
}

/** Months after a date (calendar months; the 31st of a shorter month clamps to its last day). */
export function addMonths(date: string, months: number): string {
  const [y, mo, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, mo - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/**
 * From when an institution owes an approved simplification plan: a bound institution from the methodology's
 * `planRequiredSince` (the six-month transitory deadline), an opted-in one `planGraceMonths` after its adhesion
 * (never before the bound date). Null `planRequiredSince` (version 1): always owed.
 */
export function planOwedFrom(
  optedInAt: string | null,
  m: Pick<MethodologyParameters, 'planRequiredSince' | 'planGraceMonths'>,
): string | null {
  if (m.planRequiredSince === null) return null;
  if (!optedInAt) return m.planRequiredSince;
  const afterAdhesion = addMonths(optedInAt, m.planGraceMonths);
  return afterAdhesion > m.planRequiredSince ? afterAdhesion : m.planRequiredSince;
}
