/** Spanish words of reminders, shared by the e-mails, the in-app list and the outbox view. */

/** Title of each rule kind (in-app list, digest items, unsubscribe confirmation). */
export const KIND_TITLES: Record<string, string> = {
  milestone_due: 'Hito próximo a vencer',
  milestone_overdue: 'Hito vencido',
  report_due: 'Informe trimestral próximo a vencer',
  report_overdue: 'Informe trimestral vencido',
  legal_deadline: 'Plazo legal próximo',
  legal_deadline_missed: 'Plazo legal incumplido',
  score_drop: 'Bajó la calificación institucional',
  stale_inventory: 'Trámites sin revisión reciente',
};

/** What the subject of a reminder is. */
export const ITEM_LABELS: Record<string, string> = {
  milestone: 'Hito',
  progress_report: 'Informe',
  legal_deadline: 'Plazo legal',
  legal_deadline_missed: 'Plazo legal incumplido',
  institution_score: 'Indicador',
  stale_inventory: 'Inventario',
};

/** Why this person gets the reminder (the outbox `reason`): "Recibe este aviso como …". */
export const REASON_LABELS: Record<string, string> = {
  liaison: 'enlace de la institución',
  institution_admin: 'administrador(a) de la institución',
  analyst: 'analista que da seguimiento a la institución',
  analyst_unassigned: 'analista de la Comisión (la institución no tiene analista asignado)',
  no_active_liaison: 'analista de la Comisión: la institución no tiene ningún enlace ni administrador activo que lo reciba',
  admin: 'administrador(a) de la Comisión',
};
