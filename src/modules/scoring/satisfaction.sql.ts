/** Counted citizens' ratings of an institution's procedures, one element of COUNTED_RATINGS_JSON. */
export interface RatingRecordRow {
  procedureId: string;
  /** The day (America/Guatemala) the rating was sent, YYYY-MM-DD. */
  on: string;
  overall: number;
}

/**
 * The counted ratings of institution `institution` sent after day `after` and on or before day `until` (Guatemala days),
 * as a JSON array of RatingRecordRow by procedure and time: a column of the scoring run's records (RECORDS_SQL).
 */
export const COUNTED_RATINGS_JSON = (institution: string, after: string, until: string) => `(
  SELECT coalesce(json_agg(json_build_object('procedureId', procedure_id, 'on', (created_at AT TIME ZONE 'America/Guatemala')::date::text,
                                             'overall', overall) ORDER BY procedure_id, created_at), '[]')
    FROM procedure_ratings
   WHERE institution_id = ${institution} AND status = 'counted'
     AND (created_at AT TIME ZONE 'America/Guatemala')::date > ${after}
     AND (created_at AT TIME ZONE 'America/Guatemala')::date <= ${until})`;
