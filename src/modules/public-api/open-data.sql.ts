import { citizenReportCountsSql } from '../inventory/rules/citizen-report-counts.sql';
import { requirementInForceSql } from '../inventory/rules/requirement-in-force';
import { PROCEDURE_COLUMNS, PublicProcedureRow } from './public-procedure.sql';
import { institutionSnapshotsOf } from '../scoring/entities/score-snapshot.entity';

/**
 * SQL of the open-data files, with the row types it returns. Every file is sorted by code (institution code, then
 * procedure code, then the requirement's stable id), byte-wise (COLLATE "C", whatever the server's locale), so two
 * successive releases diff line by line. Files are walked institution by institution, each institution's rows in
 * keyset batches over its code (one short read transaction per batch): memory stays bounded by the batch.
 */

/** Active institutions, in code order: the spine of every walk (a few hundred rows). */
export const OPEN_DATA_INSTITUTIONS_SQL = `SELECT id, code, name, website FROM institutions WHERE active ORDER BY code COLLATE "C"`;
export interface OpenDataInstitutionRow {
  id: string;
  code: string;
  name: string;
  website: string | null;
}

/** Keyset conditions: $1 batch size, $2 institution id, $3 the last procedure code of the previous batch (null first). */
const AFTER_CODE = `($3::text IS NULL OR p.code COLLATE "C" > $3::text)`;
const BY_CODE = `p.code COLLATE "C"`;

/** A batch of one institution's procedures with the API's published columns, in code order. */
export const OPEN_DATA_PROCEDURES_SQL = `
SELECT ${PROCEDURE_COLUMNS}, p.code AS __code
  FROM procedures p JOIN institutions i ON i.id = p.institution_id
 WHERE p.institution_id = $2 AND ${AFTER_CODE}
 ORDER BY ${BY_CODE} LIMIT $1`;
export type OpenDataProcedureRow = PublicProcedureRow & { __code: string };

/** A cell of a CSV dataset as PostgreSQL returns it. */
export type CsvCell = string | number | boolean | null;
/** A row of a CSV dataset: its columns c0…cN in CSV_DATASETS order, and the keyset position. */
export type CsvRow = { [column: `c${number}`]: CsvCell } & { __code: string; __id: string | null };

/**
 * A batch of one CSV dataset for one institution: `select` is the dataset's column list. Requirements are keyed by
 * (procedure code, requirement id): $4 is the last requirement id of the previous batch.
 */
export const OPEN_DATA_CSV_SQL = {
  'procedures.csv': (select: string) => `
SELECT ${select}, p.code AS __code, NULL AS __id
  FROM procedures p JOIN institutions i ON i.id = p.institution_id
 WHERE p.institution_id = $2 AND ${AFTER_CODE}
 ORDER BY ${BY_CODE} LIMIT $1`,
  'requirements.csv': (select: string) => `
SELECT ${select}, p.code AS __code, r.id::text AS __id
  FROM requirements r
  JOIN procedures p ON p.id = r.procedure_id AND p.institution_id = r.institution_id
  JOIN institutions i ON i.id = r.institution_id
  LEFT JOIN LATERAL (SELECT f.code, f.source FROM findings f
             WHERE f.subject_id = r.id AND f.institution_id = r.institution_id AND f.kind = 'prohibited_practice' AND f.status = 'open'
             ORDER BY (f.source <> 'declared'), f.code LIMIT 1) pr ON true
 WHERE r.institution_id = $2 AND ($3::text IS NULL OR (p.code COLLATE "C", r.id) > ($3::text, $4::uuid))
 ORDER BY ${BY_CODE}, r.id LIMIT $1`,
} as const;

/** institutions.csv in one statement (a few hundred rows), in code order. */
export const OPEN_DATA_INSTITUTIONS_CSV_SQL = (select: string) => `
SELECT ${select}, i.code AS __code, NULL AS __id
  FROM institutions i LEFT JOIN LATERAL (SELECT score, snapshot_date, methodology_version FROM score_snapshots
         WHERE ${institutionSnapshotsOf('i.id')} ORDER BY snapshot_date DESC LIMIT 1) s ON true
       LEFT JOIN LATERAL (${citizenReportCountsSql('i.id', "(now() AT TIME ZONE 'America/Guatemala')::date")}) cr ON true
 WHERE i.active
 ORDER BY i.code COLLATE "C"`;

/**
 * A batch of one institution's procedures for the CPSV-AP catalogue, each with its requirements in force on $4 (a
 * Guatemala date) in id order.
 */
export const CATALOG_PROCEDURES_SQL = `
SELECT p.code, p.name, p.description, p.status, p.fee_gtq::text AS fee_gtq, p.channels, p.legal_basis,
       coalesce(p.legal_max_days, p.actual_median_days) AS days, p.online_url, p.code AS __code,
       coalesce((SELECT json_agg(json_build_object('id', r.id, 'name', r.name, 'legalBasisType', r.legal_basis_type,
                                                   'legalBasisReference', r.legal_basis_reference) ORDER BY r.id)
                   FROM requirements r
                  WHERE r.procedure_id = p.id AND r.institution_id = p.institution_id AND ${requirementInForceSql('r', '$4::date')}), '[]') AS requirements
  FROM procedures p
 WHERE p.institution_id = $2 AND ${AFTER_CODE}
 ORDER BY ${BY_CODE} LIMIT $1`;
export interface CatalogProcedureRow {
  code: string;
  name: string;
  description: string | null;
  status: string;
  fee_gtq: string | null;
  channels: string[] | null;
  legal_basis: string | null;
  days: number | null;
  online_url: string | null;
  __code: string;
  requirements: Array<{ id: string; name: string; legalBasisType: string; legalBasisReference: string | null }>;
}
