import type { DeadlineFacts } from '../findings/finding-rules';
import type { InstitutionData, MilestoneRecord } from './institution-data';

/**
 * The loads of one institution's records (institution-data.ts): a few set-based statements in the caller's transaction.
 * Row types: `InstitutionData['institution']`, `ProcedureRecord`, `FieldChangeRecord`, `RequirementRecord` (declared in
 * institution-data.ts, where the computation reads them) and `RestRow` below.
 */

const GT_DAY = (column: string) => `(${column} AT TIME ZONE 'America/Guatemala')::date::text`;

/** $1 institution. */
export const INSTITUTION_SQL = `SELECT id, code, name, coverage, type, sector, opted_in_at::text AS "optedInAt", active FROM institutions WHERE id = $1`;

/** $1 institution, $2 last day: procedures that entered the inventory by then, by code. */
export const PROCEDURES_SQL = `SELECT id, code, name, least(${GT_DAY('created_at')}::date, baseline_date)::text AS "createdOn", status, current_level AS "currentLevel", declared_level AS "declaredLevel",
            target_level AS "targetLevel", target_date::text AS "targetDate", annual_volume AS "annualVolume", fee_gtq::text AS "feeGtq",
            in_person_visits AS "inPersonVisits", actual_median_days AS "actualMedianDays", legal_max_days AS "legalMaxDays", description,
            legal_basis AS "legalBasis", forms_url AS "formsUrl", forms_free AS "formsFree", channels, online_url AS "onlineUrl",
            last_reviewed_at::text AS "lastReviewedAt", prioritized, foreign_trade AS "foreignTrade", baseline_date::text AS "baselineDate",
            baseline_requirements AS "baselineRequirements", baseline_days AS "baselineDays", baseline_visits AS "baselineVisits",
            baseline_fee_gtq::text AS "baselineFeeGtq"
       FROM procedures WHERE institution_id = $1 AND least(${GT_DAY('created_at')}::date, baseline_date) <= $2 ORDER BY code`;

/** $1 institution, $2 dated fields, $3 first day: field changes after it, oldest first. */
export const CHANGES_SQL = `SELECT procedure_id AS "procedureId", field, old_value AS "oldValue", ${GT_DAY('changed_at')} AS "changedOn"
       FROM procedure_changes
      WHERE institution_id = $1 AND subject = 'procedure' AND field = ANY($2::text[])
        AND changed_at >= (($3::date + 1)::timestamp AT TIME ZONE 'America/Guatemala')
      ORDER BY id`;

/** $1 institution, $2 last day: requirements in effect by then (any status), per procedure in effect order. */
export const REQUIREMENTS_SQL = `SELECT id, procedure_id AS "procedureId", name, issuer, legal_basis_type AS "legalBasisType", prohibited_kind AS "prohibitedKind",
            effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo", status
       FROM requirements WHERE institution_id = $1 AND effective_from <= $2
      ORDER BY procedure_id, effective_from, created_at, id`;

/** Everything else in one round trip (small sets): plans, milestones, reports, actions, users, deadlines, dismissals, validations. */
export interface RestRow {
  plans: Array<{ id: string; approvedOn: string }>;
  milestones: Array<Omit<MilestoneRecord, 'planApprovedOn'> & { planId: string }>;
  reports: InstitutionData['reports'];
  actions: InstitutionData['actions'];
  activeInstitutionUsers: number;
  deadlines: DeadlineFacts[];
  dismissed: Array<{ subjectId: string; kind: 'prohibited_practice'; code: string }>;
  validated: Array<{ procedureId: string; on: string }>;
}

/** $1 institution, $2 its coverage. */
export const REST_SQL = `SELECT
       (SELECT coalesce(json_agg(json_build_object('id', id, 'approvedOn', ${GT_DAY('coalesce(approved_at, updated_at)')})), '[]')
          FROM simplification_plans WHERE institution_id = $1 AND status = 'approved') AS plans,
       (SELECT coalesce(json_agg(json_build_object('id', m.id, 'planId', m.plan_id, 'procedureId', m.procedure_id, 'target', m.target, 'kind', m.kind,
                                                   'dueDate', m.due_date::text, 'completedOn', m.completed_on::text, 'status', m.status)), '[]')
          FROM milestones m JOIN simplification_plans sp ON sp.id = m.plan_id AND sp.status = 'approved' WHERE m.institution_id = $1) AS milestones,
       (SELECT coalesce(json_agg(json_build_object('year', year, 'quarter', quarter, 'submittedOn', ${GT_DAY('submitted_at')})), '[]')
          FROM progress_reports WHERE institution_id = $1) AS reports,
       (SELECT coalesce(json_agg(json_build_object('type', type, 'createdOn', coalesce(implemented_on::text, ${GT_DAY('created_at')}))), '[]')
          FROM rationalisation_actions WHERE institution_id = $1) AS actions,
       (SELECT count(*)::int FROM users WHERE institution_id = $1 AND status = 'active' AND role IN ('liaison', 'institution_admin')) AS "activeInstitutionUsers",
       (SELECT coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name, 'dueDate', due_date::text, 'legalReference', legal_reference,
                                                   'requiresApprovedPlan', requires_approved_plan, 'requiredLevel', required_level) ORDER BY due_date, code), '[]')
          FROM legal_deadlines WHERE coverage = $2) AS deadlines,
       (SELECT coalesce(json_agg(json_build_object('subjectId', subject_id, 'kind', kind, 'code', code)), '[]')
          FROM findings WHERE institution_id = $1 AND status = 'dismissed') AS dismissed,
       (SELECT coalesce(json_agg(json_build_object('procedureId', procedure_id, 'on', d)), '[]') FROM (
          SELECT procedure_id, max(${GT_DAY('changed_at')}) AS d FROM procedure_changes
           WHERE institution_id = $1 AND action = 'level_validated' GROUP BY procedure_id) v) AS validated`;
