import { institutionSnapshotsOf } from '../scoring/entities/score-snapshot.entity';

/**
 * What the indicators dataset rebuilds past months from, per institution ($1): the procedures, the change log of the
 * fields the triple reads, the milestones of approved plans, the rationalisation actions and the month's last score.
 * Days are calendar days in Guatemala.
 */
const GT_DAY = (column: string) => `(${column} AT TIME ZONE 'America/Guatemala')::date::text`;

/** The fields of a procedure the triple reads, as the change log names them (entity field names). */
export const TRIPLE_FIELDS = ['status', 'prioritized', 'foreignTrade', 'currentLevel'] as const;
export type TripleField = (typeof TRIPLE_FIELDS)[number];

export const HISTORY_PROCEDURES_SQL = `
SELECT id, least(${GT_DAY('created_at')}::date, baseline_date)::text AS "createdOn", status, prioritized, foreign_trade AS "foreignTrade",
       current_level AS "currentLevel"
  FROM procedures WHERE institution_id = $1`;
export interface HistoryProcedureRow {
  id: string;
  createdOn: string;
  status: string;
  prioritized: boolean;
  foreignTrade: boolean;
  currentLevel: number;
}

/** Oldest first ($2: TRIPLE_FIELDS). */
export const HISTORY_CHANGES_SQL = `
SELECT procedure_id AS "procedureId", field, old_value AS "oldValue", ${GT_DAY('changed_at')} AS "changedOn"
  FROM procedure_changes
 WHERE institution_id = $1 AND subject = 'procedure' AND field = ANY($2::text[])
 ORDER BY id`;
export interface HistoryChangeRow {
  procedureId: string;
  field: TripleField;
  oldValue: unknown;
  changedOn: string;
}

/** Milestones on a procedure of the plans approved today (a plan's approval day: approved_at, else its last update). */
export const HISTORY_MILESTONES_SQL = `
SELECT m.procedure_id AS "procedureId", ${GT_DAY('coalesce(sp.approved_at, sp.updated_at)')} AS "planApprovedOn",
       m.completed_on::text AS "completedOn", m.status
  FROM milestones m JOIN simplification_plans sp ON sp.id = m.plan_id AND sp.status = 'approved'
 WHERE m.institution_id = $1 AND m.procedure_id IS NOT NULL`;
export interface HistoryMilestoneRow {
  procedureId: string;
  planApprovedOn: string;
  completedOn: string | null;
  status: 'pending' | 'in_progress' | 'completed' | 'cancelled';
}

export const HISTORY_ACTIONS_SQL = `
SELECT procedure_id AS "procedureId", ${GT_DAY('created_at')} AS "createdOn", implemented_on::text AS "implementedOn"
  FROM rationalisation_actions WHERE institution_id = $1 AND procedure_id IS NOT NULL`;
export interface HistoryActionRow {
  procedureId: string;
  createdOn: string;
  implementedOn: string | null;
}

/** The month's last institution score and the procedure counts it was computed with, month by month. */
export const HISTORY_SCORES_SQL = `
SELECT DISTINCT ON (date_trunc('month', snapshot_date)) to_char(snapshot_date, 'YYYY-MM') AS month, snapshot_date::text AS "scoreDate",
       score::text AS score, (indicators->'procedures'->>'registered')::int AS procedures, (indicators->'procedures'->>'online')::int AS online
  FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')}
 ORDER BY date_trunc('month', snapshot_date), snapshot_date DESC`;
export interface HistoryScoreRow {
  month: string;
  scoreDate: string;
  score: string | null;
  procedures: number | null;
  online: number | null;
}
