import { preparedStatement } from '../../database/prepared-statement';

/**
 * Writes of the scoring run. Snapshots of many days go in one statement per table (jsonb_to_recordset), so a backfill of
 * a year is a handful of statements per institution. `replace` false keeps a day already computed (backfill).
 */
const onConflict = (replace: boolean, set: string) =>
  replace ? `ON CONFLICT (scope, subject_id, snapshot_date) DO UPDATE SET ${set}` : 'ON CONFLICT DO NOTHING';

/**
 * The procedure rows a run sends ($3): each procedure's score on its day with the inputs that explain it (components:
 * ProcedureSnapshotComponents). The burden column stays null: the burden is derived from those inputs on read.
 */
const PROCEDURE_ROWS = `jsonb_to_recordset($3::jsonb) AS x(id uuid, day date, score numeric, components jsonb, actual_days int, legal_days int)`;

/**
 * Procedure snapshots from `rows` ($1 institution, $2 methodology version): each procedure's score on its day with its
 * inputs; the burden column stays null (derived from the inputs on read).
 */
const insertProcedureSnapshots = (rows: string) => `
INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, burden, actual_days, legal_days, computed_at)
SELECT 'procedure', x.id, $1, x.day, $2, x.score, x.components, NULL::jsonb, x.actual_days, x.legal_days, now()
  FROM ${rows}`;

/**
 * Procedure snapshots of several days ($1 institution, $2 methodology version, $3 rows with their day): the backfill,
 * which keeps a day already computed.
 */
export const BACKFILL_PROCEDURE_SNAPSHOTS_SQL = `${insertProcedureSnapshots(PROCEDURE_ROWS)}
ON CONFLICT DO NOTHING`;

/**
 * Institution snapshots ($1 institution, $2 methodology version, `rows` their JSON parameter: day, score (null without
 * inventory), components, indicators, burden, resolution_days, findings_digest, inputs_digest).
 */
const upsertInstitutionSnapshots = (replace: boolean, rows: string) => `
INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, indicators, burden, resolution_days,
                             findings_digest, inputs_digest, computed_at)
SELECT 'institution', $1, $1, x.day, $2, x.score, x.components, x.indicators, x.burden, x.resolution_days, x.findings_digest,
       x.inputs_digest, now()
  FROM jsonb_to_recordset(${rows}::jsonb) AS x(day date, score numeric, components jsonb, indicators jsonb, burden jsonb, resolution_days jsonb,
                                          findings_digest text, inputs_digest text)
${onConflict(
  replace,
  `methodology_version = EXCLUDED.methodology_version, score = EXCLUDED.score, components = EXCLUDED.components,
       indicators = EXCLUDED.indicators, burden = EXCLUDED.burden, resolution_days = EXCLUDED.resolution_days,
       findings_digest = EXCLUDED.findings_digest, inputs_digest = EXCLUDED.inputs_digest,
       computed_at = now()`,
)}`;

/** Institution snapshots of several days ($3 their rows): the backfill, which keeps a day already computed. */
export const BACKFILL_INSTITUTION_SNAPSHOTS_SQL = upsertInstitutionSnapshots(false, '$3');

/** A procedure whose published score a run changes (score_changed public event). */
export interface ScoreChangeRow {
  procedure_id: string;
  old_score: string;
  new_score: string;
}

/**
 * One institution's snapshots of one day, in one statement ($1 institution, $2 methodology version, $3 procedure rows,
 * $4 the day, $5 the institution's row as upsertInstitutionSnapshots reads it; returns a ScoreChangeRow per event): the
 * procedure rows are read once, each with the latest snapshot of its procedure up to the day (`stored`: one probe of the
 * subject index per row), then
 * - the day's snapshots of procedures this run no longer scores (eliminated or merged since an earlier run that day) go;
 * - each procedure whose score differs from the score it published last (earlier that day, or on an earlier day) gets a
 *   public "score changed" row in procedure_changes, for the change feed; a procedure's first score is not an event
 *   (its creation is). Every part of one statement sees the table as it was before the statement, so the comparison is
 *   with the score before this run;
 * - a procedure with a row of that day gets it updated when its figures moved (a row with the very same figures is left
 *   as it is: no new tuple, no index entries, `computed_at` keeps the moment its figures were last written);
 * - the others are inserted: a plain insert, not an upsert. The institution's advisory lock (lockInstitutionRun) is held
 *   by every writer of its procedure rows, so no row of that day can appear between the probe and the insert; the
 *   unique index still refuses one if that ever changed. An upsert costs a speculative insertion per row: 1.4 of 8 ms of
 *   PostgreSQL's time per institution of 200 procedures on the first run of a day (issue 17);
 * - the institution's row is upserted with them.
 * One statement instead of four: the rows are sent, parsed and planned once, in one round trip (issue 17).
 */
export const WRITE_DAY_OF_PROCEDURES = preparedStatement(
  'scoring-write-procedures-day',
  `
WITH rows AS MATERIALIZED (
  SELECT x.*, s.id AS stored_id, s.score AS stored_score, s.snapshot_date = $4::date AS stored_today,
         (s.methodology_version, s.score, s.components, s.burden, s.actual_days, s.legal_days)
           IS NOT DISTINCT FROM ($2::int, x.score, x.components, NULL::jsonb, x.actual_days, x.legal_days) AS stored_same
    FROM ${PROCEDURE_ROWS}
    LEFT JOIN LATERAL (
      SELECT s.id, s.snapshot_date, s.methodology_version, s.score, s.components, s.burden, s.actual_days, s.legal_days
        FROM score_snapshots s
       WHERE s.subject_id = x.id AND s.snapshot_date <= $4::date
       ORDER BY s.snapshot_date DESC LIMIT 1
    ) s ON true
),
unscored AS (
  DELETE FROM score_snapshots s
   WHERE s.scope = 'procedure' AND s.institution_id = $1 AND s.snapshot_date = $4::date AND s.subject_id NOT IN (SELECT id FROM rows)
),
changed AS (
  INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public)
  SELECT $1, x.id, 'procedure', x.id, 'score_changed', 'score', to_jsonb(x.stored_score), to_jsonb(x.score), true
    FROM rows x
   WHERE x.stored_score <> x.score
  RETURNING procedure_id, old_value #>> '{}' AS old_score, new_value #>> '{}' AS new_score
),
updated AS (
  UPDATE score_snapshots s
     SET methodology_version = $2, score = x.score, components = x.components, burden = NULL, actual_days = x.actual_days,
         legal_days = x.legal_days, computed_at = now()
    FROM rows x
   WHERE s.id = x.stored_id AND x.stored_today AND NOT x.stored_same
),
inserted AS (${insertProcedureSnapshots('rows x WHERE x.stored_today IS NOT TRUE')}),
institution AS (${upsertInstitutionSnapshots(true, '$5')})
SELECT procedure_id, old_score, new_score FROM changed`,
);

/**
 * The requirement figures a run counted ($1 institution, $2 the stamp of its inputs, $3 the figures as JSON), replacing
 * the institution's previous ones (RequirementFiguresCache; read back by RUN_STATE_SQL).
 */
export const UPSERT_REQUIREMENT_FIGURES = preparedStatement(
  'scoring-store-requirement-figures',
  `INSERT INTO requirement_figures (institution_id, inputs_stamp, figures, counted_at) VALUES ($1, $2, $3::json, now())
   ON CONFLICT (institution_id) DO UPDATE SET inputs_stamp = EXCLUDED.inputs_stamp, figures = EXCLUDED.figures, counted_at = now()`,
);

/** The national snapshot of a day ($10: digest of its inputs, NATIONAL_INPUTS_DIGEST_SQL; null when not recorded). */
export const UPSERT_SNAPSHOT_SQL = `
INSERT INTO score_snapshots (scope, subject_id, institution_id, snapshot_date, methodology_version, score, components, indicators, burden, inputs_digest, computed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
ON CONFLICT (scope, subject_id, snapshot_date) DO UPDATE
   SET methodology_version = EXCLUDED.methodology_version, score = EXCLUDED.score, components = EXCLUDED.components,
       indicators = EXCLUDED.indicators, burden = EXCLUDED.burden, inputs_digest = EXCLUDED.inputs_digest, computed_at = now()`;

/**
 * Open milestones of approved plans whose due date has passed ($2 = today) and that were never announced as missed
 * ($1 institution): the run announces each once (the public_events row is the memory).
 */
export const NEWLY_MISSED_MILESTONES_SQL = `
SELECT m.id, m.procedure_id, m.due_date::text AS due_date
  FROM milestones m JOIN simplification_plans sp ON sp.id = m.plan_id AND sp.status = 'approved'
 WHERE m.institution_id = $1 AND m.status IN ('pending', 'in_progress') AND m.due_date < $2
   AND NOT EXISTS (SELECT 1 FROM public_events e WHERE e.subject_id = m.id AND e.type = 'milestone_missed')
 ORDER BY m.due_date, m.id`;

/** An institution's submitted quarterly reports and the Guatemalan day each was submitted ($1 institution): public report situations. */
export const REPORTS_SQL = `
SELECT year, quarter, (submitted_at AT TIME ZONE 'America/Guatemala')::date::text AS submitted_on
  FROM progress_reports WHERE institution_id = $1`;
