/** Raw SQL of the unit of work (no rows of their own). */

/**
 * The row-level-security settings of the transaction (`set_config(…, true)`): $1/$2 institution, $3/$4 scope,
 * $5/$6 user, $7/$8 request (setting name, value).
 */
export const APPLY_SETTINGS_SQL = `SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true), set_config($7, $8, true)`;

/**
 * The same settings with their values as literals, ahead of `statement` in one simple-protocol message (one implicit
 * transaction: Database.writeInOneTrip). Values must already be SQL literals.
 */
export const settingsThenSql = (settings: ReadonlyArray<[string, string]>, statement: string): string =>
  `SELECT ${settings.map(([name, value]) => `set_config(${name}, ${value}, true)`).join(', ')}; ${statement}`;

/** Public events in the order emitted ($1 rows: type, institution_id, procedure_id, subject, subject_id, changes). */
export const INSERT_PUBLIC_EVENTS_SQL = `
INSERT INTO public_events (type, institution_id, procedure_id, subject, subject_id, changes)
SELECT e.type, e.institution_id, e.procedure_id, e.subject, e.subject_id, e.changes
  FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (type text, institution_id uuid, procedure_id uuid, subject text, subject_id uuid, changes jsonb))
       WITH ORDINALITY AS e(type, institution_id, procedure_id, subject, subject_id, changes, n)
 ORDER BY n`;
