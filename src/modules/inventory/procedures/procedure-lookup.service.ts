import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../../common/auth/actor';
import { AppException } from '../../../common/errors/app.exception';
import { visibleWhere } from '../../../database/tenant-scope';
import { AuditService } from '../../audit/audit.service';
import { ChangeLogService } from '../change-log/change-log.service';
import { Procedure } from './entities/procedure.entity';

/** A procedure the caller may see (its own institution's, or any for the Commission), in the caller's transaction; 404 otherwise. */
export async function findVisibleProcedure(em: EntityManager, actor: Actor, id: string): Promise<Procedure> {
  const found = await em.getRepository(Procedure).findOne({ where: visibleWhere<Procedure>(actor, id) });
  if (!found) throw AppException.notFound('El trámite');
  return found;
}

/**
 * What other inventory modules need from procedures, inside their own transaction: find one within an
 * institution (404 otherwise) and record a validated maturity level.
 */
@Injectable()
export class ProcedureLookup {
  constructor(
    private readonly changeLog: ChangeLogService,
    private readonly audit: AuditService,
  ) {}

  async findInInstitution(em: EntityManager, institutionId: string, procedureId: string, lock = false): Promise<Procedure> {
    const found = await em.getRepository(Procedure).findOne({
      where: { id: procedureId, institutionId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!found) throw AppException.notFound('El trámite');
    return found;
  }

  /** Locks the procedure, then sets its current level from a validated assessment (see recordValidatedLevel). */
  async applyValidatedLevel(em: EntityManager, actor: Actor, institutionId: string, procedureId: string, level: number): Promise<void> {
    await this.recordValidatedLevel(em, actor, await this.findInInstitution(em, institutionId, procedureId, true), level);
  }

  /**
   * Sets the current level of a procedure the caller already locked (findInInstitution with lock) in this transaction;
   * logged publicly and audited. Nothing happens when the level does not change.
   */
  async recordValidatedLevel(em: EntityManager, actor: Actor, procedure: Procedure, level: number): Promise<void> {
    if (procedure.currentLevel === level) return;
    const { id: procedureId, institutionId } = procedure;
    const before = { currentLevel: procedure.currentLevel };
    await em.getRepository(Procedure).update({ id: procedureId, institutionId }, { currentLevel: level, version: () => 'version + 1' });
    await this.changeLog.record(em, actor, {
      institutionId, procedureId, subject: 'procedure', subjectId: procedureId, action: 'level_validated',
      changes: [{ field: 'currentLevel', oldValue: before.currentLevel, newValue: level }],
    });
    await this.audit.record(em, actor, { institutionId, entity: 'procedure', entityId: procedureId, action: 'level_validated', before, after: { currentLevel: level } });
  }
}
