import { MilestoneStatus } from './inventory.enums';

/** Milestones still to be done (copied into a revision; the only ones that can be overdue). */
export const OPEN_MILESTONE_STATUSES: readonly MilestoneStatus[] = ['pending', 'in_progress'];
/** The same as an SQL condition on a milestones alias (reminders, scores and public summaries count open milestones). */
export const openMilestoneSql = (alias: string): string =>
  `${alias}.status IN (${OPEN_MILESTONE_STATUSES.map((st) => `'${st}'`).join(', ')})`;

/**
 * Open on a past or present day: not cancelled and not yet completed that day (a milestone completed later was open
 * then). On today it agrees with `openMilestoneSql`: completed milestones carry their completion date.
 */
export const isOpenOn = (m: { status: MilestoneStatus; completedOn: string | null }, day: string): boolean =>
  m.status !== 'cancelled' && !(m.completedOn !== null && m.completedOn <= day);
