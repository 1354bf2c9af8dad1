import { institutionSnapshotsOf } from '../../scoring/entities/score-snapshot.entity';

/**
 * Raw SQL of the quarter summary of a progress report: $1 institution, $2 first day, $3 last day of the quarter
 * (dates as YYYY-MM-DD text).
 */

/** Milestones due or completed in the quarter. */
export interface QuarterMilestoneRow {
  id: string;
  plan_id: string;
  procedure_id: string | null;
  kind: string;
  target: string;
  due_date: string;
  status: string;
  completed_on: string | null;
  completed_late: boolean | null;
}
export const QUARTER_MILESTONES_SQL = `
SELECT id, plan_id, procedure_id, kind::text, target, to_char(due_date, 'YYYY-MM-DD') AS due_date, status::text,
       to_char(completed_on, 'YYYY-MM-DD') AS completed_on, completed_late
  FROM milestones WHERE institution_id = $1 AND (due_date BETWEEN $2 AND $3 OR completed_on BETWEEN $2 AND $3)`;

/** Requirements that ended in the quarter, with their procedure. */
export interface QuarterEndedRequirementRow {
  code: string;
  pname: string;
  name: string;
  status: string;
  effective_to: string;
}
export const QUARTER_ENDED_REQUIREMENTS_SQL = `
SELECT p.code, p.name AS pname, r.name, r.status::text, to_char(r.effective_to, 'YYYY-MM-DD') AS effective_to
  FROM requirements r JOIN procedures p ON p.id = r.procedure_id AND p.institution_id = r.institution_id
 WHERE r.institution_id = $1 AND r.status <> 'active' AND r.effective_to BETWEEN $2 AND $3`;

/** Changes of a procedure's validated level in the quarter (Guatemala days), in order. */
export interface QuarterLevelChangeRow {
  code: string;
  pname: string;
  old_value: unknown;
  new_value: unknown;
  changed_on: string;
}
export const QUARTER_LEVEL_CHANGES_SQL = `
SELECT p.code, p.name AS pname, c.old_value, c.new_value, to_char(c.changed_at AT TIME ZONE 'America/Guatemala', 'YYYY-MM-DD') AS changed_on
  FROM procedure_changes c JOIN procedures p ON p.id = c.procedure_id AND p.institution_id = c.institution_id
 WHERE c.institution_id = $1 AND c.field = 'currentLevel' AND c.subject = 'procedure'
   AND (c.changed_at AT TIME ZONE 'America/Guatemala')::date BETWEEN $2 AND $3
 ORDER BY c.changed_at`;

/** An institution's score (numeric as text). */
export interface QuarterScoreRow {
  score: string | null;
}
/** The last score before the quarter ($1 institution, $2 first day). */
export const SCORE_BEFORE_QUARTER_SQL = `
SELECT score FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')} AND snapshot_date < $2 ORDER BY snapshot_date DESC LIMIT 1`;
/** The last score within the quarter. */
export const SCORE_IN_QUARTER_SQL = `
SELECT score FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')} AND snapshot_date BETWEEN $2 AND $3 ORDER BY snapshot_date DESC LIMIT 1`;
