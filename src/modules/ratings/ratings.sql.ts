/**
 * Raw SQL of citizens' ratings, each with its row type. Numeric averages come back as text (PostgreSQL numeric):
 * the service turns them into numbers once.
 */

/** The procedure a public form is about: an active procedure, by institution and procedure code. */
export interface RatedProcedureRow {
  id: string;
  institution_id: string;
  name: string;
  code: string;
  institution_code: string;
  institution_name: string;
}
export const RATED_PROCEDURE_SQL = `
SELECT p.id, p.institution_id, p.name, p.code, i.code AS institution_code, i.name AS institution_name
  FROM procedures p JOIN institutions i ON i.id = p.institution_id
 WHERE i.code = $1 AND p.code = $2 AND p.status = 'active'`;

/** Overall marks of a procedure's ratings since $2 that are not discarded (the burst window). */
export interface OverallRow {
  overall: number;
}
export const WINDOW_OVERALL_SQL = `
SELECT overall FROM procedure_ratings WHERE procedure_id = $1 AND created_at > $2 AND status <> 'discarded'`;

/** Counted ratings of each procedure since $2: how many, and the mean of each mark. */
export interface RatingSummaryRow {
  procedure_id: string;
  n: number;
  overall: string | null;
  clarity: string | null;
  time_taken: string | null;
  treatment: string | null;
}
export const RATING_SUMMARY_SQL = `
SELECT procedure_id, count(*)::int AS n, avg(overall)::numeric(6, 4)::text AS overall, avg(clarity)::numeric(6, 4)::text AS clarity,
       avg(time_taken)::numeric(6, 4)::text AS time_taken, avg(treatment)::numeric(6, 4)::text AS treatment
  FROM procedure_ratings
 WHERE procedure_id = ANY($1::uuid[]) AND status = 'counted' AND created_at > $2
 GROUP BY procedure_id`;

/** A comment with its procedure and institution, for the public page and the workspace lists. */
export interface CommentRow {
  id: string;
  procedure_id: string;
  procedure_name: string;
  procedure_code: string;
  institution_id: string;
  institution_code: string;
  institution_name: string;
  created_at: Date;
  overall: number;
  clarity: number;
  time_taken: number;
  treatment: number;
  channel: string;
  status: string;
  held_reason: string | null;
  comment: string | null;
  comment_status: string | null;
  comment_redactions: number;
  rejection_reason: string | null;
  reply: string | null;
  replied_at: Date | null;
  total: number;
}
const COMMENT_COLUMNS = `
r.id, r.procedure_id, p.name AS procedure_name, p.code AS procedure_code, r.institution_id, i.code AS institution_code,
i.name AS institution_name, r.created_at, r.overall, r.clarity, r.time_taken, r.treatment, r.channel, r.status, r.held_reason,
r.comment, r.comment_status, r.comment_redactions, r.rejection_reason, r.reply, r.replied_at, count(*) OVER ()::int AS total`;
const COMMENT_FROM = `procedure_ratings r JOIN procedures p ON p.id = r.procedure_id JOIN institutions i ON i.id = r.institution_id`;

/** Published comments of one procedure, newest first ($2 limit, $3 offset). */
export const PUBLISHED_COMMENTS_SQL = `
SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM}
 WHERE r.procedure_id = $1 AND r.comment_status = 'published'
 ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3`;

/** Comments waiting for moderation across institutions, oldest first ($1 limit, $2 offset). */
export const PENDING_COMMENTS_SQL = `
SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM}
 WHERE r.comment_status = 'pending'
 ORDER BY r.created_at, r.id LIMIT $1 OFFSET $2`;

/** Ratings held by the burst rule across institutions, oldest first ($1 limit, $2 offset). */
export const HELD_RATINGS_SQL = `
SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM}
 WHERE r.status = 'held'
 ORDER BY r.created_at, r.id LIMIT $1 OFFSET $2`;

/** One institution's ratings with a comment past moderation (published or rejected), newest first. */
export const INSTITUTION_COMMENTS_SQL = `
SELECT ${COMMENT_COLUMNS} FROM ${COMMENT_FROM}
 WHERE r.institution_id = $1 AND r.comment_status IN ('published', 'rejected')
 ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3`;

/** One institution's procedures that have counted ratings since $2, with their summary. */
export interface ProcedureSummaryRow extends RatingSummaryRow {
  procedure_name: string;
  procedure_code: string;
}
export const INSTITUTION_SUMMARY_SQL = `
SELECT r.procedure_id, p.name AS procedure_name, p.code AS procedure_code, count(*)::int AS n,
       avg(r.overall)::numeric(6, 4)::text AS overall, avg(r.clarity)::numeric(6, 4)::text AS clarity,
       avg(r.time_taken)::numeric(6, 4)::text AS time_taken, avg(r.treatment)::numeric(6, 4)::text AS treatment
  FROM procedure_ratings r JOIN procedures p ON p.id = r.procedure_id
 WHERE r.institution_id = $1 AND r.status = 'counted' AND r.created_at > $2
 GROUP BY r.procedure_id, p.name, p.code
 ORDER BY p.name`;

/** One procedure's ratings ($1 procedure) are judged one at a time (transaction-scoped advisory lock). */
export const LOCK_PROCEDURE_RATINGS_SQL = `SELECT pg_advisory_xact_lock(hashtext('procedure_ratings:' || $1))`;
