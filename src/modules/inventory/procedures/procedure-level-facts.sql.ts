/** Raw SQL of a procedure's level facts. */

/** The latest maturity assessment of each procedure ($1 procedure ids): its status. */
export interface LatestAssessmentRow {
  procedureId: string;
  status: 'submitted' | 'validated' | 'rejected';
}
export const LATEST_ASSESSMENTS_SQL = `
SELECT DISTINCT ON (procedure_id) procedure_id AS "procedureId", status FROM maturity_assessments
 WHERE procedure_id = ANY($1::uuid[]) ORDER BY procedure_id, created_at DESC, id DESC`;
