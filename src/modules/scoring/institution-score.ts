import { reportDueDate } from '../inventory/reports/report-due-date';
import { INSTITUTION_COMPONENTS, InstitutionComponent, MethodologyParameters } from './methodology';
import { round2 } from './procedure-score';

export interface InstitutionInputs {
  /** Active procedures' scores (0–100) and yearly volumes (null: unknown, counts as 1). */
  procedures: Array<{ score: number; annualVolume: number | null }>;
  hasApprovedPlan: boolean;
  milestonesDue: number;
  milestonesDueOnTime: number;
  reportsDue: number;
  reportsOnTime: number;
}

export interface InstitutionComponentResult {
  component: InstitutionComponent;
  value: number;
  weight: number;
  points: number;
  inputs: Record<string, number | boolean>;
  advice: string;
}

const round4 = (x: number) => Math.round((x + Number.EPSILON) * 10000) / 10000;

/** Institution score (0–100) = Σ weight × value over procedures (volume-weighted), plan execution and reporting. */
export function scoreInstitution(i: InstitutionInputs, m: MethodologyParameters): { score: number; components: InstitutionComponentResult[] } {
  const totalVolume = i.procedures.reduce((s, p) => s + volumeWeight(p.annualVolume), 0);
  const procedures = totalVolume === 0 ? 0 : i.procedures.reduce((s, p) => s + (p.score / 100) * volumeWeight(p.annualVolume), 0) / totalVolume;
  const planExecution = !i.hasApprovedPlan ? 0 : i.milestonesDue === 0 ? 1 : i.milestonesDueOnTime / i.milestonesDue;
  const reporting = i.reportsDue === 0 ? 1 : i.reportsOnTime / i.reportsDue;
  const late = i.milestonesDue - i.milestonesDueOnTime;
  const missingReports = i.reportsDue - i.reportsOnTime;
  const values: Record<InstitutionComponent, { value: number; inputs: Record<string, number | boolean>; advice: string }> = {
    procedures: {
      value: procedures, inputs: { procedures: i.procedures.length, totalVolumeWeight: totalVolume },
      advice: i.procedures.length === 0 ? 'Registrar el inventario de trámites' : procedures < 1 ? 'Mejorar los trámites de mayor volumen anual (ver el detalle de cada trámite)' : '',
    },
    planExecution: {
      value: planExecution, inputs: { hasApprovedPlan: i.hasApprovedPlan, milestonesDue: i.milestonesDue, milestonesDueOnTime: i.milestonesDueOnTime },
      advice: !i.hasApprovedPlan ? 'Presentar un plan de simplificación y obtener su aprobación'
        : late > 0 ? `${late} ${late === 1 ? 'hito vencido no cumplido' : 'hitos vencidos no cumplidos'} a tiempo` : '',
    },
    reporting: {
      value: reporting, inputs: { reportsDue: i.reportsDue, reportsOnTime: i.reportsOnTime },
      advice: missingReports > 0 ? `${missingReports} ${missingReports === 1 ? 'informe trimestral no recibido' : 'informes trimestrales no recibidos'} a tiempo` : '',
    },
  };
  const components = INSTITUTION_COMPONENTS.map((c) => {
    const weight = m.institutionWeights[c];
    return { component: c, value: round4(values[c].value), weight, points: round4(values[c].value * weight), inputs: values[c].inputs, advice: values[c].advice };
  });
  const score = INSTITUTION_COMPONENTS.reduce((s, c) => s + values[c].value * m.institutionWeights[c], 0);
  return { score: round2(score), components };
}

const volumeWeight = (v: number | null) => (v === null || v <= 0 ? 1 : v);

/** Reports are expected from the later of the methodology's date and the institution's adhesion (scores and public pages). */
export const reportingSinceOf = (m: Pick<MethodologyParameters, 'reportingSince'>, optedInAt: string | null): string =>
  optedInAt && optedInAt > m.reportingSince ? optedInAt : m.reportingSince;

/** Quarters whose report was due (10 days after quarter end) between `since` and `today`, oldest first. */
export function dueQuarters(since: string, today: string): Array<{ year: number; quarter: number; dueDate: string }> {
  const out: Array<{ year: number; quarter: number; dueDate: string }> = [];
  let year = Number(since.slice(0, 4));
  let quarter = Math.floor((Number(since.slice(5, 7)) - 1) / 3) + 1;
  for (;;) {
    const dueDate = reportDueDate(year, quarter);
    if (dueDate > today) return out;
    out.push({ year, quarter, dueDate });
    quarter = quarter === 4 ? 1 : quarter + 1;
    if (quarter === 1) year++;
  }
}
