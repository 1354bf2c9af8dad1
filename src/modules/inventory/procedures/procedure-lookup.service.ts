import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../../common/auth/actor';
import { AppException } from '../../../common/errors/app.exception';
import { AuditService } from '../../audit/audit.service';
import { ChangeLogService } from '../change-log/change-log.service';
import { Procedure } from './entities/procedure.entity';

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

  /** Sets the procedure's current level from a validated assessment; logged publicly and audited. */
  async applyValidatedLevel(em: EntityManager, actor: Actor, institutionId: string, procedureId: string, level: number): Promise<void> {
    const procedure = await this.findInInstitution(em, institutionId, procedureId, true);
    if (procedure.currentLevel === level) return;
    const before = { currentLevel: procedure.currentLevel };
    await em.getRepository(Procedure).update({ id: procedureId, institutionId }, { currentLevel: level, version: () => 'version + 1' });
    await this.changeLog.record(em, actor, {
      institutionId, procedureId, subject: 'procedure', subjectId: procedureId, action: 'level_validated',
      changes: [{ field: 'currentLevel', oldValue: before.currentLevel, newValue: level }],
    });
    await this.audit.record(em, actor, { institutionId, entity: 'procedure', entityId: procedureId, action: 'level_validated', before, after: { currentLevel: level } });
  }
}
