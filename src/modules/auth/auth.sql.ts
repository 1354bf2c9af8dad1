/** Raw SQL of the auth worker. DELETE returns [rows, count] through TypeORM: the count is what the job reports. */

/** Refresh tokens that expired more than 30 days ago. */
export const PURGE_REFRESH_TOKENS_SQL = `DELETE FROM refresh_tokens WHERE expires_at < now() - interval '30 days'`;

/** One-time tokens that expired more than 30 days ago. */
export const PURGE_ONE_TIME_TOKENS_SQL = `DELETE FROM one_time_tokens WHERE expires_at < now() - interval '30 days'`;
