import type { Role } from '../../common/auth/actor';

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  inst: string | null;
  typ: 'access';
}
