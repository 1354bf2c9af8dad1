import type { DbScope } from '../../database/db-scope';
import { AppException } from '../errors/app.exception';
import { Actor, isCommission } from './actor';
import { INSTITUTION_ROLES, Role } from './roles';

/**
 * The access vocabulary: every unit of work starts from one `Access`, which says WHO acts (the actor), WHERE
 * (one institution; across institutions, read-only; administrative) and WHY (the purpose, logged for the
 * cross-institution and administrative scopes). `Database.run(access, (tx) => …)` applies it to PostgreSQL's
 * row-level-security settings and hands the work a `UnitOfWork` that carries it, so tenancy is a property of the
 * transaction, not something each query must remember.
 */
export interface Access {
  readonly actor: Actor;
  readonly scope: DbScope;
  /** The institution whose rows this unit of work reads and writes (tenant scope); null when none. */
  readonly institutionId: string | null;
  readonly purpose: string;
}

/** An access bound to one institution (tenant scope). */
export interface InstitutionAccess extends Access {
  readonly scope: 'tenant';
  readonly institutionId: string;
}

/** Never matches a row: what an institution-bound caller without an institution (should not happen) is limited to. */
export const NO_INSTITUTION = '00000000-0000-0000-0000-000000000000';

export const Access = {
  /** One institution's rows, to read and write. The caller has already checked that the actor may act there. */
  institution(actor: Actor, institutionId: string, purpose: string): InstitutionAccess {
    return { actor, scope: 'tenant', institutionId, purpose };
  },

  /**
   * The caller's own institution, for what only institution users write (inventory, plans, reports, imports):
   * 403 for Commission staff and anyone without an institution.
   */
  ownInstitution(actor: Actor, purpose: string): InstitutionAccess {
    assertRole(actor, INSTITUTION_ROLES);
    if (!actor.institutionId) throw AppException.forbidden('Solo los usuarios de una institución pueden registrar esta información.');
    return Access.institution(actor, actor.institutionId, purpose);
  },

  /**
   * Read-only across institutions (analysts, admins, public aggregates, system look-ups): PostgreSQL allows SELECT on
   * every institution's rows and no writes. Each use is logged with its purpose.
   */
  acrossInstitutions(actor: Actor, purpose: string): Access {
    return { actor, scope: 'read_all', institutionId: null, purpose };
  },

  /** Reads for any role: Commission staff across institutions, everyone else only their own institution. */
  forReading(actor: Actor, purpose: string): Access {
    return isCommission(actor)
      ? Access.acrossInstitutions(actor, purpose)
      : Access.institution(actor, actor.institutionId ?? NO_INSTITUTION, purpose);
  },

  /**
   * Administrative scope: rows of no institution (Commission users, configuration such as models, methodologies,
   * deadlines, rules and keys) and their audit entries. Admin-only by the callers' role checks; logged with its purpose.
   */
  administrative(actor: Actor, purpose: string): Access {
    return { actor, scope: 'admin', institutionId: null, purpose };
  },

  /**
   * The caller as themself: their own user row and tokens, their institution's rows if they have one, and tables that
   * belong to no institution (institutions, active models…). System jobs on global tables use it with `systemActor()`.
   */
  self(actor: Actor, purpose: string): Access {
    return { actor, scope: 'tenant', institutionId: actor.institutionId, purpose };
  },
} as const;

/** 403 unless the caller has one of these roles (a named list of roles.ts). */
export function assertRole(actor: Actor, allowed: readonly Role[]): void {
  if (!actor.role || !allowed.includes(actor.role)) throw AppException.forbidden();
}

/**
 * May this caller act on this institution's data? Institution-bound roles reach only their own
 * institution; asking for another one answers "not found" (404), never 403, so existence does not leak.
 */
export function assertInstitutionAccess(actor: Actor, institutionId: string, what = 'La institución'): void {
  if (isCommission(actor)) return;
  if (actor.institutionId && actor.institutionId === institutionId) return;
  throw AppException.notFound(what);
}

/**
 * The institution a list is limited to: an institution-bound caller always gets its own (asking for another
 * is a 404); Commission staff get what they asked for, or undefined for all institutions.
 */
export function institutionFilter(actor: Actor, requested?: string): string | undefined {
  if (requested) assertInstitutionAccess(actor, requested);
  return isCommission(actor) ? requested : (actor.institutionId ?? NO_INSTITUTION);
}
