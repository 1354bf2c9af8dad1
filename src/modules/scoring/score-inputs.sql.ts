import { requirementInForceSql } from '../inventory/requirements/requirement-in-force';
import { openMilestoneSql } from '../inventory/plans/plan-rules';

/**
 * Everything the formulas need about an institution's active procedures, in one set-based query
 * ($1 institution, $2 day). Requirements and milestones are aggregated per procedure by GROUP BY, never per row.
 */
export const PROCEDURE_INPUTS_SQL = `
SELECT p.id, p.current_level, p.target_level, p.annual_volume, p.fee_gtq::float8 AS fee, p.in_person_visits AS visits,
       p.actual_median_days, p.legal_max_days, p.prioritized, p.foreign_trade,
       coalesce(p.description, '') <> '' AS has_description,
       coalesce(p.legal_basis, '') <> '' AS has_legal_basis,
       p.legal_max_days IS NOT NULL AS has_legal_time,
       (p.forms_url IS NOT NULL AND p.forms_free IS TRUE) AS free_forms_online,
       ($2::date - p.last_reviewed_at) AS days_since_review,
       p.baseline_requirements, p.baseline_days, p.baseline_visits, p.baseline_fee_gtq::float8 AS baseline_fee,
       coalesce(r.active, 0)::int AS active_requirements,
       coalesce(r.with_basis, 0)::int AS with_basis,
       coalesce(r.prohibited, 0)::int AS prohibited,
       coalesce(r.eliminated, 0)::int AS eliminated_since_baseline,
       coalesce(m.open, 0)::int AS open_milestones
  FROM procedures p
  LEFT JOIN (
    SELECT rq.procedure_id,
           count(*) FILTER (WHERE ${requirementInForceSql('rq', '$2')}) AS active,
           count(*) FILTER (WHERE ${requirementInForceSql('rq', '$2')}
                              AND rq.legal_basis_type IN ('law', 'government_agreement')) AS with_basis,
           count(*) FILTER (WHERE ${requirementInForceSql('rq', '$2')} AND rq.prohibited) AS prohibited,
           count(*) FILTER (WHERE rq.status <> 'active' AND rq.effective_to IS NOT NULL AND rq.effective_to <= $2 AND rq.effective_to > pp.baseline_date) AS eliminated
      FROM requirements rq JOIN procedures pp ON pp.id = rq.procedure_id
     WHERE rq.institution_id = $1
     GROUP BY rq.procedure_id
  ) r ON r.procedure_id = p.id
  LEFT JOIN (
    SELECT ms.procedure_id, count(*) AS open
      FROM milestones ms JOIN simplification_plans sp ON sp.id = ms.plan_id
     WHERE ms.institution_id = $1 AND sp.status = 'approved' AND ${openMilestoneSql('ms')} AND ms.procedure_id IS NOT NULL
     GROUP BY ms.procedure_id
  ) m ON m.procedure_id = p.id
 WHERE p.institution_id = $1 AND p.status = 'active'`;

export interface ProcedureInputRow {
  id: string;
  current_level: number;
  target_level: number | null;
  annual_volume: number | null;
  fee: number;
  visits: number;
  actual_median_days: number | null;
  legal_max_days: number | null;
  prioritized: boolean;
  foreign_trade: boolean;
  has_description: boolean;
  has_legal_basis: boolean;
  has_legal_time: boolean;
  free_forms_online: boolean;
  days_since_review: number | null;
  baseline_requirements: number;
  baseline_days: number | null;
  baseline_visits: number;
  baseline_fee: number;
  active_requirements: number;
  with_basis: number;
  prohibited: number;
  eliminated_since_baseline: number;
  open_milestones: number;
}

/** Milestones of approved plans ($1 institution, $2 day). */
export const MILESTONE_COUNTS_SQL = `
SELECT count(*) FILTER (WHERE ms.due_date <= $2 AND ms.status <> 'cancelled')::int AS due,
       count(*) FILTER (WHERE ms.due_date <= $2 AND ms.completed_on IS NOT NULL AND ms.completed_on <= ms.due_date)::int AS due_on_time,
       count(*) FILTER (WHERE ms.completed_on IS NOT NULL AND ms.completed_on <= ms.due_date)::int AS met_on_time,
       count(*) FILTER (WHERE ms.completed_on IS NOT NULL AND ms.completed_on > ms.due_date)::int AS met_late,
       count(*) FILTER (WHERE ${openMilestoneSql('ms')} AND ms.due_date < $2)::int AS overdue,
       count(*) FILTER (WHERE ${openMilestoneSql('ms')})::int AS open,
       (SELECT count(*) FROM simplification_plans s WHERE s.institution_id = $1 AND s.status = 'approved')::int AS approved_plans
  FROM milestones ms JOIN simplification_plans sp ON sp.id = ms.plan_id AND sp.status = 'approved'
 WHERE ms.institution_id = $1`;

export const REPORTS_SQL = `
SELECT year, quarter, (submitted_at AT TIME ZONE 'America/Guatemala')::date::text AS submitted_on
  FROM progress_reports WHERE institution_id = $1`;

export const ACTIONS_SQL = `
SELECT type, count(*)::int AS n FROM rationalisation_actions WHERE institution_id = $1 GROUP BY type`;

/** Replaces the day's procedure snapshots of one institution in one statement. */
export const UPSERT_PROCEDURE_SNAPSHOTS_SQL = `
INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, burden, computed_at)
SELECT 'procedure', x.id, $1, $2, $3, x.score, x.components, x.burden, now()
  FROM jsonb_to_recordset($4::jsonb) AS x(id uuid, score numeric, components jsonb, burden jsonb)
ON CONFLICT (scope, subject_id, snapshot_date) DO UPDATE
   SET methodology_version = EXCLUDED.methodology_version, score = EXCLUDED.score, components = EXCLUDED.components,
       burden = EXCLUDED.burden, computed_at = now()`;

export const UPSERT_SNAPSHOT_SQL = `
INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, indicators, burden, computed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
ON CONFLICT (scope, subject_id, snapshot_date) DO UPDATE
   SET methodology_version = EXCLUDED.methodology_version, score = EXCLUDED.score, components = EXCLUDED.components,
       indicators = EXCLUDED.indicators, burden = EXCLUDED.burden, computed_at = now()`;

/**
 * Public "score changed" events for the change feed: for each procedure of this run whose score differs from the
 * score it published last (earlier today, or on an earlier day), one row in procedure_changes, in the same
 * transaction as the snapshot. Run BEFORE the upsert. A procedure's first score is not an event (its creation is).
 */
export const SCORE_CHANGE_EVENTS_SQL = `
INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public)
SELECT $1, x.id, 'procedure', x.id, 'score_changed', 'score', to_jsonb(prev.score), to_jsonb(x.score), true
  FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, score numeric)
  JOIN LATERAL (
    SELECT s.score FROM score_snapshots s
     WHERE s.subject_id = x.id AND s.snapshot_date <= $2
     ORDER BY s.snapshot_date DESC LIMIT 1
  ) prev ON true
 WHERE prev.score <> x.score`;
