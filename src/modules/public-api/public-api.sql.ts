import type { MaturityLevelDefinition } from '../inventory/maturity/entities/maturity-model.entity';
import type { MethodologyParameters } from '../scoring/methodology';
import type { StoredProcedureSnapshot } from '../scoring/procedure-snapshot';
import { requirementInForceSql } from '../inventory/rules/requirement-in-force';
import { PROCEDURE_INDICATORS_SELECT } from './procedure-indicators';
import { publicChangeFieldSql } from './public-fields';
import { institutionSnapshotsOf } from '../scoring/entities/score-snapshot.entity';

/**
 * SQL of the public read API with the row types it returns (issue 11: raw SQL in *.sql.ts with declared rows; the
 * procedure columns shared with the exports are in public-procedure.sql.ts). JSON columns are typed as published.
 */
type Json = Record<string, unknown>;

/** Active institutions with their latest institution snapshot (callers add AND … / ORDER BY). */
export const INSTITUTION_SQL = `
SELECT i.id, i.code, i.name, i.type, i.coverage, i.sector, i.website, i.updated_at, i.opted_in_at::text AS opted_in_at,
       s.score::text AS score, s.snapshot_date::text AS snapshot_date, s.methodology_version, s.indicators, s.components, s.burden, s.computed_at
  FROM institutions i
  LEFT JOIN LATERAL (
    SELECT score, snapshot_date, methodology_version, indicators, components, burden, computed_at FROM score_snapshots
     WHERE ${institutionSnapshotsOf('i.id')} ORDER BY snapshot_date DESC LIMIT 1) s ON true
 WHERE i.active`;
/** A score as the snapshots give it (null when not computed or without inventory). */
export interface SnapshotScoreRow {
  score: string | null;
  snapshot_date: string | null;
  methodology_version: number | null;
}
export interface InstitutionRow extends SnapshotScoreRow {
  id: string;
  code: string;
  name: string;
  type: string;
  coverage: string;
  sector: string | null;
  website: string | null;
  updated_at: Date;
  opted_in_at: string | null;
  indicators: Json | null;
  components: Json | null;
  burden: Json | null;
  computed_at: Date | null;
}

/** The institution's score trend ($1), the last 365 snapshots, oldest first. */
export const INSTITUTION_TREND_SQL = `
SELECT snapshot_date::text AS date, score::text AS score FROM (
  SELECT snapshot_date, score FROM score_snapshots WHERE ${institutionSnapshotsOf('$1')} ORDER BY snapshot_date DESC LIMIT 365) t
 ORDER BY snapshot_date`;
export interface TrendRow {
  date: string;
  score: string | null;
}

/** Milestones of the institution's approved plans ($1) by status; overdue and next due as of $2 (today). */
export const INSTITUTION_MILESTONES_SQL = (openMilestone: string) => `
SELECT count(*)::int AS total,
       count(*) FILTER (WHERE m.status = 'pending')::int AS pending,
       count(*) FILTER (WHERE m.status = 'in_progress')::int AS in_progress,
       count(*) FILTER (WHERE m.status = 'completed')::int AS completed,
       count(*) FILTER (WHERE m.status = 'completed' AND m.completed_late)::int AS completed_late,
       count(*) FILTER (WHERE m.status = 'cancelled')::int AS cancelled,
       count(*) FILTER (WHERE ${openMilestone} AND m.due_date < $2)::int AS overdue,
       (min(m.due_date) FILTER (WHERE ${openMilestone} AND m.due_date >= $2))::text AS next_due
  FROM milestones m JOIN simplification_plans sp ON sp.id = m.plan_id AND sp.status = 'approved'
 WHERE m.institution_id = $1`;
export interface MilestoneCountsRow {
  total: number;
  pending: number;
  in_progress: number;
  completed: number;
  completed_late: number;
  cancelled: number;
  overdue: number;
  next_due: string | null;
}

export const ACTIVE_PROCEDURE_COUNT_SQL = `SELECT count(*)::int AS n FROM procedures WHERE institution_id = $1 AND status = 'active'`;
export interface CountRow {
  n: number;
}

/** The published columns of a finding. */
export const FINDING_COLUMNS = `kind, code, subject_type, subject_id, source, article, message, since::text AS since, counts_in_score`;
export interface FindingRow {
  kind: string;
  code: string;
  subject_type: string;
  subject_id: string;
  source: string;
  article: string | null;
  message: string;
  since: string;
  counts_in_score: boolean;
}

/** The triples (procedure-indicators.ts) of one institution's procedures ($1). */
export const INSTITUTION_TRIPLES_SQL = `SELECT ${PROCEDURE_INDICATORS_SELECT} FROM procedures p WHERE p.institution_id = $1`;
/** A row of PROCEDURE_INDICATORS_SELECT (read with triplesOf). */
export type TriplesRow = Record<string, number>;

/** The ranking: latest score and the one TREND_DAYS or more earlier, per active institution matching `where`. */
export const RANKING_SQL = (where: string, trendDays: number) => `
SELECT i.code, i.name, i.type, i.coverage, i.sector, s.score::text AS score, s.snapshot_date::text AS score_date, s.indicators,
       prev.score::text AS previous_score, prev.snapshot_date::text AS previous_date
  FROM institutions i
  LEFT JOIN LATERAL (
    SELECT score, snapshot_date, indicators FROM score_snapshots
     WHERE ${institutionSnapshotsOf('i.id')} ORDER BY snapshot_date DESC LIMIT 1) s ON true
  LEFT JOIN LATERAL (
    SELECT score, snapshot_date FROM score_snapshots
     WHERE ${institutionSnapshotsOf('i.id')} AND snapshot_date <= s.snapshot_date - ${trendDays}
     ORDER BY snapshot_date DESC LIMIT 1) prev ON true
 WHERE ${where}`;
export interface RankingRow {
  code: string;
  name: string;
  type: string;
  coverage: string;
  sector: string | null;
  score: string | null;
  score_date: string | null;
  indicators: {
    procedures?: { registered?: unknown; online?: unknown };
    requirements?: { prohibitedActive?: unknown; eliminatedSinceBaseline?: unknown };
    milestones?: { overdue?: unknown };
  } | null;
  previous_score: string | null;
  previous_date: string | null;
}

export const SECTORS_SQL = `SELECT DISTINCT sector FROM institutions WHERE active AND sector IS NOT NULL ORDER BY sector`;
export interface SectorRow {
  sector: string;
}

export const FACET_INSTITUTIONS_SQL = `SELECT code, name FROM institutions WHERE active ORDER BY name`;
export interface FacetInstitutionRow {
  code: string;
  name: string;
}
export const FACET_CATEGORIES_SQL = `
SELECT DISTINCT p.category FROM procedures p JOIN institutions i ON i.id = p.institution_id
 WHERE i.active AND p.status = 'active' AND p.category IS NOT NULL ORDER BY p.category`;
export interface CategoryRow {
  category: string;
}

export const ACTIVE_METHODOLOGY_PARAMETERS_SQL = `SELECT parameters FROM methodologies WHERE active LIMIT 1`;
export const ACTIVE_METHODOLOGY_SQL = `SELECT version, name, parameters, created_at FROM methodologies WHERE active ORDER BY version DESC LIMIT 1`;
export interface MethodologyRow {
  version: number;
  name: string;
  parameters: MethodologyParameters;
  created_at: Date;
}
/** REPORTS_SQL (scoring) rows. */
export interface SubmittedReportRow {
  year: number;
  quarter: number;
  submitted_on: string;
}

export const ACTIVE_MATURITY_MODEL_SQL = `SELECT version, name, levels FROM maturity_models WHERE active LIMIT 1`;
export interface MaturityModelRow {
  version: number;
  name: string;
  levels: MaturityLevelDefinition[];
}

/** A requirement of the procedure detail: published columns, whether in force on the day, and the practice it counts as. */
export interface DetailRequirementRow {
  id: string;
  name: string;
  evidence_type: string;
  issuer: string;
  issuer_institution: string | null;
  legal_basis_type: string;
  legal_basis_reference: string | null;
  obtainable_by_interoperability: boolean;
  prohibited: boolean;
  prohibited_kind: string | null;
  status: string;
  effective_from: string;
  effective_to: string | null;
  /** The act that ended the requirement (null while in force or when not recorded). */
  ended_by_act: string | null;
  in_force: boolean;
  practice: { code: string; source: string; article: string | null } | null;
}

export const LATEST_ASSESSMENT_SQL = `
SELECT status FROM maturity_assessments WHERE procedure_id = $1 AND institution_id = $2 ORDER BY created_at DESC, id DESC LIMIT 1`;
export interface AssessmentRow {
  status: 'submitted' | 'validated' | 'rejected';
}

/** The procedure's latest snapshot, with the parameters of its methodology version (its burden is derived from its inputs). */
export const LATEST_PROCEDURE_SNAPSHOT_SQL = `
SELECT s.score::text AS score, s.snapshot_date::text AS snapshot_date, s.methodology_version, s.components, s.burden, m.parameters
  FROM score_snapshots s JOIN methodologies m ON m.version = s.methodology_version
 WHERE s.institution_id = $2 AND s.subject_id = $1 AND s.scope = 'procedure' ORDER BY s.snapshot_date DESC LIMIT 1`;
export interface ProcedureSnapshotRow extends SnapshotScoreRow, StoredProcedureSnapshot {
  /** As stored: an older version lacks the parameters added since (`resolveParameters` fills them). */
  parameters: Partial<MethodologyParameters>;
}

export interface ChangeLogRow {
  subject: string;
  subject_id: string;
  action: string;
  field: string | null;
  old_value: unknown;
  new_value: unknown;
  changed_at: Date;
}

export const NATIONAL_SERIES_SQL = `
SELECT snapshot_date::text AS snapshot_date, score::text AS score, methodology_version, indicators, burden, components FROM (
  SELECT * FROM score_snapshots WHERE institution_id IS NULL AND scope = 'national' ORDER BY snapshot_date DESC LIMIT 365) t
 ORDER BY snapshot_date`;
export interface NationalSeriesRow extends SnapshotScoreRow {
  snapshot_date: string;
  indicators: Json | null;
  burden: Json | null;
  components: Json | null;
}

/** The feed page: events after ($1 txid, $2 id) below the horizon $4, at most $3, of the types $5 (null: all). */
export const FEED_PAGE_SQL = `
SELECT e.txid, e.id, e.type, e.occurred_at, e.subject, e.subject_id, e.changes,
       i.code AS institution_code, p.code AS procedure_code, r.name AS requirement_name, m.code AS merged_into_code
  FROM public_events e
  JOIN institutions i ON i.id = e.institution_id AND i.active
  LEFT JOIN procedures p ON p.id = e.procedure_id
  LEFT JOIN procedures m ON e.type = 'procedure_merged' AND m.id = p.merged_into_id
  LEFT JOIN requirements r ON e.subject = 'requirement' AND r.id = e.subject_id
 WHERE e.txid < $4::bigint
   AND (e.txid, e.id) > ($1::bigint, $2::bigint)
   AND ($5::text[] IS NULL OR e.type = ANY($5::text[]))
 ORDER BY e.txid, e.id LIMIT $3`;
export interface PublicEventRow {
  txid: string;
  id: string;
  type: string;
  occurred_at: Date | string;
  subject: string;
  subject_id: string;
  changes: unknown[] | null;
  institution_code: string;
  procedure_code: string | null;
  requirement_name: string | null;
  merged_into_code: string | null;
}
export interface HorizonRow {
  horizon: string;
}
export const EVENTS_HELD_SQL = `SELECT EXISTS (SELECT 1 FROM public_events WHERE txid >= $1::bigint) AS held`;
export interface HeldRow {
  held: boolean;
}

/** Plan settings for the public snapshot reads: no bitmap scans, which RLS makes slow on score_snapshots (JIT is off for the role). */
export const PUBLIC_READ_SETTINGS = 'SET LOCAL enable_bitmapscan = off';

/**
 * The feed's horizon, as a 64-bit transaction id: the oldest transaction of THIS database still running, or the
 * next transaction id if none. Every change with a lower `txid` has committed (or never will), so no change can later
 * appear behind a cursor handed out. Full (epoch-qualified) ids come from the statement's snapshot
 * (pg_snapshot_xip); pg_stat_activity only says which of them belong to this database, matched on the low 32 bits
 * (running ids are less than 2^31 apart, so that match is exact). Transactions of other databases on the same
 * server cannot write here and must not hold the feed back (pg_snapshot_xmin alone would count them).
 */
export const FEED_HORIZON_SQL = `
WITH s AS (SELECT pg_current_snapshot() AS snap),
     here AS (SELECT backend_xid::text::bigint AS xid32 FROM pg_stat_activity
               WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid())
SELECT least(
  (SELECT min(x::text::bigint) FROM s, pg_snapshot_xip(s.snap) AS x WHERE x::text::bigint % 4294967296 IN (SELECT xid32 FROM here)),
  (SELECT pg_snapshot_xmax(s.snap)::text::bigint FROM s)) AS horizon`;

/**
 * The prohibited practice a requirement counts as (jsonb: code, source, article; null if none): the one it declares, or
 * one the data reveals that no analyst dismissed — the same rule as the score, read from the findings the scoring run keeps.
 */
export const COUNTED_PRACTICE_SQL = (
  r: string,
) => `(SELECT jsonb_build_object('code', f.code, 'source', f.source, 'article', f.article) FROM findings f
  WHERE f.subject_id = ${r}.id AND f.institution_id = ${r}.institution_id AND f.kind = 'prohibited_practice' AND f.status = 'open'
  ORDER BY (f.source <> 'declared'), f.code LIMIT 1)`;

/** An institution's open public findings that are not about one procedure ($1 institution, $2 public kinds): FindingRow. */
export const INSTITUTION_FINDINGS_SQL = `
SELECT ${FINDING_COLUMNS} FROM findings
 WHERE institution_id = $1 AND procedure_id IS NULL AND status = 'open' AND kind::text = ANY($2) ORDER BY since, code`;

/** A procedure's open public findings ($1 procedure, $2 institution, $3 public kinds): FindingRow. */
export const PROCEDURE_FINDINGS_SQL = `
SELECT ${FINDING_COLUMNS} FROM findings WHERE procedure_id = $1 AND institution_id = $2 AND status = 'open' AND kind::text = ANY($3)
 ORDER BY counts_in_score DESC, kind, since, code`;

/** Every requirement of a procedure ($1), with whether it is in force on $2 and the practice it counts as: DetailRequirementRow. */
export const DETAIL_REQUIREMENTS_SQL = `
SELECT r.id, r.name, r.evidence_type, r.issuer, r.issuer_institution, r.legal_basis_type, r.legal_basis_reference,
       r.obtainable_by_interoperability, r.prohibited, r.prohibited_kind, r.status, r.effective_from::text AS effective_from, r.effective_to::text AS effective_to,
       r.ended_by_act, (${requirementInForceSql('r', '$2')}) AS in_force, ${COUNTED_PRACTICE_SQL('r')} AS practice
  FROM requirements r WHERE r.procedure_id = $1 ORDER BY r.effective_from, r.name, r.id`;

/**
 * A procedure's public change log ($1 procedure, $2 published procedure fields, $3 published requirement fields), newest
 * first: ChangeLogRow. changed_by is never selected: the public log says what changed and when, not who.
 */
export const PUBLIC_CHANGE_LOG_SQL = `
SELECT c.subject, c.subject_id, c.action, c.field, c.old_value, c.new_value, c.changed_at FROM procedure_changes c
 WHERE c.procedure_id = $1 AND c.is_public AND ${publicChangeFieldSql('c', '$2', '$3')} ORDER BY c.id DESC LIMIT 500`;

/** The triples over the active procedures of institutions matching `where` (conditions on `i`, with their parameters): TriplesRow. */
export const TRIPLES_WHERE_SQL = (where: string) => `
SELECT ${PROCEDURE_INDICATORS_SELECT} FROM procedures p JOIN institutions i ON i.id = p.institution_id WHERE ${where}`;

/** Today's triples of every active institution, as the API computes them: TriplesRow with the institution's id. */
export const CURRENT_TRIPLES_SQL = `
SELECT i.id, ${PROCEDURE_INDICATORS_SELECT} FROM institutions i LEFT JOIN procedures p ON p.institution_id = i.id WHERE i.active GROUP BY i.id`;
export type CurrentTriplesRow = { id: string } & TriplesRow;
