import { Role } from '../../common/auth/roles';
import { UserStatus } from './entities/user.entity';

/** Raw SQL of accounts, sessions and one-time tokens, each with its row type (statements without one return no rows). */

/** Every live refresh token of a user ($1) stops working (sign-out everywhere, new password, disabled account). */
export const REVOKE_REFRESH_TOKENS_SQL = `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`;

/** A user's session state ($1 user), read (and cached) on every authenticated request. */
export interface SessionStateRow {
  role: Role;
  institution_id: string | null;
  status: UserStatus;
  session_generation: number;
}
export const SESSION_STATE_SQL = `SELECT role, institution_id, status, session_generation FROM users WHERE id = $1`;

/** Every access token issued so far to the user ($1) stops working once this commits. */
export const BUMP_SESSION_GENERATION_SQL = `UPDATE users SET session_generation = session_generation + 1 WHERE id = $1`;

/** The user of a live one-time token ($1 token hash, $2 purpose). */
export interface TokenUserRow {
  user_id: string;
}
export const LIVE_TOKEN_USER_SQL = `
SELECT user_id FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`;

/** Spends a live one-time token ($1 token hash, $2 purpose), atomically: TokenUserRow of the one spent, if any. */
export const CONSUME_TOKEN_SQL = `
UPDATE one_time_tokens SET used_at = now()
 WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
 RETURNING user_id`;
