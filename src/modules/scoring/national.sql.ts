import { institutionSnapshotsOf } from './entities/score-snapshot.entity';
import type { Coverage, InstitutionType } from '../institutions/entities/institution.entity';

/**
 * The reads of the national figures (national.ts). Row types: `LatestSnapshotRow` (declared in national.ts, where the
 * aggregation reads it) and `NationalMedianRow` below.
 */

/** The version of an institution snapshot row (`xmin`, `ctid` and `computed_at`): another write, another version. */
const ROW_VERSION = (alias: string) =>
  `${alias}.xmin::text || ':' || ${alias}.ctid::text || ':' || extract(epoch FROM ${alias}.computed_at)::text`;

/** The latest snapshot of institution `i` up to `day` (one index probe) with its version: every national read finds it so. */
const latestOf = (day: string) => `SELECT l.*, ${ROW_VERSION('l')} AS version FROM score_snapshots l
                              WHERE ${institutionSnapshotsOf('i.id', 'l')} AND l.snapshot_date <= ${day}
                              ORDER BY l.snapshot_date DESC LIMIT 1`;

/**
 * $1 days: for each day, each active institution's latest snapshot up to it (one index probe per institution and day),
 * with the institution's identity; `andClause`: the filters of `nationalFilter` on the `institutions i`
 * alias (their parameters after $1).
 */
export const LATEST_INSTITUTION_SNAPSHOTS_SQL = (
  andClause: string,
) => `SELECT d.day::text AS on_day, x.* FROM unnest($1::date[]) AS d(day) CROSS JOIN LATERAL (
                    SELECT s.subject_id, s.snapshot_date, s.snapshot_date::text AS day, s.score, s.components, s.indicators,
                           s.burden, s.resolution_days, i.code, i.name, i.type, i.coverage, i.sector
                      FROM institutions i CROSS JOIN LATERAL (${latestOf('d.day')}) s
                     WHERE i.active ${andClause}) x`;

/** The national medians of actual and legal resolution days per day over the procedure snapshots of those same runs (older history). */
export interface NationalMedianRow {
  on_day: string;
  actual: number | null;
  legal: number | null;
}

/** `latest`: LATEST_INSTITUTION_SNAPSHOTS_SQL with the same parameters. */
export const NATIONAL_MEDIANS_SQL = (latest: string) => `WITH latest AS (${latest})
     SELECT l.on_day,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY p.actual_days) AS actual,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY p.legal_days) AS legal
       FROM latest l JOIN score_snapshots p ON p.institution_id = l.subject_id AND p.snapshot_date = l.snapshot_date AND p.scope = 'procedure'
      GROUP BY l.on_day`;

/** An active institution, its identity and the version of its latest snapshot up to a day. */
export interface SnapshotVersionRow {
  subject_id: string;
  code: string;
  name: string;
  type: InstitutionType;
  coverage: Coverage;
  sector: string | null;
  version: string;
}

/**
 * $1 day: each active institution with the version of its latest snapshot up to the day, and its identity (by code, as
 * LATEST_INSTITUTION_SNAPSHOTS_SQL orders them): what `NationalSnapshotCache` compares before fetching anything, and
 * what the national run's digest of inputs is made of (NATIONAL_RUN_STATE).
 */
export const LATEST_SNAPSHOT_VERSIONS_SQL = `SELECT i.id AS subject_id, i.code, i.name, i.type, i.coverage, i.sector, s.version
  FROM institutions i CROSS JOIN LATERAL (${latestOf('$1::date')}) s
 WHERE i.active ORDER BY i.code`;

/** $1 day, $2 institutions: their latest snapshots up to the day, in full, with their versions. */
export const LATEST_SNAPSHOTS_OF_SQL = `SELECT s.subject_id, s.version, s.snapshot_date::text AS day, s.score, s.components, s.indicators, s.burden,
       s.resolution_days
  FROM institutions i CROSS JOIN LATERAL (${latestOf('$1::date')}) s
 WHERE i.id = ANY($2::uuid[])`;
