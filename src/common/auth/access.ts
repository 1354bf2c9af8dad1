import { AppException } from '../errors/app.exception';
import { Actor, isCommission } from './actor';
import { Role } from './roles';

/**
 * May this caller act on this institution's data? Institution-bound roles reach only their own
 * institution; asking for another one answers "not found" (404), never 403, so existence does not leak.
 */
export function assertInstitutionAccess(actor: Actor, institutionId: string, what = 'La institución'): void {
  if (isCommission(actor)) return;
  if (actor.institutionId && actor.institutionId === institutionId) return;
  throw AppException.notFound(what);
}

export function assertRole(actor: Actor, allowed: readonly Role[]): void {
  if (!actor.role || !allowed.includes(actor.role)) throw AppException.forbidden();
}

/** Never matches a row: what an institution-bound caller without an institution (should not happen) is limited to. */
export const NO_INSTITUTION = '00000000-0000-0000-0000-000000000000';

/**
 * The institution a list is limited to: an institution-bound caller always gets its own (asking for another
 * is a 404); Commission staff get what they asked for, or undefined for all institutions.
 */
export function institutionFilter(actor: Actor, requested?: string): string | undefined {
  if (requested) assertInstitutionAccess(actor, requested);
  return isCommission(actor) ? requested : (actor.institutionId ?? NO_INSTITUTION);
}
