import { DeepPartial, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { AppException } from '../common/errors/app.exception';
import { ErrorCode } from '../common/errors/error-code';

export interface VersionedChange<T> {
  before: T;
  after: T;
}

/**
 * Optimistic concurrency for every editable entity: lock the row, compare the version the client read,
 * apply the changes and let TypeORM bump `version`. A stale version is a 409 carrying the current row,
 * so the second of two editors can merge instead of silently overwriting the first.
 */
export async function updateVersioned<T extends ObjectLiteral & { version: number }>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  expectedVersion: number,
  changes: Partial<T>,
  what: string,
  /** Rules on the merged row (cross-field checks, allowed transitions from `current`); throw an AppException to refuse. */
  check?: (merged: T, current: T) => void,
): Promise<VersionedChange<T>> {
  const repo = em.getRepository(target);
  const current = await repo.findOne({ where, lock: { mode: 'pessimistic_write' } });
  if (!current) throw AppException.notFound(what);
  if (current.version !== expectedVersion) {
    throw AppException.conflict(
      `${what} fue modificado por otra persona (versión actual ${current.version}, usted envió ${expectedVersion}). Recargue y vuelva a aplicar sus cambios.`,
      { currentVersion: current.version, current },
      ErrorCode.VersionConflict,
    );
  }
  const before = { ...current };
  const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as DeepPartial<T>;
  const merged = repo.merge(repo.create({ ...current }), defined);
  check?.(merged, before);
  const after = await repo.save(merged);
  return { before, after };
}
