/** Raw SQL of the snapshots' retention (history.ts). DELETE returns [rows, count] through TypeORM. */

/**
 * Deletes one institution's snapshots (procedures and institution) that the retention drops on `$2` (today): older than
 * the daily window and not the last of their subject's month. Run in the institution's scope ($1).
 */
export const PRUNE_INSTITUTION_SNAPSHOTS_SQL = `
DELETE FROM score_snapshots s
 WHERE s.institution_id = $1 AND s.snapshot_date < $2::date
   AND EXISTS (SELECT 1 FROM score_snapshots t
                WHERE t.institution_id = $1 AND t.subject_id = s.subject_id AND t.snapshot_date > s.snapshot_date
                  AND date_trunc('month', t.snapshot_date) = date_trunc('month', s.snapshot_date))`;

/** The same for the national series (institution_id NULL), in the administrators' scope. */
export const PRUNE_NATIONAL_SNAPSHOTS_SQL = `
DELETE FROM score_snapshots s
 WHERE s.institution_id IS NULL AND s.subject_id = $1 AND s.snapshot_date < $2::date
   AND EXISTS (SELECT 1 FROM score_snapshots t
                WHERE t.institution_id IS NULL AND t.subject_id = $1 AND t.snapshot_date > s.snapshot_date
                  AND date_trunc('month', t.snapshot_date) = date_trunc('month', s.snapshot_date))`;
