import { requirementInForceSql } from '../inventory/rules/requirement-in-force';
import type { PublicProcedure } from './dto/public-response.dto';

/**
 * What a list item carries besides the procedure's own columns, so a dashboard needs no call per procedure: the
 * target date, the last review, the requirements in force today (Guatemala) and the latest published score.
 */
export const PROCEDURE_LIST_EXTRAS = `
  p.target_date::text AS target_date, p.last_reviewed_at::text AS last_reviewed_at,
  (SELECT count(*)::int FROM requirements r WHERE r.procedure_id = p.id AND r.institution_id = p.institution_id
      AND ${requirementInForceSql('r', "(now() AT TIME ZONE 'America/Guatemala')::date")}) AS requirement_count,
  (SELECT s.score::text FROM score_snapshots s WHERE s.institution_id = p.institution_id AND s.subject_id = p.id AND s.scope = 'procedure'
    ORDER BY s.snapshot_date DESC LIMIT 1) AS latest_score`;

/**
 * Only published fields of a procedure (`p` joined to its institution `i`), written once: the API's list and detail
 * and the open-data exports (procedures.json) all select these columns and map them with toPublicProcedure.
 */
export const PROCEDURE_COLUMNS = `
  p.id, i.code AS institution_code, i.name AS institution_name, p.code, p.name, p.audience, p.category, p.foreign_trade, p.prioritized, p.status, p.channels,
  p.fee_gtq::text AS fee_gtq, p.legal_max_days, p.actual_median_days, p.in_person_visits, p.current_level, p.declared_level, p.target_level, p.online_url, p.updated_at,
  ${PROCEDURE_LIST_EXTRAS}`;

/** A row selected with PROCEDURE_COLUMNS. */
export interface PublicProcedureRow {
  id: string;
  institution_code: string;
  institution_name: string;
  code: string;
  name: string;
  audience: PublicProcedure['audience'];
  category: string | null;
  foreign_trade: boolean;
  prioritized: boolean;
  status: PublicProcedure['status'];
  channels: PublicProcedure['channels'] | null;
  fee_gtq: string | null;
  legal_max_days: number | null;
  actual_median_days: number | null;
  in_person_visits: number | null;
  current_level: number;
  declared_level: number | null;
  target_level: number | null;
  online_url: string | null;
  updated_at: Date;
  target_date: string | null;
  last_reviewed_at: string | null;
  requirement_count: number;
  latest_score: string | null;
}

const iso = (d: Date | string | null): string => (d instanceof Date ? d.toISOString() : new Date(d ?? 0).toISOString());

export const toPublicProcedure = (r: PublicProcedureRow): PublicProcedure => ({
  institutionCode: r.institution_code,
  code: r.code,
  name: r.name,
  audience: r.audience,
  category: r.category,
  foreignTrade: r.foreign_trade,
  prioritized: r.prioritized,
  status: r.status,
  channels: r.channels ?? [],
  feeGtq: r.fee_gtq,
  legalMaxDays: r.legal_max_days,
  actualMedianDays: r.actual_median_days,
  inPersonVisits: r.in_person_visits,
  currentLevel: r.current_level,
  declaredLevel: r.declared_level ?? null,
  targetLevel: r.target_level,
  onlineUrl: r.online_url,
  institutionName: r.institution_name,
  latestScore: r.latest_score ?? null,
  requirementCount: r.requirement_count ?? 0,
  targetDate: r.target_date ?? null,
  lastReviewedAt: r.last_reviewed_at ?? null,
  updatedAt: iso(r.updated_at),
});

/** One procedure of an active institution by institution code (any case, $1) and procedure code ($2), for the detail. */
export const PROCEDURE_DETAIL_SQL = `
SELECT ${PROCEDURE_COLUMNS}, p.institution_id, p.description, p.output, p.life_event, p.legal_basis, p.forms_url, p.annual_volume,
       p.baseline_date::text AS baseline_date, p.baseline_requirements, p.baseline_days, p.baseline_visits,
       p.baseline_fee_gtq::text AS baseline_fee_gtq
  FROM procedures p JOIN institutions i ON i.id = p.institution_id WHERE i.active AND upper(i.code) = upper($1) AND p.code = $2`;
export interface PublicProcedureDetailRow extends PublicProcedureRow {
  institution_id: string;
  description: string | null;
  output: string | null;
  life_event: string | null;
  legal_basis: string | null;
  forms_url: string | null;
  annual_volume: number | null;
  /** Date and requirements are NOT NULL (set at the first registration); the other figures may be unknown. */
  baseline_date: string;
  baseline_requirements: number;
  baseline_days: number | null;
  baseline_visits: number | null;
  baseline_fee_gtq: string | null;
}

/** A page of public procedures: `where` conditions on `p` and `i` (with their parameters), `orderBy`, and the LIMIT parameter. */
export const PROCEDURE_PAGE_SQL = (where: string, orderBy: string, limit: string) => `
SELECT ${PROCEDURE_COLUMNS} FROM procedures p JOIN institutions i ON i.id = p.institution_id
 WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}`;
