import { preparedStatement } from '../../database/prepared-statement';

/** Counted citizens' ratings of an institution's procedures created on or before $3 and after $2 (Guatemala days). */
export interface RatingRecordRow {
  procedureId: string;
  /** The day (America/Guatemala) the rating was sent, YYYY-MM-DD. */
  on: string;
  overall: number;
}
export const COUNTED_RATINGS_SQL = preparedStatement(
  'scoring-counted-ratings',
  `
SELECT procedure_id AS "procedureId", (created_at AT TIME ZONE 'America/Guatemala')::date::text AS "on", overall
  FROM procedure_ratings
 WHERE institution_id = $1 AND status = 'counted'
   AND (created_at AT TIME ZONE 'America/Guatemala')::date > $2::date
   AND (created_at AT TIME ZONE 'America/Guatemala')::date <= $3::date
 ORDER BY procedure_id, created_at`,
);
