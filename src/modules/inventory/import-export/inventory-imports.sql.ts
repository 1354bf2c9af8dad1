import { Role } from '../../../common/auth/roles';
import { requirementInForceSql } from '../rules/requirement-in-force';
import { ImportStatus } from './entities/inventory-import.entity';
import { PROCEDURE_FORMAT_SELECT, REQUIREMENT_SELECT } from './import-writer.sql';

/**
 * Raw SQL of the stored uploads (`inventory_imports`): the API stores and confirms them, the worker loads, advances and
 * finishes them, and the export reads the inventory in the spreadsheet's format. Each statement with its row type.
 */

/** The id of a stored upload (INSERT … RETURNING id). */
export interface ImportIdRow {
  id: string;
}

/** A new upload, queued: $1 institution, $2 file name, $3 format, $4 content, $5 second content (CSV pair), $6 dry run, $7 uploader. */
export const INSERT_IMPORT_SQL = `
INSERT INTO inventory_imports (institution_id, file_name, format, content, second_content, dry_run, status, created_by)
VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7) RETURNING id`;

/** The real import of a reviewed file ($1 the dry run, $2 who confirms), reusing its stored content: ImportIdRow. */
export const INSERT_CONFIRMED_IMPORT_SQL = `
INSERT INTO inventory_imports (institution_id, file_name, format, content, second_content, dry_run, status, created_by)
SELECT institution_id, file_name, format, content, second_content, false, 'queued', $2 FROM inventory_imports WHERE id = $1 RETURNING id`;

/** A review ($1) remembers the real import its confirmation queued ($2). */
export const MARK_CONFIRMED_SQL = `UPDATE inventory_imports SET confirmed_as_id = $2, updated_at = now() WHERE id = $1`;

/** An import that could not be queued ($1 import, $2 problems as jsonb). */
export const FAIL_UNQUEUED_IMPORT_SQL = `
UPDATE inventory_imports SET status = 'failed', progress = 100, finished_at = now(), problems = $2::jsonb WHERE id = $1`;

/** An active institution by id (Commission staff importing on its behalf): ImportIdRow. */
export const ACTIVE_INSTITUTION_SQL = `SELECT id FROM institutions WHERE id = $1 AND active`;

/** An institution's code, for the export's file name. */
export interface InstitutionCodeRow {
  code: string;
}
export const INSTITUTION_CODE_SQL = `SELECT code FROM institutions WHERE id = $1`;

/** The institution's active procedures in the format's columns ($1 institution), by code. */
export const EXPORT_PROCEDURES_SQL = `
SELECT ${PROCEDURE_FORMAT_SELECT} FROM procedures WHERE institution_id = $1 AND status = 'active' ORDER BY code`;

/** Requirements in force on $2 of the institution's ($1) active procedures, with their procedure's code, in the export's order. */
export const EXPORT_REQUIREMENTS_SQL = `
SELECT p.code AS "procedureCode", ${REQUIREMENT_SELECT}
  FROM requirements r JOIN procedures p ON p.id = r.procedure_id AND p.institution_id = r.institution_id
 WHERE r.institution_id = $1 AND p.status = 'active' AND ${requirementInForceSql('r', '$2::date')}
 ORDER BY p.code, r.effective_from, r.created_at, r.id`;

/** A stored upload as the worker reads it ($1 import, $2 institution). */
export interface LoadedImportRow {
  id: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  content: Buffer;
  secondContent: Buffer | null;
  dryRun: boolean;
  status: ImportStatus;
  createdBy: string;
}
export const LOAD_IMPORT_SQL = `
SELECT id, file_name AS "fileName", format, content, second_content AS "secondContent", dry_run AS "dryRun", status, created_by AS "createdBy"
  FROM inventory_imports WHERE id = $1 AND institution_id = $2`;

/** The worker starts an import ($1). */
export const START_IMPORT_SQL = `UPDATE inventory_imports SET status = 'running', progress = 1, updated_at = now() WHERE id = $1`;

/** Who uploaded it ($1 user): an institution user, or Commission staff (no institution). */
export interface UploaderRow {
  role: Role;
  institutionId: string | null;
}
export const UPLOADER_SQL = `SELECT role, institution_id AS "institutionId" FROM users WHERE id = $1`;

/** One import at a time per institution ($1 the lock's key). */
export const IMPORT_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`;

/** The outcome: $1 import, $2 status, $3 counts, $4 problems and notices, $5 preview (jsonb, null allowed). */
export const FINISH_IMPORT_SQL = `
UPDATE inventory_imports SET status = $2, progress = 100, counts = $3::jsonb, problems = $4::jsonb, preview = $5::jsonb, finished_at = now(),
       updated_at = now(), version = version + 1
 WHERE id = $1`;

/** Progress of a running import ($1 import, $2 percent); never goes back. */
export const IMPORT_PROGRESS_SQL = `UPDATE inventory_imports SET progress = GREATEST(progress, $2) WHERE id = $1 AND status = 'running'`;
