import { round2 } from '../../common/math/round';
import { hasFoundingLegalBasis } from '../inventory/rules/requirement-in-force';
import { label } from '../../common/glossary/glossary';
import { reportDueDate } from '../inventory/rules/report-due-date';
import { quarterOwed, reportingStart } from '../inventory/rules/reports-owed';
import { InstitutionDay, InstitutionHistory, ProcedureDay } from './as-of';
import { institutionScoreOf, procedureBurden, procedureInputsOf } from './institution-run';
import { ProcedureInputs, procedureScore } from './procedure-score';

export const ACTION_KINDS = [
  'raise_level',
  'eliminate_prohibited_requirement',
  'eliminate_requirement_without_basis',
  'publish_information',
  'reduce_resolution_time',
  'record_resolution_times',
  'review_procedure',
  'approve_plan',
  'meet_milestone',
  'submit_report',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export interface ImprovementAction {
  kind: ActionKind;
  /** Spanish: the concrete action. */
  description: string;
  procedureId: string | null;
  procedureCode: string | null;
  requirementId: string | null;
  milestoneId: string | null;
  report: { year: number; quarter: number } | null;
  /** Deadline of the action, when it has one (a milestone's or report's due date). */
  dueDate: string | null;
  /** Institution score points it would gain now, or (effect avoid_loss) that missing it would cost. */
  points: number;
  effect: 'gain' | 'avoid_loss';
  /** True when the gain is an upper bound (it depends on figures not yet known). */
  upTo: boolean;
  /** Yearly burden it would save people and firms (GTQ and hours), from the burden parameters. */
  burdenSavedGtq: number;
  burdenSavedHours: number;
}

/**
 * What would raise an institution's score, ranked: concrete actions per procedure (its level, each prohibited
 * requirement or one without legal basis, missing published information, resolution time, review), per milestone and
 * per report, each with the score points it would gain (or that missing a coming deadline would cost) and the yearly
 * burden it would save. Every figure comes from re-running the same formulas on the changed inputs. Pure.
 */
export function rankImprovementActions(history: InstitutionHistory, day: InstitutionDay): ImprovementAction[] {
  const { m } = history;
  if (!history.complete) throw new Error('ranked actions need every requirement: load the institution with loadInstitutionData');
  const inputs = day.procedures.map(procedureInputsOf);
  const scores = inputs.map((i) => procedureScore(i, m));
  const base = institutionScoreOf(day, scores, m).score;
  if (base === null) return [];
  const actions: ImprovementAction[] = [];

  const withProcedure = (index: number, changed: ProcedureInputs): number => {
    const next = [...scores];
    next[index] = procedureScore(changed, m);
    return round2((institutionScoreOf(day, next, m).score ?? 0) - base);
  };
  const burdenDelta = (p: ProcedureDay, changed: Partial<ProcedureDay> & { visits?: number }) => {
    const before = procedureBurden(p, m).current;
    const record = { ...(changed.record ?? p.record), ...(changed.visits !== undefined ? { inPersonVisits: changed.visits } : {}) };
    const after = procedureBurden({ ...p, ...changed, record }, m).current;
    return {
      burdenSavedGtq: round2(before.yearlyCostGtq - after.yearlyCostGtq),
      burdenSavedHours: round2(before.yearlyHours - after.yearlyHours),
    };
  };
  const base0 = {
    requirementId: null,
    milestoneId: null,
    report: null,
    dueDate: null,
    effect: 'gain' as const,
    upTo: false,
    burdenSavedGtq: 0,
    burdenSavedHours: 0,
  };

  day.procedures.forEach((p, index) => {
    const i = inputs[index];
    const r = p.record;
    const at = { procedureId: r.id, procedureCode: r.code };
    const target = i.targetLevel ?? m.defaultTargetLevel;
    if (i.currentLevel < target) {
      const visitsGo = target >= 4 && (r.inPersonVisits ?? 0) > 0;
      actions.push({
        ...base0,
        ...at,
        kind: 'raise_level',
        points: withProcedure(index, { ...i, currentLevel: target }),
        description:
          `Llevar ${r.code} «${r.name}» del nivel ${i.currentLevel} al nivel ${target} de madurez digital, validado por la Comisión` +
          (visitsGo ? ' (sin visitas presenciales)' : ''),
        ...(visitsGo ? burdenDelta(p, { visits: 0 }) : {}),
      });
    }
    for (const q of p.requirements) {
      const prohibited = history.isProhibited(q);
      if (!prohibited && hasFoundingLegalBasis(q.legalBasisType)) continue;
      const changed: ProcedureInputs = {
        ...i,
        activeRequirements: i.activeRequirements - 1,
        requirementsWithLegalBasis: i.requirementsWithLegalBasis - (hasFoundingLegalBasis(q.legalBasisType) ? 1 : 0),
        activeProhibited: i.activeProhibited - (prohibited ? 1 : 0),
      };
      const practice = history.practices.get(q.id)?.[0];
      actions.push({
        ...base0,
        ...at,
        requirementId: q.id,
        points: withProcedure(index, changed),
        ...burdenDelta(p, { activeRequirements: p.activeRequirements - 1 }),
        ...(prohibited && practice
          ? {
              kind: 'eliminate_prohibited_requirement' as const,
              description: `Eliminar de ${r.code} el requisito «${q.name}»: práctica prohibida (${label('prohibitedKind', practice.kind)})`,
            }
          : {
              kind: 'eliminate_requirement_without_basis' as const,
              description: `Eliminar de ${r.code} el requisito «${q.name}», que no tiene base legal en ley o acuerdo gubernativo (art. 5), o registrar su fundamento`,
            }),
      });
    }
    const unpublished = [
      !i.hasDescription && 'descripción',
      !i.hasLegalBasis && 'base legal',
      !i.feePublished && 'costo',
      !i.hasLegalTime && 'plazo legal',
      !i.freeFormsOnline && 'formularios gratuitos en línea',
    ].filter((x): x is string => Boolean(x));
    if (unpublished.length) {
      actions.push({
        ...base0,
        ...at,
        kind: 'publish_information',
        description: `Publicar en ${r.code}: ${unpublished.join(', ')}`,
        points: withProcedure(index, {
          ...i,
          hasDescription: true,
          hasLegalBasis: true,
          feePublished: true,
          hasLegalTime: true,
          freeFormsOnline: true,
        }),
      });
    }
    if (i.legalMaxDays !== null && i.actualMedianDays !== null && i.actualMedianDays > i.legalMaxDays) {
      actions.push({
        ...base0,
        ...at,
        kind: 'reduce_resolution_time',
        description: `Resolver ${r.code} dentro del plazo legal: de ${i.actualMedianDays} a ${i.legalMaxDays} días`,
        points: withProcedure(index, { ...i, actualMedianDays: i.legalMaxDays }),
        ...burdenDelta(p, { record: { ...r, actualMedianDays: i.legalMaxDays } }),
      });
    } else if (i.legalMaxDays === null || i.actualMedianDays === null) {
      actions.push({
        ...base0,
        ...at,
        kind: 'record_resolution_times',
        upTo: true,
        description: `Registrar el plazo legal y el tiempo real de resolución de ${r.code}`,
        points: withProcedure(index, {
          ...i,
          legalMaxDays: i.legalMaxDays ?? 1,
          actualMedianDays: i.legalMaxDays ?? 1,
          hasLegalTime: true,
        }),
      });
    }
    if (i.daysSinceReview === null || i.daysSinceReview > m.freshFullDays) {
      actions.push({
        ...base0,
        ...at,
        kind: 'review_procedure',
        description:
          `Revisar y confirmar los datos de ${r.code}` +
          (i.daysSinceReview === null ? '' : ` (última revisión hace ${i.daysSinceReview} días)`),
        points: withProcedure(index, { ...i, daysSinceReview: 0 }),
      });
    }
  });

  const institutionWith = (changes: Partial<InstitutionDay>) =>
    round2((institutionScoreOf({ ...day, ...changes }, scores, m).score ?? 0) - base);
  const none = { procedureId: null, procedureCode: null };
  if (!day.hasApprovedPlan && day.planOwed) {
    actions.push({
      ...base0,
      ...none,
      kind: 'approve_plan',
      description: 'Presentar el plan de simplificación y obtener su aprobación',
      points: institutionWith({ hasApprovedPlan: true }),
    });
  }
  const upcoming = history.data.milestones
    .filter(
      (ms) =>
        ms.dueDate >= day.day &&
        ms.planApprovedOn <= day.day &&
        ms.status !== 'cancelled' &&
        (ms.completedOn === null || ms.completedOn > day.day),
    )
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  for (const ms of upcoming) {
    const due = { ...day.milestones, due: day.milestones.due + 1 };
    const loss = round2(
      (institutionScoreOf({ ...day, milestones: { ...due, dueOnTime: due.dueOnTime + 1 } }, scores, m).score ?? 0) -
        (institutionScoreOf({ ...day, milestones: due }, scores, m).score ?? 0),
    );
    const procedure = ms.procedureId ? day.procedures.find((p) => p.record.id === ms.procedureId)?.record : undefined;
    actions.push({
      ...base0,
      procedureId: ms.procedureId,
      procedureCode: procedure?.code ?? null,
      milestoneId: ms.id,
      dueDate: ms.dueDate,
      effect: 'avoid_loss',
      points: loss,
      kind: 'meet_milestone',
      description: `Cumplir a tiempo el hito «${ms.target}» (vence el ${ms.dueDate})`,
    });
  }
  const next = nextReport(day, history);
  if (next) {
    const due = [...day.reportsDue, { ...next, onTime: false }];
    const loss = round2(
      (institutionScoreOf({ ...day, reportsDue: [...day.reportsDue, { ...next, onTime: true }] }, scores, m).score ?? 0) -
        (institutionScoreOf({ ...day, reportsDue: due }, scores, m).score ?? 0),
    );
    actions.push({
      ...base0,
      ...none,
      report: { year: next.year, quarter: next.quarter },
      dueDate: next.dueDate,
      effect: 'avoid_loss',
      points: loss,
      kind: 'submit_report',
      description: `Entregar a tiempo el informe de avance del trimestre ${next.quarter} de ${next.year} (vence el ${next.dueDate})`,
    });
  }
  return actions
    .filter((a) => a.points > 0 || a.burdenSavedGtq > 0 || a.burdenSavedHours > 0)
    .sort((a, b) => b.points - a.points || b.burdenSavedGtq - a.burdenSavedGtq || a.kind.localeCompare(b.kind));
}

/** The next quarterly report the institution will owe (same rule as the score) and has not submitted: due after the day. */
function nextReport(day: InstitutionDay, history: InstitutionHistory): { year: number; quarter: number; dueDate: string } | null {
  const start = reportingStart(history.m.reportingSince, history.data.institution.optedInAt);
  const received = new Set(history.data.reports.map((r) => `${r.year}-${r.quarter}`));
  let year = Number(day.day.slice(0, 4));
  let quarter = Math.floor((Number(day.day.slice(5, 7)) - 1) / 3) + 1;
  for (let i = 0; i < 3; i++) {
    const dueDate = reportDueDate(year, quarter);
    if (dueDate > day.day && quarterOwed(start, year, quarter) && !received.has(`${year}-${quarter}`)) return { year, quarter, dueDate };
    quarter = quarter === 4 ? 1 : quarter + 1;
    if (quarter === 1) year++;
  }
  return null;
}
