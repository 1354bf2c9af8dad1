import { EntityTarget, FindOptionsSelect, FindOptionsWhere } from 'typeorm';
import { institutionFilter } from '../common/auth/access';
import { Actor, isCommission } from '../common/auth/actor';
import { AppException } from '../common/errors/app.exception';
import { Database } from './database.service';
import { TenantOwnedEntity } from './tenant-owned.entity';

/** The caller's own institution, for writes only institution users make (plans, milestones, actions, reports). */
export function ownInstitution(actor: Actor): string {
  if (!actor.institutionId) throw AppException.forbidden('Solo los usuarios de una institución pueden registrar esta información.');
  return actor.institutionId;
}

/** The row filter for a read by id: institution users only reach their own institution's rows (others are 404). */
export function visibleWhere<T extends TenantOwnedEntity>(actor: Actor, id: string): FindOptionsWhere<T> {
  const institutionId = institutionFilter(actor);
  return (institutionId ? { id, institutionId } : { id }) as FindOptionsWhere<T>;
}

/**
 * Which institution's transaction a write on this row must run in. Institution users: their own (the row is then
 * looked up inside it, so another institution's row is a 404). Commission staff: found across institutions first,
 * because row-level security only lets them write inside the row's institution.
 */
export async function institutionOfRow<T extends TenantOwnedEntity>(
  db: Database, actor: Actor, target: EntityTarget<T>, id: string, what: string, purpose: string,
): Promise<string> {
  if (!isCommission(actor)) return institutionFilter(actor)!;
  const row = await db.acrossInstitutions(actor, purpose, (em) =>
    em.getRepository(target).findOne({ where: { id } as FindOptionsWhere<T>, select: { id: true, institutionId: true } as FindOptionsSelect<T> }),
  );
  if (!row) throw AppException.notFound(what);
  return row.institutionId;
}
