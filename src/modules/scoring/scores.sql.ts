/** Raw SQL of the score reads and the methodology versions (scores.service.ts), each with its row type. */

/** Publishing and activating methodology versions take turns. */
export const LOCK_METHODOLOGIES_SQL = `LOCK TABLE methodologies IN SHARE ROW EXCLUSIVE MODE`;

/** The next methodology version. */
export interface NextVersionRow {
  next: number;
}
export const NEXT_METHODOLOGY_VERSION_SQL = `SELECT coalesce(max(version), 0) + 1 AS next FROM methodologies`;

/** Exactly one active version ($1). */
export const ACTIVATE_METHODOLOGY_SQL = `UPDATE methodologies SET active = (id = $1)`;

/** One day of a score series (numeric score as text). */
export interface TrendPointRow {
  date: string;
  score: string | null;
  methodology_version: number;
}

/** A subject's series ($1 scope, $2 subject, $3 from or null, $4 to or null). */
export const SUBJECT_TREND_SQL = `
SELECT snapshot_date::text AS date, score, methodology_version FROM score_snapshots
 WHERE scope = $1 AND subject_id = $2 AND ($3::date IS NULL OR snapshot_date >= $3) AND ($4::date IS NULL OR snapshot_date <= $4)
 ORDER BY snapshot_date`;

/** The stored national series ($1 from or null, $2 to or null, $3 the national subject). */
export const NATIONAL_TREND_SQL = `
SELECT snapshot_date::text AS date, score, methodology_version FROM score_snapshots
 WHERE scope = 'national' AND subject_id = $3 AND ($1::date IS NULL OR snapshot_date >= $1) AND ($2::date IS NULL OR snapshot_date <= $2)
 ORDER BY snapshot_date`;

/** Scores of the active institutions matching the national filter (`andClause`, its parameters after $1 from and $2 to). */
export const FILTERED_INSTITUTION_TREND_SQL = (andClause: string) => `
SELECT s.snapshot_date::text AS date, s.score, s.methodology_version FROM score_snapshots s JOIN institutions i ON i.id = s.subject_id AND i.active
 WHERE s.scope = 'institution' AND ($1::date IS NULL OR s.snapshot_date >= $1) AND ($2::date IS NULL OR s.snapshot_date <= $2) ${andClause}
 ORDER BY s.snapshot_date`;
