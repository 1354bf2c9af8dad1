import { COMMISSION_ROLES, Role } from './roles';

/** Who is acting. Every service method takes it first. */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous' | 'partner';
  userId: string | null;
  role: Role | null;
  institutionId: string | null;
  requestId: string | null;
  partnerKeyId?: string | null;
  /** A partner key's scopes (public:read, webhooks:manage); services that act for partners check them. */
  partnerScopes?: readonly string[];
}

export const systemActor = (requestId: string | null = null): Actor => ({
  kind: 'system',
  userId: null,
  role: null,
  institutionId: null,
  requestId,
});

export const anonymousActor = (requestId: string | null = null): Actor => ({
  kind: 'anonymous',
  userId: null,
  role: null,
  institutionId: null,
  requestId,
});

export const isCommission = (actor: Actor): boolean => actor.role !== null && COMMISSION_ROLES.includes(actor.role);
