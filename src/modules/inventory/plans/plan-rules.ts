import { AppException } from '../../../common/errors/app.exception';
import { label } from '../../../common/glossary/glossary';
import { ErrorCode } from '../../../common/errors/error-code';
import { MilestoneStatus, PlanStatus } from '../rules/inventory.enums';
import { OPEN_MILESTONE_STATUSES } from '../rules/open-milestones';

/** A plan must be in `expected` for this step; otherwise a 409 that names the state it is in. */
export function assertPlanStatus(plan: { status: PlanStatus }, expected: PlanStatus, action: string): void {
  if (plan.status === expected) return;
  throw AppException.conflict(
    `El plan está en estado «${label('planStatus', plan.status)}»; solo un plan en estado «${label('planStatus', expected)}» puede ${action}.`,
    { currentStatus: plan.status, requiredStatus: expected },
    ErrorCode.Conflict,
  );
}

/** periodEnd after periodStart, as a 400 naming the field (the database would refuse it too). */
export function assertPeriod(periodStart: string, periodEnd: string): void {
  if (periodEnd > periodStart) return;
  throw AppException.badRequest(
    'La fecha de fin del periodo (periodEnd) debe ser posterior a la de inicio (periodStart).',
    [{ field: 'periodEnd', messages: ['debe ser posterior a periodStart'] }],
    ErrorCode.ValidationFailed,
  );
}

/** A milestone is due inside its plan's period. */
export function assertDueInPeriod(plan: { periodStart: string; periodEnd: string }, dueDate: string): void {
  if (dueDate >= plan.periodStart && dueDate <= plan.periodEnd) return;
  throw AppException.badRequest(
    `La fecha límite del hito (${dueDate}) debe estar dentro del periodo del plan (${plan.periodStart} a ${plan.periodEnd}).`,
    [{ field: 'dueDate', messages: [`debe estar entre ${plan.periodStart} y ${plan.periodEnd}`] }],
    ErrorCode.ValidationFailed,
  );
}

/** A date that must not be after today (Guatemala): completions, implementations. */
export function assertNotFuture(field: string, date: string, today: string): void {
  if (date <= today) return;
  throw AppException.badRequest(
    `La fecha ${field} (${date}) no puede ser posterior a hoy (${today}, hora de Guatemala).`,
    [{ field, messages: ['no puede ser una fecha futura'] }],
    ErrorCode.ValidationFailed,
  );
}

export interface MilestoneFacts {
  status: MilestoneStatus;
  dueDate: string;
  completedLate: boolean | null;
}

/** Open and past its due date (today is the Guatemala calendar day). */
export const isOverdue = (m: MilestoneFacts, today: string): boolean => OPEN_MILESTONE_STATUSES.includes(m.status) && m.dueDate < today;

export interface PlanSummary {
  total: number;
  byStatus: Record<MilestoneStatus, number>;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
}

/** Counts of a plan's milestones: by status, completed on time / late (as recorded), and overdue today. */
export function summarisePlan(milestones: readonly MilestoneFacts[], today: string): PlanSummary {
  const summary: PlanSummary = {
    total: milestones.length,
    byStatus: { pending: 0, in_progress: 0, completed: 0, cancelled: 0 },
    completedOnTime: 0,
    completedLate: 0,
    overdue: 0,
  };
  for (const m of milestones) {
    summary.byStatus[m.status] += 1;
    if (m.status === 'completed') {
      if (m.completedLate) summary.completedLate += 1;
      else summary.completedOnTime += 1;
    }
    if (isOverdue(m, today)) summary.overdue += 1;
  }
  return summary;
}
