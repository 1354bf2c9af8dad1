import { preparedStatement } from '../../database/prepared-statement';
import { hasFoundingLegalBasisSql, requirementInForceSql } from '../inventory/rules/requirement-in-force';
import type { DeadlineFacts } from '../findings/finding-rules';
import type { FieldChangeRecord, InstitutionData, MilestoneRecord, RequirementRecord } from './institution-data';
import { COUNTED_RATINGS_JSON, RatingRecordRow } from './satisfaction.sql';

/**
 * The loads of one institution's records (institution-data.ts): a few set-based statements in the caller's transaction.
 * Row types: `ProcedureRecord` and `RequirementRecord` (declared in institution-data.ts, where the computation reads
 * them) and `RecordsRow` below.
 */

const GT_DAY = (column: string) => `(${column} AT TIME ZONE 'America/Guatemala')::date::text`;

/** $1 institution, $2 last day: requirements in effect by then (any status), per procedure in effect order. */
export const REQUIREMENTS_SQL = preparedStatement(
  'scoring-requirements',
  `SELECT id, procedure_id AS "procedureId", name, issuer, legal_basis_type AS "legalBasisType", prohibited_kind AS "prohibitedKind",
            effective_from::text AS "effectiveFrom", effective_to::text AS "effectiveTo", status
       FROM requirements WHERE institution_id = $1 AND effective_from <= $2
      ORDER BY procedure_id, effective_from, created_at, id`,
);

/**
 * The practice signature of requirement `alias`, in SQL: the key `practiceSignature` (finding-rules.ts) makes, as
 * PostgreSQL writes it (the issuer is never null; an undeclared practice is the empty string). The scoring-equivalence
 * e2e fails if the two part ways (the requirements with a practice would not come over).
 */
const PRACTICE_SIGNATURE_SQL = (alias: string) =>
  `(${alias}.issuer::text || '|' || coalesce(${alias}.prohibited_kind::text, '') || '|' || ${alias}.name)`;

/**
 * The procedures that entered the inventory by the last day ($1 institution, $2 last day), by code, as rows: not one
 * JSON document, which PostgreSQL builds value by value (a JSON object cost it about four times as much as the row
 * it is made of) and the worker parses again (issue 17).
 */
export const PROCEDURES_SQL = preparedStatement(
  'scoring-procedures',
  `SELECT id, code, name, least(${GT_DAY('created_at')}::date, baseline_date)::text AS "createdOn", status, current_level AS "currentLevel",
          declared_level AS "declaredLevel", target_level AS "targetLevel", target_date::text AS "targetDate", annual_volume AS "annualVolume",
          fee_gtq::text AS "feeGtq", in_person_visits AS "inPersonVisits", actual_median_days AS "actualMedianDays",
          legal_max_days AS "legalMaxDays", description, legal_basis AS "legalBasis", forms_url AS "formsUrl", forms_free AS "formsFree",
          channels, online_url AS "onlineUrl", last_reviewed_at::text AS "lastReviewedAt", prioritized, foreign_trade AS "foreignTrade",
          baseline_date::text AS "baselineDate", baseline_requirements AS "baselineRequirements", baseline_days AS "baselineDays",
          baseline_visits AS "baselineVisits", baseline_fee_gtq::text AS "baselineFeeGtq"
     FROM procedures WHERE institution_id = $1 AND least(${GT_DAY('created_at')}::date, baseline_date) <= $2::date
    ORDER BY code`,
);

/**
 * A run of one day counts the requirements in PostgreSQL (RECORDS_SQL) and loads in full only those that may count as
 * prohibited: in force on the day ($2) with a practice signature among $3 (their names, $4, are compared first), as rows.
 */
export const CANDIDATES_SQL = preparedStatement(
  'scoring-candidate-requirements',
  `SELECT r.id, r.procedure_id AS "procedureId", r.name, r.issuer, r.legal_basis_type AS "legalBasisType", r.prohibited_kind AS "prohibitedKind",
          r.effective_from::text AS "effectiveFrom", r.effective_to::text AS "effectiveTo", r.status
     FROM requirements r
    WHERE r.institution_id = $1 AND ${requirementInForceSql('r', '$2::date')} AND r.name = ANY($4::text[])
      AND ${PRACTICE_SIGNATURE_SQL('r')} = ANY($3::text[])
    ORDER BY r.procedure_id, r.effective_from, r.created_at, r.id`,
);

/** One institution's records but its procedures and requirements, as RECORDS_SQL sends them (null institution: no such institution). */
export interface RecordsRow {
  institution: InstitutionData['institution'] | null;
  /** Field changes after the first day, oldest first. */
  changes: FieldChangeRecord[];
  plans: Array<{ id: string; approvedOn: string }>;
  milestones: Array<Omit<MilestoneRecord, 'planApprovedOn'> & { planId: string }>;
  reports: InstitutionData['reports'];
  actions: InstitutionData['actions'];
  activeInstitutionUsers: number;
  deadlines: DeadlineFacts[];
  dismissed: Array<{ subjectId: string; kind: 'prohibited_practice'; code: string }>;
  validated: Array<{ procedureId: string; on: string }>;
  ratings: RatingRecordRow[];
  /**
   * Asked for ($6, loadInstitutionDay): of the requirements in effect by the last day, how many and how many ended by it
   * (`detectionDayKey`), and the distinct practice signatures of those in force that day.
   */
  requirements: {
    /**
     * The days these figures hold for, as they hold for the last day: from the latest start or end of a requirement up
     * to it (null: none) to the next one after it, exclusive (null: none). Between two such dates the same requirements
     * are in effect, in force and ended (RequirementFiguresCache).
     */
    since: string | null;
    until: string | null;
    reached: number;
    ended: number;
    signatures: Array<Pick<RequirementRecord, 'issuer' | 'prohibitedKind' | 'name'>>;
    /** Per procedure with requirements in effect by the last day (parallel arrays): those in force, and of them those
     * with a founding legal basis. */
    counts: { procedureId: string[]; active: number[]; withBasis: number[] };
    /** The requirements ended by the last day (parallel arrays): procedure and end date (the procedure's baseline decides
     * which count as eliminated since). */
    endings: { procedureId: string[]; on: string[] };
  } | null;
}

/**
 * One institution's records but its procedures (PROCEDURES_SQL) and requirements, in one round trip (issue 17: one
 * statement instead of six, each a round trip the run waited for): $1 institution, $2 first day, $3 last day, $4 dated
 * fields, $5 the day the ratings' window opens after, $6 whether to read the requirements of the last day. Each set is a
 * JSON column.
 * - Field changes after the first day, oldest first, read by the (institution, changed_at) index and sorted afterwards
 *   (`OFFSET 0` keeps the planner from walking the whole table in id order for the ORDER BY, which it did whenever its
 *   statistics saw the table as nearly empty: 0.8 ms for no row).
 * - Plans, milestones, reports, actions, users, the deadlines of the institution's coverage, dismissals, validations.
 * - The counted ratings any day of the range may use (satisfaction.sql.ts).
 * - A day's run reads the requirements counted by PostgreSQL (issue 17: a million rows sent, parsed and kept for figures
 *   PostgreSQL can count), in one pass over the institution's requirements: of those in effect by the day, how many
 *   there are and how many ended, the counts of each procedure, and the distinct practice signatures of those in force
 *   (issuer, declared practice and name, all `practicesOf` reads), which the run classifies with the methodology's
 *   practice rules; only the requirements whose signature has a practice then come over in full (CANDIDATES_SQL). With
 *   them, the days the figures hold for: from the last start or end of a requirement by the day to the next one. Sets of one
 *   value per procedure or requirement go as parallel arrays: PostgreSQL converts an array to JSON with one lookup of its
 *   type, an object with one per value.
 */
export const RECORDS_SQL = preparedStatement(
  'scoring-records',
  `WITH reqs AS MATERIALIZED (
     SELECT r.procedure_id, r.issuer, r.prohibited_kind, r.name, r.effective_from, r.effective_to, r.effective_from <= $3::date AS begun,
            ${requirementInForceSql('r', '$3::date')} AS in_force, ${hasFoundingLegalBasisSql('r')} AS founded
       FROM requirements r WHERE $6::boolean AND r.institution_id = $1)
   SELECT
       (SELECT row_to_json(i) FROM (
          SELECT id, code, name, coverage, type, sector, opted_in_at::text AS "optedInAt", active FROM institutions WHERE id = $1) i) AS institution,
       (SELECT coalesce(json_agg(json_build_object('procedureId', c.procedure_id, 'field', c.field, 'oldValue', c.old_value,
                                                   'changedOn', ${GT_DAY('c.changed_at')}) ORDER BY c.id), '[]')
          FROM (SELECT id, procedure_id, field, old_value, changed_at FROM procedure_changes
                 WHERE institution_id = $1 AND subject = 'procedure' AND field = ANY($4::text[])
                   AND changed_at >= (($2::date + 1)::timestamp AT TIME ZONE 'America/Guatemala')
                OFFSET 0) c) AS changes,
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
          FROM legal_deadlines WHERE coverage = (SELECT coverage FROM institutions WHERE id = $1)) AS deadlines,
       (SELECT coalesce(json_agg(json_build_object('subjectId', subject_id, 'kind', kind, 'code', code)), '[]')
          FROM findings WHERE institution_id = $1 AND status = 'dismissed') AS dismissed,
       (SELECT coalesce(json_agg(json_build_object('procedureId', procedure_id, 'on', d)), '[]') FROM (
          SELECT procedure_id, max(${GT_DAY('changed_at')}) AS d FROM procedure_changes
           WHERE institution_id = $1 AND action = 'level_validated' GROUP BY procedure_id) v) AS validated,
       ${COUNTED_RATINGS_JSON('$1', '$5::date', '$3::date')} AS ratings,
       CASE WHEN $6::boolean THEN (SELECT json_build_object(
          'since', greatest(max(r.effective_from) FILTER (WHERE r.begun), max(r.effective_to) FILTER (WHERE r.effective_to <= $3::date))::text,
          'until', least(min(r.effective_from) FILTER (WHERE NOT r.begun), min(r.effective_to) FILTER (WHERE r.effective_to > $3::date))::text,
          'reached', count(*) FILTER (WHERE r.begun), 'ended', count(*) FILTER (WHERE r.begun AND r.effective_to <= $3::date),
          'signatures', (SELECT coalesce(json_agg(s), '[]') FROM (
             SELECT DISTINCT issuer, prohibited_kind AS "prohibitedKind", name FROM reqs WHERE in_force) s),
          'counts', (SELECT json_build_object('procedureId', coalesce(array_agg(procedure_id), '{}'), 'active', coalesce(array_agg(active), '{}'),
                                              'withBasis', coalesce(array_agg(with_basis), '{}'))
             FROM (SELECT procedure_id, count(*) FILTER (WHERE in_force) AS active, count(*) FILTER (WHERE in_force AND founded) AS with_basis
                     FROM reqs WHERE begun GROUP BY procedure_id) c),
          'endings', json_build_object('procedureId', coalesce(array_agg(r.procedure_id) FILTER (WHERE r.begun AND r.effective_to <= $3::date), '{}'),
                                       'on', coalesce(array_agg(r.effective_to::text) FILTER (WHERE r.begun AND r.effective_to <= $3::date), '{}')))
          FROM reqs r) END AS requirements`,
);

/**
 * Bump when the computation of scores, explanations or findings changes in code (not in data): the digest of inputs then
 * differs, so a same-day re-run after a deploy recomputes instead of keeping what the previous code wrote.
 */
export const SCORING_CODE_REVISION = 3;

/**
 * The rows a run of one institution reads, table by table: the loads above (`RECORDS_SQL`'s sets with its ratings,
 * the active methodology), each a superset of what its load selects. $1 institution, $3 dated fields. The inventory
 * (procedures and requirements) is not among them: its revision stands for it (INVENTORY_REVISION_SQL).
 * Score events the run itself writes to procedure_changes are left out (they are outputs, not inputs).
 */
const INPUT_ROWS = [
  `institutions WHERE id = $1`,
  `procedure_changes WHERE institution_id = $1 AND (action = 'level_validated' OR (subject = 'procedure' AND field = ANY($3)))`,
  `simplification_plans WHERE institution_id = $1`,
  `milestones WHERE institution_id = $1`,
  `progress_reports WHERE institution_id = $1`,
  `rationalisation_actions WHERE institution_id = $1`,
  `users WHERE institution_id = $1`,
  `legal_deadlines`,
  `findings WHERE institution_id = $1 AND status = 'dismissed'`,
  `procedure_ratings WHERE institution_id = $1`,
  `methodologies WHERE active`,
];

/**
 * The revision of an institution's procedures and requirements ($1), which statement-level triggers move with every
 * statement that writes them, whoever writes (migration 1796320000000); '0' before any. One row read, where counting
 * and summing the versions of the rows read some 2,200 rows an institution of the bench (issue 17).
 */
const INVENTORY_REVISION_SQL = `coalesce((SELECT revision::text FROM inventory_revisions WHERE institution_id = $1::uuid), '0')`;

/**
 * The stamp of everything one institution's run reads, whatever the day ($1 institution, $3 dated fields), computed by
 * PostgreSQL without reading a column: the inventory's revision, and for each table of INPUT_ROWS, its rows' count and
 * the sum of their `xmin` (the id of the transaction that wrote each row version). An insert or an update writes a row
 * version with a newer transaction id and a delete lowers the count, so any write to an input moves the stamp (a write
 * that changes nothing, a VACUUM FULL, only cost one full run). Same stamp and same day ⇒ same loaded data ⇒ the same
 * scores, explanations and findings (the computation is pure), with SCORING_CODE_REVISION for changes of the code itself.
 * The digest of a run's inputs is this stamp with the day (`RUN_STATE_SQL`).
 */
const typed = (rows: string) => rows.replace(/\$1/g, '$1::uuid').replace(/\$3/g, '$3::text[]');
const stamp = (rows: string) => `(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM ${typed(rows)})`;
export const INPUTS_STAMP_SQL = `md5(concat_ws('|', '${SCORING_CODE_REVISION}', ${INVENTORY_REVISION_SQL},
  ${INPUT_ROWS.map(stamp).join(',\n  ')}))`;
