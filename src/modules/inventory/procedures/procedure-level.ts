import { UnitOfWork } from '../../../database/unit-of-work';
import { Procedure } from './entities/procedure.entity';

/** Locks the procedure, then sets its current level from a validated assessment (see recordValidatedLevel). */
export async function applyValidatedLevel(tx: UnitOfWork, procedureId: string, level: number): Promise<void> {
  await recordValidatedLevel(tx, await tx.findForWrite(Procedure, procedureId, 'El trámite'), level);
}

/**
 * Sets the current level of a procedure this unit of work already locked (tx.findForWrite); logged publicly and
 * audited. Nothing happens when the level does not change.
 */
export async function recordValidatedLevel(tx: UnitOfWork, procedure: Procedure, level: number): Promise<void> {
  if (procedure.currentLevel === level) return;
  const { id: procedureId, institutionId } = procedure;
  const before = { currentLevel: procedure.currentLevel };
  await tx.em.getRepository(Procedure).update({ id: procedureId, institutionId }, { currentLevel: level, version: () => 'version + 1' });
  await tx.changeLog({
    procedureId,
    subject: 'procedure',
    subjectId: procedureId,
    action: 'level_validated',
    changes: [{ field: 'currentLevel', oldValue: before.currentLevel, newValue: level }],
  });
  await tx.audit({ entity: 'procedure', entityId: procedureId, action: 'level_validated', before, after: { currentLevel: level } });
}
