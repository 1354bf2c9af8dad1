import type { MaturityLevelDefinition } from '../modules/inventory/maturity/entities/maturity-model.entity';

/** Raw SQL of the demo writer (write-world.ts), with the row types it reads back. Rows come as one jsonb array ($1). */

export interface IdRow {
  id: string;
}
export interface CodeIdRow {
  id: string;
  code: string;
}
export interface UpsertedInstitutionRow extends CodeIdRow {
  inserted: boolean;
}
export interface UserEmailRow {
  id: string;
  email: string;
}
export interface ActiveModelRow {
  id: string;
  levels: MaturityLevelDefinition[];
}
export interface ColumnNameRow {
  column_name: string;
}

/** Row-level security settings for what follows in the transaction ($1 scope, $2 institution or ''). */
export const ENTER_SCOPE_SQL = `SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`;

/** Institutions by code ($1 rows): UpsertedInstitutionRow. */
export const UPSERT_INSTITUTIONS_SQL = `INSERT INTO institutions (code, name, article, type, coverage, sector, website, opted_in_at, adhesion_act, created_at, updated_at)
       SELECT x.code, x.name, x.article, x.type::institution_type, x.coverage::institution_coverage, x.sector, x.website, x.opted_in_at, x.adhesion_act, x.created_at, x.created_at
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, article text, type text, coverage text, sector text, website text, opted_in_at date, adhesion_act text, created_at timestamptz)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, article = EXCLUDED.article, sector = EXCLUDED.sector, website = EXCLUDED.website
       RETURNING id, code, (xmax = 0) AS inserted`;

/** Users by e-mail, those not there yet ($1 rows): IdRow of those inserted. */
export const INSERT_USERS_SQL = `INSERT INTO users (email, name, role, institution_id, status, password_hash, password_changed_at, created_at, updated_at)
       SELECT x.email, x.name, x.role::user_role, x.institution_id, x.status::user_status, x.password_hash, x.password_changed_at, x.created_at, x.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(email text, name text, role text, institution_id uuid, status text, password_hash text,
              password_changed_at timestamptz, created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (email) DO NOTHING RETURNING id`;

/** Users by e-mail ($1 e-mails): UserEmailRow. */
export const USERS_BY_EMAIL_SQL = `SELECT id, email FROM users WHERE email = ANY($1)`;

/** The active maturity model: ActiveModelRow. */
export const ACTIVE_MODEL_SQL = `SELECT id, levels FROM maturity_models WHERE active ORDER BY version DESC LIMIT 1`;

/** Columns of procedures that may store unknown (NULL): ColumnNameRow. */
export const NULLABLE_PROCEDURE_COLUMNS_SQL = `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'procedures' AND is_nullable = 'YES'`;

/** Analysts' follows ($1 rows): IdRow of those inserted. */
export const INSERT_FOLLOWS_SQL = `INSERT INTO analyst_follows (user_id, institution_id, created_by, created_at)
       SELECT x.user_id, x.institution_id, x.user_id, x.created_at FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, institution_id uuid, created_at timestamptz)
       ON CONFLICT (user_id, institution_id) DO NOTHING RETURNING id`;

/** Digest delivery for these users ($1 e-mails), unless they have preferences. */
export const DIGEST_PREFERENCES_SQL = `INSERT INTO notification_preferences (user_id, delivery) SELECT id, 'digest' FROM users WHERE email = ANY($1) ON CONFLICT (user_id) DO NOTHING`;

/** New procedures of an institution ($1 rows); `known` writes a column that cannot store unknown yet: CodeIdRow of those inserted. */
export const INSERT_PROCEDURES_SQL = (
  known: (column: string) => string,
) => `INSERT INTO procedures (id, institution_id, code, name, description, output, audience, category, life_event, foreign_trade, prioritized, channels,
       online_url, forms_url, forms_free, fee_gtq, legal_basis, legal_max_days, actual_median_days, annual_volume, in_person_visits, status, current_level,
       declared_level, target_level, target_date, last_reviewed_at, baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq,
       created_at, updated_at, version)
     SELECT x.id, x.institution_id, x.code, x.name, x.description, x.output, x.audience::procedure_audience, x.category, x.life_event, x.foreign_trade,
            x.prioritized, x.channels, x.online_url, x.forms_url, x.forms_free, ${known('fee_gtq')}, x.legal_basis, x.legal_max_days, x.actual_median_days,
            x.annual_volume, ${known('in_person_visits')}, x.status::procedure_status, x.current_level, x.declared_level, x.target_level, x.target_date,
            x.last_reviewed_at, x.baseline_date, x.baseline_requirements, x.baseline_days, ${known('baseline_visits')}, ${known('baseline_fee_gtq')},
            x.created_at, x.updated_at, x.version
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, institution_id uuid, code text, name text, description text, output text, audience text,
            category text, life_event text, foreign_trade boolean, prioritized boolean, channels text[], online_url text, forms_url text, forms_free boolean,
            fee_gtq numeric, legal_basis text, legal_max_days int, actual_median_days int, annual_volume int, in_person_visits int, status text,
            current_level smallint, declared_level smallint, target_level smallint, target_date date, last_reviewed_at date, baseline_date date,
            baseline_requirements int, baseline_days int, baseline_visits int, baseline_fee_gtq numeric, created_at timestamptz, updated_at timestamptz, version int)
     ON CONFLICT (institution_id, code) DO NOTHING RETURNING id, code`;

/** Every procedure of the institution ($1) by code: CodeIdRow. */
export const PROCEDURE_CODES_SQL = `SELECT id, code FROM procedures WHERE institution_id = $1`;

/** A procedure ($1) merged into another ($2). */
export const MARK_MERGED_SQL = `UPDATE procedures SET merged_into_id = $2 WHERE id = $1`;

/** Requirements of new procedures ($1 rows): IdRow. */
export const INSERT_REQUIREMENTS_SQL = `INSERT INTO requirements (id, institution_id, procedure_id, name, evidence_type, issuer, issuer_institution, legal_basis_type, legal_basis_reference,
       obtainable_by_interoperability, prohibited, prohibited_kind, effective_from, effective_to, status, created_at, updated_at, version)
     SELECT x.id, x.institution_id, x.procedure_id, x.name, x.evidence_type::requirement_evidence_type, x.issuer::requirement_issuer, x.issuer_institution,
            x.legal_basis_type::requirement_legal_basis_type, x.legal_basis_reference, x.interop, x.prohibited_kind IS NOT NULL,
            x.prohibited_kind::requirement_prohibited_kind, x.effective_from, x.effective_to, x.status::requirement_status, x.created_at, x.updated_at, x.version
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, institution_id uuid, procedure_id uuid, name text, evidence_type text, issuer text,
            issuer_institution text, legal_basis_type text, legal_basis_reference text, interop boolean, prohibited_kind text, effective_from date,
            effective_to date, status text, created_at timestamptz, updated_at timestamptz, version int)
     RETURNING id`;

/** Change-log rows of new procedures ($1 rows): IdRow. */
export const INSERT_CHANGES_SQL = `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public, changed_by, changed_at)
     SELECT x.institution_id, x.procedure_id, x.subject, x.subject_id, x.action, x.field, x.old_value, x.new_value, true, x.changed_by, x.changed_at
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (institution_id uuid, procedure_id uuid, subject text, subject_id uuid, action text, field text,
            old_value jsonb, new_value jsonb, changed_by uuid, changed_at timestamptz)) WITH ORDINALITY AS x
      ORDER BY x.ordinality
     RETURNING id`;

/** A maturity assessment: IdRow. */
export const INSERT_ASSESSMENTS_SQL = `INSERT INTO maturity_assessments (institution_id, procedure_id, model_id, answers, resulting_level, evidence_url, evidence_note, status, submitted_by,
       reviewed_by, reviewed_at, review_comment, created_at, updated_at, version)
     SELECT x.institution_id, x.procedure_id, x.model_id, x.answers, x.resulting_level, x.evidence_url, x.evidence_note, x.status::assessment_status,
            x.submitted_by, x.reviewed_by, x.reviewed_at, x.review_comment, x.created_at, coalesce(x.reviewed_at, x.created_at), x.version
       FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, procedure_id uuid, model_id uuid, answers jsonb, resulting_level smallint,
            evidence_url text, evidence_note text, status text, submitted_by uuid, reviewed_by uuid, reviewed_at timestamptz, review_comment text,
            created_at timestamptz, version int)
     RETURNING id`;

/** Rationalisation actions ($1 rows): IdRow. */
export const INSERT_ACTIONS_SQL = `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description, benefit, implemented_on, steps_before, steps_after,
       requirements_before, requirements_after, days_before, days_after, created_at, updated_at)
     SELECT x.institution_id, x.procedure_id, x.type::rationalisation_action_type, x.description, x.benefit, x.implemented_on, x.steps_before, x.steps_after,
            x.requirements_before, x.requirements_after, x.days_before, x.days_after, x.created_at, x.created_at
       FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, procedure_id uuid, type text, description text, benefit text, implemented_on date,
            steps_before int, steps_after int, requirements_before int, requirements_after int, days_before int, days_after int, created_at timestamptz)
     RETURNING id`;

/** Simplification plans ($1 rows): IdRow. */
export const INSERT_PLANS_SQL = `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, revision, status, budget_gtq, approval_act, submitted_at,
         approved_by, approved_at, review_comment, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (institution_id, period_start, revision) DO NOTHING RETURNING id`;

/** Milestones of new plans ($1 rows): IdRow. */
export const INSERT_MILESTONES_SQL = `INSERT INTO milestones (institution_id, plan_id, procedure_id, kind, target, due_date, status, completed_on, completed_late, evidence, created_at, updated_at)
       SELECT x.institution_id, x.plan_id, x.procedure_id, x.kind::milestone_kind, x.target, x.due_date, x.status::milestone_status, x.completed_on,
              x.completed_late, x.evidence, x.created_at, x.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, plan_id uuid, procedure_id uuid, kind text, target text, due_date date, status text,
              completed_on date, completed_late boolean, evidence text, created_at timestamptz, updated_at timestamptz)
       RETURNING id`;

/** Progress reports ($1 rows): IdRow. */
export const INSERT_REPORTS_SQL = `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by, status, reviewed_by, reviewed_at, review_comment,
       created_at, updated_at, version)
     SELECT x.institution_id, x.year, x.quarter, x.content, x.submitted_at, x.submitted_by, x.status::progress_report_status, x.reviewed_by, x.reviewed_at,
            x.review_comment, x.submitted_at, coalesce(x.reviewed_at, x.submitted_at), CASE WHEN x.reviewed_at IS NULL THEN 1 ELSE 2 END
       FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, year smallint, quarter smallint, content text, submitted_at timestamptz,
            submitted_by uuid, status text, reviewed_by uuid, reviewed_at timestamptz, review_comment text)
     ON CONFLICT (institution_id, year, quarter) DO NOTHING RETURNING id`;
