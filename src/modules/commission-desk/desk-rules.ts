/**
 * The Commission's desk: what counts as behind, how the board sorts, and the default thresholds. Pure data, no Nest.
 */

/** The kinds of "behind" the Atrasos page lists (labels in the glossary's `overdueKind`). */
export const OVERDUE_KINDS = [
  'milestone_overdue',
  'report_missing',
  'legal_deadline_missed',
  'plan_review_waiting',
  'no_active_liaison',
] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];

/** The institution's own debts (the board's "atrasos" column); the others are the Commission's or nobody's. */
export const INSTITUTION_DEBTS: readonly OverdueKind[] = ['milestone_overdue', 'report_missing', 'legal_deadline_missed'];

/**
 * A plan submitted for approval is behind when it has waited this many calendar days or more: fifteen by default (about
 * two working weeks, a choice of this product, not of the law); the Atrasos page lets an analyst change it per view.
 */
export const DEFAULT_PLAN_REVIEW_DAYS = 15;
export const MAX_PLAN_REVIEW_DAYS = 365;

export const BOARD_SORTS = [
  { value: '-score', text: 'Puntaje (mayor primero)' },
  { value: 'score', text: 'Puntaje (menor primero)' },
  { value: '-trend', text: 'Tendencia (mayor avance primero)' },
  { value: 'trend', text: 'Tendencia (mayor caída primero)' },
  { value: '-overdue', text: 'Atrasos (más primero)' },
  { value: '-activity', text: 'Última actividad (más reciente primero)' },
  { value: 'activity', text: 'Última actividad (más antigua primero)' },
  { value: 'name', text: 'Nombre (A–Z)' },
] as const;
export type BoardSort = (typeof BOARD_SORTS)[number]['value'];

export const isBoardSort = (v: unknown): v is BoardSort => BOARD_SORTS.some((s) => s.value === v);
