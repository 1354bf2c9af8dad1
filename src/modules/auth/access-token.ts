import type { Role } from '../../common/auth/roles';

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  inst: string | null;
  typ: 'access';
}
