import { loadCountedRatings, RatingRecord } from './satisfaction';
import { EntityManager } from 'typeorm';
import { Coverage, InstitutionType } from '../institutions/entities/institution.entity';
import { Channel, MilestoneKind, MilestoneStatus, ProcedureStatus, RequirementStatus } from '../inventory/rules/inventory.enums';
import { DeadlineFacts, findingKey, RequirementFacts } from '../findings/finding-rules';

/**
 * Everything the scores, indicators, findings and ranked actions of one institution are computed from, for any day of a
 * range: the records as they are now, plus what changed since the first day (the field-level change log), so the state
 * on any past day can be rebuilt (`as-of.ts`). Loaded with a few set-based queries, in the caller's transaction; the
 * computation itself is pure.
 */
export interface ProcedureRecord {
  id: string;
  code: string;
  name: string;
  /**
   * Calendar day (Guatemala) the procedure entered the inventory: its registration, or its baseline date when earlier
   * (an inventory loaded today can state since when a procedure exists). It counts from then on.
   */
  createdOn: string;
  status: ProcedureStatus;
  currentLevel: number;
  declaredLevel: number | null;
  targetLevel: number | null;
  targetDate: string | null;
  annualVolume: number | null;
  feeGtq: string | null;
  inPersonVisits: number | null;
  actualMedianDays: number | null;
  legalMaxDays: number | null;
  description: string | null;
  legalBasis: string | null;
  formsUrl: string | null;
  formsFree: boolean | null;
  channels: Channel[];
  onlineUrl: string | null;
  lastReviewedAt: string | null;
  prioritized: boolean;
  foreignTrade: boolean;
  baselineDate: string;
  baselineRequirements: number;
  baselineDays: number | null;
  baselineVisits: number | null;
  baselineFeeGtq: string | null;
}

/** Fields of a procedure whose past values the change log gives back (its names are the entity's field names). */
export const DATED_FIELDS = [
  'status',
  'currentLevel',
  'declaredLevel',
  'targetLevel',
  'annualVolume',
  'feeGtq',
  'inPersonVisits',
  'actualMedianDays',
  'legalMaxDays',
  'description',
  'legalBasis',
  'formsUrl',
  'formsFree',
  'channels',
  'onlineUrl',
  'lastReviewedAt',
  'prioritized',
  'foreignTrade',
] as const satisfies readonly (keyof ProcedureRecord)[];
export type DatedField = (typeof DATED_FIELDS)[number];

export interface FieldChangeRecord {
  procedureId: string;
  field: DatedField;
  oldValue: unknown;
  /** Calendar day (Guatemala) of the change: the old value held until the day before. */
  changedOn: string;
}

export interface RequirementRecord extends RequirementFacts {
  effectiveTo: string | null;
  status: RequirementStatus;
}

export interface MilestoneRecord {
  id: string;
  procedureId: string | null;
  target: string;
  kind: MilestoneKind;
  dueDate: string;
  completedOn: string | null;
  status: MilestoneStatus;
  /** Day its plan was approved. */
  planApprovedOn: string;
}

export interface InstitutionData {
  institution: {
    id: string;
    code: string;
    name: string;
    coverage: Coverage;
    type: InstitutionType;
    sector: string | null;
    optedInAt: string | null;
    active: boolean;
  };
  procedures: ProcedureRecord[];
  /** Changes after the first day of the range, oldest first. */
  changes: FieldChangeRecord[];
  requirements: RequirementRecord[];
  /** Days the institution's plans were approved (currently approved plans). */
  plansApprovedOn: string[];
  milestones: MilestoneRecord[];
  reports: Array<{ year: number; quarter: number; submittedOn: string }>;
  actions: Array<{ type: string; createdOn: string }>;
  /** Active liaisons and institution admins. */
  activeInstitutionUsers: number;
  deadlines: DeadlineFacts[];
  /** Findings an analyst dismissed (keys of `findingKey`). */
  dismissed: Set<string>;
  /** Latest day each procedure's level was validated. */
  levelValidatedOn: Map<string, string>;
  /** Counted citizens' ratings the days of the range may use (satisfaction.ts); absent: none. */
  ratings?: RatingRecord[];
}

const GT_DAY = (column: string) => `(${column} AT TIME ZONE 'America/Guatemala')::date::text`;

/** Loads an institution's records for the days `from`…`to` (null when the institution does not exist). */
export async function loadInstitutionData(
  em: EntityManager,
  institutionId: string,
  from: string,
  to: string,
): Promise<InstitutionData | null> {
  const [institution] = (await em.query(
    `SELECT id, code, name, coverage, type, sector, opted_in_at::text AS "optedInAt", active FROM institutions WHERE id = $1`,
    [institutionId],
  )) as Array<InstitutionData['institution']>;
  if (!institution) return null;
  const procedures = (await em.query(
    `SELECT id, code, name, least(${GT_DAY('created_at')}::date, baseline_date)::text AS "createdOn", status, current_level AS "currentLevel", declared_level AS "declaredLevel",
            target_level AS "targetLevel", target_date::text AS "targetDate", annual_volume AS "annualVolume", fee_gtq::text AS "feeGtq",
            in_person_visits AS "inPersonVisits", actual_median_days AS "actualMedianDays", legal_max_days AS "legalMaxDays", description,
            legal_basis AS "legalBasis", forms_url AS "formsUrl", forms_free AS "formsFree", channels, online_url AS "onlineUrl",
            last_reviewed_at::text AS "lastReviewedAt", prioritized, foreign_trade AS "foreignTrade", baseline_date::text AS "baselineDate",
            baseline_requirements AS "baselineRequirements", baseline_days AS "baselineDays", baseline_visits AS "baselineVisits",
            baseline_fee_gtq::text AS "baselineFeeGtq"
       FROM procedures WHERE institution_id = $1 AND least(${GT_DAY('created_at')}::date, baseline_date) <= $2 ORDER BY code`,
    [institutionId, to],
  )) as ProcedureRecord[];
  const changes = (await em.query(
    `SELECT procedure_id AS "procedureId", field, old_value AS "oldValue", ${GT_DAY('changed_at')} AS "changedOn"
       FROM procedure_changes
      WHERE institution_id = $1 AND subject = 'procedure' AND field = ANY($2::text[])
        AND changed_at >= (($3::date + 1)::timestamp AT TIME ZONE 'America/Guatemala')
      ORDER BY id`,
    [institutionId, DATED_FIELDS, from],
  )) as FieldChangeRecord[];
  const requirements = (await em.query(
    `SELECT id, procedure_id AS "procedureId", name, issuer, legal_basis_type AS "legalBasisType", prohibited_kind AS "prohibitedKind",
            effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo", status
       FROM requirements WHERE institution_id = $1 AND effective_from <= $2
      ORDER BY procedure_id, effective_from, created_at, id`,
    [institutionId, to],
  )) as RequirementRecord[];
  // Everything else in one round trip (small sets: plans, milestones, reports, actions, users, deadlines, dismissals, validations).
  const [rest] = (await em.query(
    `SELECT
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
           WHERE institution_id = $1 AND action = 'level_validated' GROUP BY procedure_id) v) AS validated`,
    [institutionId, institution.coverage],
  )) as Array<{
    plans: Array<{ id: string; approvedOn: string }>;
    milestones: Array<Omit<MilestoneRecord, 'planApprovedOn'> & { planId: string }>;
    reports: InstitutionData['reports'];
    actions: InstitutionData['actions'];
    activeInstitutionUsers: number;
    deadlines: DeadlineFacts[];
    dismissed: Array<{ subjectId: string; kind: 'prohibited_practice'; code: string }>;
    validated: Array<{ procedureId: string; on: string }>;
  }>;
  const approvedOn = new Map(rest.plans.map((p) => [p.id, p.approvedOn]));
  return {
    institution,
    procedures: procedures.map((p) => ({ ...p, channels: p.channels ?? [] })),
    changes,
    requirements,
    plansApprovedOn: rest.plans.map((p) => p.approvedOn),
    milestones: rest.milestones.map(({ planId, ...m }) => ({ ...m, planApprovedOn: approvedOn.get(planId)! })),
    reports: rest.reports,
    actions: rest.actions,
    activeInstitutionUsers: rest.activeInstitutionUsers,
    deadlines: rest.deadlines,
    dismissed: new Set(rest.dismissed.map((d) => findingKey(d.subjectId, d.kind, d.code))),
    levelValidatedOn: new Map(rest.validated.map((v) => [v.procedureId, v.on])),
    ratings: await loadCountedRatings(em, institutionId, from, to),
  };
}
