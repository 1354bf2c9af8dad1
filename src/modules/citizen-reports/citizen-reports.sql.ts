import { EntityManager } from 'typeorm';

/** The procedure a report is filed against, found by its public codes (active institutions only). */
export interface ReportedProcedureRow {
  id: string;
  institution_id: string;
  code: string;
  name: string;
  institution_code: string;
  institution_name: string;
}

export const REPORTED_PROCEDURE_SQL = `
  SELECT p.id, p.institution_id, p.code, p.name, i.code AS institution_code, i.name AS institution_name
    FROM procedures p JOIN institutions i ON i.id = p.institution_id
   WHERE i.active AND upper(i.code) = upper($1) AND p.code = $2`;

/** A registered requirement of the procedure (for "they asked me for this prohibited thing"). */
export interface ReportedRequirementRow {
  id: string;
  name: string;
  legal_basis_type: string;
}

export const REPORTED_REQUIREMENT_SQL = `
  SELECT r.id, r.name, r.legal_basis_type::text AS legal_basis_type FROM requirements r WHERE r.id = $1 AND r.procedure_id = $2`;

/** One report with the names a page shows (never the contact e-mail). */
export interface CitizenReportRow {
  id: string;
  version: number;
  institution_id: string;
  tracking_code: string;
  kind: string;
  status: string;
  what_asked: string;
  asked_on: string;
  channel: string;
  place: string | null;
  received_on: string;
  answer_due_on: string;
  answer: string | null;
  answered_on: string | null;
  ruling_reason: string | null;
  ruled_on: string | null;
  finding_id: string | null;
  has_contact: boolean;
  procedure_id: string;
  procedure_code: string;
  procedure_name: string;
  institution_code: string;
  institution_name: string;
  requirement_id: string | null;
  requirement_name: string | null;
  requirement_legal_basis_type: string | null;
}

const REPORT_COLUMNS = `
  c.id, c.version, c.institution_id, c.tracking_code, c.kind::text AS kind, c.status::text AS status, c.what_asked,
  c.asked_on::text AS asked_on, c.channel, c.place, c.received_on::text AS received_on, c.answer_due_on::text AS answer_due_on,
  c.answer, c.answered_on::text AS answered_on, c.ruling_reason, c.ruled_on::text AS ruled_on, c.finding_id,
  (c.contact_email_encrypted IS NOT NULL) AS has_contact,
  p.id AS procedure_id, p.code AS procedure_code, p.name AS procedure_name, i.code AS institution_code, i.name AS institution_name,
  r.id AS requirement_id, r.name AS requirement_name, r.legal_basis_type::text AS requirement_legal_basis_type`;

const REPORT_FROM = `
  FROM citizen_reports c
  JOIN procedures p ON p.id = c.procedure_id
  JOIN institutions i ON i.id = c.institution_id
  LEFT JOIN requirements r ON r.id = c.requirement_id`;

export async function reportByCode(em: EntityManager, code: string): Promise<CitizenReportRow | null> {
  const [row] = (await em.query(`SELECT ${REPORT_COLUMNS} ${REPORT_FROM} WHERE c.tracking_code = $1`, [code])) as CitizenReportRow[];
  return row ?? null;
}

export async function reportById(em: EntityManager, id: string): Promise<CitizenReportRow | null> {
  const [row] = (await em.query(`SELECT ${REPORT_COLUMNS} ${REPORT_FROM} WHERE c.id = $1`, [id])) as CitizenReportRow[];
  return row ?? null;
}

/** A page of reports the unit of work may see (row-level security limits an institution's users to their own), open first. */
export async function reportPage(
  em: EntityManager,
  filter: { status: string | null },
  limit: number,
  offset: number,
): Promise<{ rows: CitizenReportRow[]; total: number }> {
  const where = filter.status ? `WHERE c.status::text = $3` : '';
  const params: unknown[] = [limit, offset, ...(filter.status ? [filter.status] : [])];
  const rows = (await em.query(
    `SELECT ${REPORT_COLUMNS} ${REPORT_FROM} ${where}
      ORDER BY (c.status = 'received') DESC, c.answer_due_on, c.created_at DESC, c.id LIMIT $1 OFFSET $2`,
    params,
  )) as CitizenReportRow[];
  const [{ n }] = (await em.query(`SELECT count(*)::int AS n FROM citizen_reports c ${filter.status ? `WHERE c.status::text = $1` : ''}`, [
    ...(filter.status ? [filter.status] : []),
  ])) as Array<{ n: number }>;
  return { rows, total: n };
}

/** The holidays as a set of YYYY-MM-DD (a few dozen rows). */
export async function holidaySet(em: EntityManager): Promise<Set<string>> {
  const rows = (await em.query(`SELECT day::text AS day FROM public_holidays`)) as Array<{ day: string }>;
  return new Set(rows.map((r) => r.day));
}

/** The configured answer deadline in business days, or null when no setting row exists. */
export async function answerBusinessDays(em: EntityManager): Promise<number | null> {
  const [row] = (await em.query(`SELECT answer_business_days FROM citizen_report_settings WHERE id = 1`)) as Array<{
    answer_business_days: number;
  }>;
  return row ? row.answer_business_days : null;
}

/** Whether a tracking code ($1) is already taken: one row when it is. */
export const TRACKING_CODE_TAKEN_SQL = `SELECT 1 FROM citizen_reports WHERE tracking_code = $1`;

/**
 * The finding a founded report opens ($1 institution, $2 tracking code, $3 procedure, $4 asked on, $5 message, $6 today):
 * FindingIdRow, none when the report already has its finding.
 */
export interface FindingIdRow {
  id: string;
}
export const INSERT_REPORT_FINDING_SQL = `
INSERT INTO findings (institution_id, kind, code, subject_type, subject_id, procedure_id, source, article, since, message, counts_in_score,
                      status, first_detected_on, last_detected_on)
VALUES ($1, 'citizen_report', $2, 'procedure', $3, $3, 'citizen_report', 'Art. 5, Decreto 5-2021', $4, $5, false, 'open', $6, $6)
ON CONFLICT DO NOTHING RETURNING id`;

/** A report's encrypted contact e-mail ($1 report). */
export interface ContactEmailRow {
  contact_email_encrypted: string | null;
}
export const CONTACT_EMAIL_SQL = `SELECT contact_email_encrypted FROM citizen_reports WHERE id = $1`;
