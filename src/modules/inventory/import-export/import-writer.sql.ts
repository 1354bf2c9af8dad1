import { EntityManager } from 'typeorm';
import { requirementInForceSql } from '../rules/requirement-in-force';
import { ExistingProcedure, ExistingRequirement } from './spreadsheet/plan-import';

/**
 * The statements of the spreadsheet import and export, with their row types. The column lists of the format are written
 * once here: the import reads the inventory with them (to plan against it) and the export writes the file from them.
 */

/** A procedure's fields in the import/export format (the spreadsheet's columns), camelCase as the format's types name them. */
export const PROCEDURE_FORMAT_SELECT = `code, name, description, legal_basis AS "legalBasis", channels, online_url AS "onlineUrl", forms_url AS "formsUrl",
  forms_free AS "formsFree", fee_gtq::text AS "feeGtq", legal_max_days AS "legalMaxDays", actual_median_days AS "actualMedianDays",
  annual_volume AS "annualVolume", in_person_visits AS "inPersonVisits", declared_level AS "declaredLevel", foreign_trade AS "foreignTrade",
  prioritized, category, audience, output, life_event AS "lifeEvent", target_level AS "targetLevel", target_date::text AS "targetDate",
  last_reviewed_at::text AS "lastReviewedAt"`;

/** Every procedure of the institution (any status: codes of eliminated ones cannot be reused by an import). */
export function loadProcedures(em: EntityManager, institutionId: string): Promise<ExistingProcedure[]> {
  return em.query(`SELECT id, status, ${PROCEDURE_FORMAT_SELECT} FROM procedures WHERE institution_id = $1 ORDER BY code`, [institutionId]);
}

/** Every procedure's code and status (what validating a file needs: codes of eliminated or merged ones cannot be used). */
export function loadProcedureStatuses(
  em: EntityManager,
  institutionId: string,
): Promise<Array<Pick<ExistingProcedure, 'code' | 'status'>>> {
  return em.query(`SELECT code, status FROM procedures WHERE institution_id = $1`, [institutionId]);
}

/** Requirements in force (requirementInForceSql: the product's one definition, as the API, scores and public data use) of these procedures, in the order the export writes them. */
export function loadActiveRequirements(
  em: EntityManager,
  institutionId: string,
  today: string,
  procedureIds: readonly string[],
): Promise<ExistingRequirement[]> {
  return em.query(
    `SELECT ${REQUIREMENT_SELECT} FROM requirements r
      WHERE r.institution_id = $1 AND ${requirementInForceSql('r', '$2::date')} AND r.procedure_id = ANY($3::uuid[])
      ORDER BY r.procedure_id, r.effective_from, r.created_at, r.id`,
    [institutionId, today, procedureIds],
  );
}

export const REQUIREMENT_SELECT = `r.id, r.procedure_id AS "procedureId", r.name, r.evidence_type AS "evidenceType", r.issuer, r.issuer_institution AS "issuerInstitution",
  r.legal_basis_type AS "legalBasisType", r.legal_basis_reference AS "legalBasisReference",
  r.obtainable_by_interoperability AS "obtainableByInteroperability", r.prohibited_kind AS "prohibitedKind",
  r.effective_from::text AS "effectiveFrom", r.effective_to::text AS "effectiveTo"`;

/** The column list of jsonb_to_recordset for a requirement's fields in the format. */
export const REQUIREMENT_RECORD = `procedure_id uuid, name text, evidence_type text, issuer text, issuer_institution text, legal_basis_type text,
  legal_basis_reference text, obtainable_by_interoperability boolean, prohibited_kind text, effective_to date`;

/** Procedures upserted by (institution_id, code): $1 institution, $2 rows (procedureJson). */
export const UPSERT_PROCEDURES_SQL = `INSERT INTO procedures (institution_id, code, name, description, legal_basis, channels, online_url, forms_url, forms_free, fee_gtq,
                               legal_max_days, actual_median_days, annual_volume, in_person_visits, declared_level, foreign_trade, prioritized,
                               category, audience, output, life_event, target_level, target_date, last_reviewed_at,
                               baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
       SELECT $1, r.code, r.name, r.description, r.legal_basis, r.channels, r.online_url, r.forms_url, r.forms_free, r.fee_gtq::numeric,
              r.legal_max_days, r.actual_median_days, r.annual_volume, r.in_person_visits, r.declared_level, r.foreign_trade, r.prioritized,
              r.category, r.audience::procedure_audience, r.output, r.life_event, r.target_level, r.target_date, r.last_reviewed_at,
              r.baseline_date::date, r.baseline_requirements, r.actual_median_days, r.in_person_visits, r.fee_gtq::numeric
         FROM jsonb_to_recordset($2::jsonb) AS r(code text, name text, description text, legal_basis text, channels text[], online_url text,
              forms_url text, forms_free boolean, fee_gtq text, legal_max_days int, actual_median_days int, annual_volume int, in_person_visits int,
              declared_level smallint, foreign_trade boolean, prioritized boolean, category text, audience text, output text, life_event text,
              target_level smallint, target_date date, last_reviewed_at date, baseline_date text, baseline_requirements int)
       ON CONFLICT (institution_id, code) DO UPDATE SET
              name = EXCLUDED.name, description = EXCLUDED.description, legal_basis = EXCLUDED.legal_basis, channels = EXCLUDED.channels,
              online_url = EXCLUDED.online_url, forms_url = EXCLUDED.forms_url, forms_free = EXCLUDED.forms_free, fee_gtq = EXCLUDED.fee_gtq,
              legal_max_days = EXCLUDED.legal_max_days, actual_median_days = EXCLUDED.actual_median_days, annual_volume = EXCLUDED.annual_volume,
              in_person_visits = EXCLUDED.in_person_visits, declared_level = EXCLUDED.declared_level, foreign_trade = EXCLUDED.foreign_trade,
              prioritized = EXCLUDED.prioritized, category = EXCLUDED.category, audience = EXCLUDED.audience, output = EXCLUDED.output,
              life_event = EXCLUDED.life_event, target_level = EXCLUDED.target_level, target_date = EXCLUDED.target_date,
              last_reviewed_at = EXCLUDED.last_reviewed_at, version = procedures.version + 1, updated_at = now()
       RETURNING id, code, (xmax = 0) AS inserted`;

export interface UpsertedProcedureRow {
  id: string;
  code: string;
  inserted: boolean;
}

/** New requirements: $1 institution, $2 today (default effective date), $3 rows (requirementJson + effective_from). */
export const INSERT_REQUIREMENTS_SQL = `INSERT INTO requirements (institution_id, procedure_id, name, evidence_type, issuer, issuer_institution, legal_basis_type,
                                 legal_basis_reference, obtainable_by_interoperability, prohibited, prohibited_kind, effective_from, effective_to, status)
       SELECT $1, r.procedure_id, r.name, r.evidence_type::requirement_evidence_type, r.issuer::requirement_issuer, r.issuer_institution,
              r.legal_basis_type::requirement_legal_basis_type, r.legal_basis_reference, r.obtainable_by_interoperability,
              r.prohibited_kind IS NOT NULL, r.prohibited_kind::requirement_prohibited_kind, coalesce(r.effective_from, $2::date), r.effective_to,
              CASE WHEN r.effective_to IS NULL THEN 'active' ELSE 'eliminated' END::requirement_status
         FROM jsonb_to_recordset($3::jsonb) AS r(${REQUIREMENT_RECORD}, effective_from date)
       RETURNING id, procedure_id, name`;

export interface InsertedRequirementRow {
  id: string;
  procedure_id: string;
  name: string;
}

/** Changed requirements: $1 institution, $2 rows (requirementJson + id). */
export const UPDATE_REQUIREMENTS_SQL = `UPDATE requirements q SET name = r.name, evidence_type = r.evidence_type::requirement_evidence_type, issuer = r.issuer::requirement_issuer,
              issuer_institution = r.issuer_institution, legal_basis_type = r.legal_basis_type::requirement_legal_basis_type,
              legal_basis_reference = r.legal_basis_reference, obtainable_by_interoperability = r.obtainable_by_interoperability,
              prohibited = r.prohibited_kind IS NOT NULL, prohibited_kind = r.prohibited_kind::requirement_prohibited_kind,
              effective_to = r.effective_to,
              status = (CASE WHEN r.effective_to IS NULL THEN 'active' WHEN q.status = 'active' THEN 'eliminated' ELSE q.status::text END)::requirement_status,
              version = q.version + 1, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, ${REQUIREMENT_RECORD})
        WHERE q.id = r.id AND q.institution_id = $1`;

/** Requirements missing from the file, ended (dated, never deleted): $1 institution, $2 today, $3 ids. */
export const ELIMINATE_REQUIREMENTS_SQL = `UPDATE requirements SET status = 'eliminated', effective_to = GREATEST($2::date, effective_from), version = version + 1, updated_at = now()
        WHERE institution_id = $1 AND id = ANY($3::uuid[])
        RETURNING id, effective_to::text AS "effectiveTo"`;

export interface EliminatedRequirementRow {
  id: string;
  effectiveTo: string;
}

/** The change log, in bulk: $1 institution, $2 the user, $3 rows. */
export const INSERT_CHANGES_SQL = `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public, changed_by)
       SELECT $1, c.procedure_id, c.subject, c.subject_id, c.action, c.field, NULLIF(c.old_value, 'null'::jsonb), NULLIF(c.new_value, 'null'::jsonb), true, $2
         FROM jsonb_to_recordset($3::jsonb) AS c(procedure_id uuid, subject text, subject_id uuid, action text, field text, old_value jsonb, new_value jsonb)`;
