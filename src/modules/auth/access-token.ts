import type { Role } from '../../common/auth/roles';

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  inst: string | null;
  typ: 'access';
  /** The user's session generation when issued; a token from an older generation is refused. Absent means 0. */
  gen?: number;
}
