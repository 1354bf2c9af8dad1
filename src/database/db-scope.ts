/**
 * Row-level security scopes, set per transaction (`set_config(..., true)`) and read by the policies.
 * - `tenant`:   rows of one institution only (app.institution_id); the default.
 * - `read_all`: SELECT across institutions — analysts, admins, public aggregates. Writes still need the institution.
 * - `admin`:    managing identity rows (users without an institution) and institution-level audit entries.
 */
export type DbScope = 'tenant' | 'read_all' | 'admin';

export const DB_SETTINGS = {
  institutionId: 'app.institution_id',
  scope: 'app.scope',
  userId: 'app.user_id',
  requestId: 'app.request_id',
} as const;
