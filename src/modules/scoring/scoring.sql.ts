import { EntityManager } from 'typeorm';
import { preparedStatement, queryPrepared } from '../../database/prepared-statement';
import { md5 } from '../findings/findings-sync';
import { DATED_FIELDS } from './institution-data';
import { INPUTS_STAMP_SQL, SCORING_CODE_REVISION } from './institution-data.sql';
import { LATEST_SNAPSHOT_VERSIONS_SQL, SnapshotVersionRow } from './national.sql';
import { ACTIVE_METHODOLOGY_SQL, ActiveMethodologyRow } from './methodology.sql';
import { NEWLY_MISSED_MILESTONES_SQL } from './score-inputs.sql';
import { institutionSnapshotsOf } from './entities/score-snapshot.entity';
import type { RequirementFigures } from './requirement-figures';

/**
 * Statements of the scoring run besides the snapshot writes (score-inputs.sql.ts) and the loads (institution-data.sql.ts),
 * each with the row type it returns.
 */

/** $1 the national subject, $2 day: one row when the national figures of that day exist (worker boot catch-up). */
export const NATIONAL_SNAPSHOT_EXISTS_SQL = `SELECT 1 FROM score_snapshots WHERE scope = 'national' AND subject_id = $1 AND snapshot_date = $2`;

/** Active institutions, by code (the order a national run takes them in). */
export async function activeInstitutionIds(em: EntityManager): Promise<string[]> {
  const rows = (await em.query(`SELECT id FROM institutions WHERE active ORDER BY code`)) as Array<{ id: string }>;
  return rows.map((r) => r.id);
}

const LOCK_INSTITUTION_RUN = preparedStatement(
  'scoring-lock-institution',
  `SELECT pg_advisory_xact_lock(hashtext('score:' || $1)), set_config('synchronous_commit', 'off', true)`,
);

/**
 * Starts an institution's run in one round trip: the transaction-scoped advisory lock (two workers never compute the same
 * institution at once), and no wait for the WAL flush at commit (snapshots are derived data: a lost commit is recomputed
 * by the next run).
 */
export async function lockInstitutionRun(em: EntityManager, institutionId: string): Promise<void> {
  await queryPrepared(em, LOCK_INSTITUTION_RUN, [institutionId]);
}

const LOCK_NATIONAL_RUN = preparedStatement(
  'scoring-lock-national',
  `SELECT pg_advisory_xact_lock(hashtext('score:national')), set_config('synchronous_commit', 'off', true)`,
);

/**
 * The national run's lock (one national computation at a time), and no wait for the WAL flush at commit: the national
 * snapshot is derived from the institution snapshots, as they are from the inputs (see lockInstitutionRun).
 */
export async function lockNationalRun(em: EntityManager): Promise<void> {
  await queryPrepared(em, LOCK_NATIONAL_RUN, []);
}

/** What a run of one institution on one day compares its results with, read before it writes anything. */
export interface InstitutionRunState {
  /** The institution's latest published score up to the day (text, as stored), before this run. */
  previousScore: string | null;
  /**
   * Digest of the findings the institution's latest run synchronised, with the stamp of the findings table after that
   * run (`digest:stamp`); null when its latest snapshot recorded none (a backfill, a past day): the findings are then
   * detected again. The latest row only, found by one index probe: looking further back for a non-null one read every
   * row of the institution's history.
   */
  findingsDigest: string | null;
  /** The institution's findings revision now (FINDINGS_STAMP_SQL: every statement writing its findings moves it). */
  findingsStamp: string;
  /** Stamp of everything the run reads, now, whatever the day (`INPUTS_STAMP_SQL`). */
  inputsStamp: string;
  /** Digest of everything the run reads on that day: the stamp with the day (MD5 hex). */
  inputsDigest: string;
  /** Today's runs: open milestones of approved plans past their due date never announced (NEWLY_MISSED_MILESTONES_SQL). */
  missed: MissedMilestoneRow[] | null;
  /** The institution snapshot already stored for that very day, as the run that wrote it left it (null: none yet). */
  stored: { inputsDigest: string | null; findingsDigest: string | null; score: string | null; procedures: number | null } | null;
  /** The active methodology (ACTIVE_METHODOLOGY_SQL), read in the same round trip. */
  methodology: ActiveMethodologyRow | null;
  /**
   * The requirement figures stored with the current stamp of inputs (`requirement_figures`), when the worker keeps none
   * with that stamp (null otherwise, and when none are stored with it).
   */
  storedFigures: RequirementFigures | null;
}

/**
 * The stamp of an institution's findings table ($1): its revision, which statement-level triggers move with every
 * statement that inserts, updates or deletes its findings, whoever writes (migration 1796300000000); '0' before any.
 * One row read, where counting and summing the versions of its findings read every one of them (issue 17).
 */
const FINDINGS_STAMP_SQL = `coalesce((SELECT revision::text FROM findings_revisions WHERE institution_id = $1), '0')`;

/** Exported for the snapshot-lookups e2e, which reads its plan. */
export const RUN_STATE_SQL = preparedStatement(
  'scoring-run-state',
  `WITH stamp AS MATERIALIZED (SELECT ${INPUTS_STAMP_SQL} AS value)
   SELECT
       (SELECT score::text FROM score_snapshots
         WHERE ${institutionSnapshotsOf('$1')} AND snapshot_date <= $2 AND score IS NOT NULL
         ORDER BY snapshot_date DESC LIMIT 1) AS "previousScore",
       (SELECT findings_digest FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')}
         ORDER BY snapshot_date DESC LIMIT 1) AS "findingsDigest",
       ${FINDINGS_STAMP_SQL} AS "findingsStamp",
       (SELECT value FROM stamp) AS "inputsStamp",
       (SELECT json_build_object('inputsDigest', inputs_digest, 'findingsDigest', findings_digest, 'score', score::text,
                                 'procedures', (indicators #>> '{procedures,registered}')::int)
          FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')} AND snapshot_date = $2) AS stored,
       CASE WHEN $4::boolean THEN (SELECT coalesce(json_agg(m ORDER BY m.due_date, m.id), '[]') FROM (${NEWLY_MISSED_MILESTONES_SQL}) m) END AS missed,
       (SELECT row_to_json(m) FROM (${ACTIVE_METHODOLOGY_SQL.text}) m) AS methodology,
       (SELECT f.figures FROM requirement_figures f JOIN stamp ON f.inputs_stamp = stamp.value
         WHERE f.institution_id = $1 AND f.inputs_stamp IS DISTINCT FROM $5::text) AS "storedFigures"`,
);

/**
 * The state above in one round trip, after the run's lock (PostgreSQL computes the stamp of inputs; the digest adds the day); `today`: with
 * the milestones to announce as missed; `keptStamp`: the stamp of the requirement figures the worker keeps for the
 * institution (null: none), so that stored figures come over only when the worker lacks them.
 */
export async function institutionRunState(
  em: EntityManager,
  institutionId: string,
  day: string,
  today: boolean,
  keptStamp: string | null,
): Promise<InstitutionRunState> {
  const [row] = await queryPrepared<Array<Omit<InstitutionRunState, 'inputsDigest'>>>(em, RUN_STATE_SQL, [
    institutionId,
    day,
    DATED_FIELDS,
    today,
    keptStamp,
  ]);
  return { ...row, inputsDigest: md5(`${row.inputsStamp}|${day}`) };
}

/** What the national run of one day compares with before computing anything. */
export interface NationalRunState {
  /** Digest of what the national figures of the day read, now: the version of each active institution's latest snapshot
   * up to the day, the institutions table (names, codes, activity) and the active methodology. */
  inputsDigest: string;
  /** The national snapshot already stored for that day (null: none yet). */
  stored: { inputsDigest: string | null; score: string | null; institutions: number | null } | null;
  /** Each active institution with the version of its latest snapshot (what `NationalSnapshotCache` compares). */
  latest: SnapshotVersionRow[];
  /** The active methodology (ACTIVE_METHODOLOGY_SQL), read in the same round trip. */
  methodology: ActiveMethodologyRow | null;
}

const NATIONAL_RUN_STATE = preparedStatement(
  'scoring-national-run-state',
  `WITH latest AS MATERIALIZED (${LATEST_SNAPSHOT_VERSIONS_SQL})
SELECT md5(concat_ws('|', '${SCORING_CODE_REVISION}', $1::date::text,
         (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM institutions),
         (SELECT count(*) || ':' || md5(coalesce(string_agg(subject_id || '@' || version, ',' ORDER BY code, subject_id), '')) FROM latest),
         (SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM methodologies WHERE active))) AS "inputsDigest",
       (SELECT json_build_object('inputsDigest', inputs_digest, 'score', score::text, 'institutions', (components ->> 'institutions')::int)
          FROM score_snapshots WHERE scope = 'national' AND subject_id = $2::uuid AND snapshot_date = $1::date) AS stored,
       (SELECT coalesce(json_agg(latest ORDER BY code, subject_id), '[]') FROM latest) AS latest,
       (SELECT row_to_json(m) FROM (${ACTIVE_METHODOLOGY_SQL.text}) m) AS methodology`,
);

/** $1 day, $2 the national subject id. */
export async function nationalRunState(em: EntityManager, day: string, nationalSubject: string): Promise<NationalRunState> {
  const [row] = await queryPrepared<NationalRunState[]>(em, NATIONAL_RUN_STATE, [day, nationalSubject]);
  return row;
}

/** The stamp of the institution's findings table (as in InstitutionRunState), after a run wrote to it. */
export async function findingsStamp(em: EntityManager, institutionId: string): Promise<string> {
  const [row] = (await em.query(`SELECT ${FINDINGS_STAMP_SQL} AS stamp`, [institutionId])) as Array<{ stamp: string }>;
  return row.stamp;
}

/** Days among `days` the institution already has a snapshot of (a backfill keeps them). */
export async function institutionDaysStored(em: EntityManager, institutionId: string, days: readonly string[]): Promise<Set<string>> {
  const rows = (await em.query(
    `SELECT snapshot_date::text AS day FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')} AND snapshot_date = ANY($2::date[])`,
    [institutionId, days],
  )) as Array<{ day: string }>;
  return new Set(rows.map((r) => r.day));
}

/** A milestone of an approved plan announced as missed by this run. */
export interface MissedMilestoneRow {
  id: string;
  procedure_id: string | null;
  due_date: string;
}
