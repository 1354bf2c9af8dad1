/** Raw SQL of the maturity models' versions. */

/** The highest version published so far (0 before the first). */
export interface MaxVersionRow {
  max: number;
}
export const MAX_MODEL_VERSION_SQL = `SELECT COALESCE(MAX(version), 0)::int AS max FROM maturity_models`;

/** Publishing and activating versions take turns (transaction-scoped advisory lock). */
export const LOCK_MODELS_SQL = `SELECT pg_advisory_xact_lock(hashtext('simplifica.maturity_models'))`;
