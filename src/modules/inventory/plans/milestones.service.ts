import { Injectable } from '@nestjs/common';
import { Access, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { AppException } from '../../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { escapeLike } from '../../../database/sql-helpers';
import { UnitOfWork } from '../../../database/unit-of-work';
import { Procedure } from '../procedures/entities/procedure.entity';
import { CompleteMilestoneDto, CreateMilestoneDto, MilestoneQuery, MilestoneResponse, UpdateMilestoneDto } from './dto/milestone.dto';
import { Milestone } from './entities/milestone.entity';
import { EvidenceFilesService, EvidenceUpload } from '../../evidence/evidence-files.service';
import { EvidenceFile } from '../../evidence/evidence-file.entity';
import { SimplificationPlan } from './entities/simplification-plan.entity';
import { label } from '../../../common/glossary/glossary';
import { OPEN_MILESTONE_STATUSES } from '../rules/open-milestones';
import { assertDueInPeriod, assertNotFuture, assertPlanStatus } from './plan-rules';
import { applySort } from '../../../common/pagination/sort';

const ENTITY = 'milestone';
const WHAT = 'El hito';

const SORTS = {
  dueDate: 'm.dueDate',
  status: 'm.status',
  kind: 'm.kind',
  completedOn: 'm.completedOn',
  createdAt: 'm.createdAt',
  updatedAt: 'm.updatedAt',
};

/** Dated commitments of a plan. Completion records the date and whether it was late; that record is never rewritten. */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly db: Database,
    private readonly evidence: EvidenceFilesService,
  ) {}

  async list(actor: Actor, query: MilestoneQuery): Promise<Page<MilestoneResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    const today = todayInGuatemala();
    return this.db.run(Access.forReading(actor, 'milestones.list'), async (tx) => {
      const qb = tx.em.getRepository(Milestone).createQueryBuilder('m').leftJoinAndSelect('m.evidenceFile', 'ef');
      if (institutionId) qb.andWhere('m.institution_id = :institutionId', { institutionId });
      if (query.status) qb.andWhere('m.status = :status', { status: query.status });
      if (query.planId) qb.andWhere('m.plan_id = :planId', { planId: query.planId });
      if (query.dueBefore) qb.andWhere('m.due_date <= :dueBefore', { dueBefore: query.dueBefore });
      if (query.dueAfter) qb.andWhere('m.due_date >= :dueAfter', { dueAfter: query.dueAfter });
      if (query.overdue !== undefined) {
        const overdue = 'm.due_date < :today AND m.status IN (:...open)';
        qb.andWhere(query.overdue ? `(${overdue})` : `NOT (${overdue})`, { today, open: OPEN_MILESTONE_STATUSES });
      }
      if (query.updatedSince) qb.andWhere('m.updated_at >= :since', { since: query.updatedSince });
      if (query.q) qb.andWhere('unaccent_immutable(m.target) ILIKE unaccent_immutable(:q)', { q: `%${escapeLike(query.q)}%` });
      applySort(qb, query.sort, SORTS, 'dueDate');
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(
        rows.map((m) => MilestoneResponse.from(m, today)),
        total,
        query,
      );
    });
  }

  async get(actor: Actor, id: string): Promise<MilestoneResponse> {
    const found = await this.db.run(Access.forReading(actor, 'milestones.get'), async (tx) => {
      const m = await tx.find(Milestone, id, WHAT);
      if (m.evidenceFileId) m.evidenceFile = await tx.em.getRepository(EvidenceFile).findOneBy({ id: m.evidenceFileId });
      return m;
    });
    return MilestoneResponse.from(found, todayInGuatemala());
  }

  /** New milestone in a draft plan; the procedure, if any, must be one of the plan's institution. */
  async create(actor: Actor, planId: string, dto: CreateMilestoneDto): Promise<MilestoneResponse> {
    return this.db.run(Access.ownInstitution(actor, 'milestones.create'), async (tx) => {
      const plan = await this.planOf(tx, planId);
      assertPlanStatus(plan, 'draft', 'recibir hitos nuevos');
      assertDueInPeriod(plan, dto.dueDate);
      if (dto.procedureId) await tx.find(Procedure, dto.procedureId, 'El trámite');
      const repo = tx.em.getRepository(Milestone);
      const saved = await repo.save(
        repo.create({
          institutionId: tx.institutionId,
          planId,
          procedureId: dto.procedureId ?? null,
          kind: dto.kind,
          target: dto.target,
          dueDate: dto.dueDate,
          status: 'pending',
        }),
      );
      await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
      return MilestoneResponse.from(saved, todayInGuatemala());
    });
  }

  /**
   * In a draft plan everything but completion can change. Once the plan is submitted or approved only the progress
   * (pending ↔ in progress) moves; targets, dates and cancellations go through a revision of the plan.
   */
  async update(actor: Actor, id: string, dto: UpdateMilestoneDto): Promise<MilestoneResponse> {
    const access = Access.ownInstitution(actor, 'milestones.update');
    const { version, ...changes } = dto;
    return this.db.run(access, async (tx) => {
      const current = await tx.findForWrite(Milestone, id, WHAT);
      if (current.status === 'completed') {
        throw AppException.conflict(`El hito ya fue completado el ${current.completedOn}; un hito completado no se modifica.`, {
          currentStatus: current.status,
        });
      }
      const plan = await this.planOf(tx, current.planId);
      const onlyProgress = Object.entries(changes).every(([k, v]) => v === undefined || (k === 'status' && v !== 'cancelled'));
      if (plan.status !== 'draft' && !onlyProgress) {
        throw AppException.conflict(
          `El plan está en estado «${label('planStatus', plan.status)}»; en un plan enviado o aprobado solo puede cambiarse el avance de un hito (pendiente o en curso). Para cambiar metas, fechas o cancelar hitos, cree una revisión del plan.`,
          { currentStatus: plan.status },
        );
      }
      if (changes.procedureId) await tx.find(Procedure, changes.procedureId, 'El trámite');
      const { before, after } = await tx.updateVersioned(Milestone, id, version, changes, WHAT, (merged) =>
        assertDueInPeriod(plan, merged.dueDate),
      );
      await tx.audit({ entity: ENTITY, entityId: id, action: 'update', before, after });
      return MilestoneResponse.from(after, todayInGuatemala());
    });
  }

  /**
   * Records the completion (in any plan state, approved included): the date, the evidence and whether it came after
   * the due date. Completing again is a conflict; the first record stands. `file`: evidence attached as a file (the
   * workspace's form), checked and stored in the same transaction, so a refused completion leaves no file behind.
   */
  async complete(actor: Actor, id: string, dto: CompleteMilestoneDto, file?: EvidenceUpload): Promise<MilestoneResponse> {
    const access = Access.ownInstitution(actor, 'milestones.complete');
    const today = todayInGuatemala();
    assertNotFuture('completedOn', dto.completedOn, today);
    return this.db.run(access, async (tx) => {
      const milestone = await tx.findForWrite(Milestone, id, WHAT);
      if (!OPEN_MILESTONE_STATUSES.includes(milestone.status)) {
        throw AppException.conflict(
          milestone.status === 'completed'
            ? `El hito ya fue completado el ${milestone.completedOn}; ese registro no se reemplaza.`
            : `El hito está en estado «${label('milestoneStatus', milestone.status)}»; no puede completarse.`,
          { currentStatus: milestone.status, completedOn: milestone.completedOn },
        );
      }
      const before = { ...milestone };
      const stored = file ? await this.evidence.storeIn(tx, file) : null;
      const after = await tx.em.getRepository(Milestone).save(
        Object.assign(milestone, {
          status: 'completed' as const,
          completedOn: dto.completedOn,
          completedLate: dto.completedOn > milestone.dueDate,
          evidence: dto.evidence,
          evidenceFileId: stored?.id ?? null,
        }),
      );
      if (stored) after.evidenceFile = await tx.em.getRepository(EvidenceFile).findOneBy({ id: stored.id });
      await tx.audit({ entity: ENTITY, entityId: id, action: 'complete', before, after });
      tx.emit('public.changed', {
        type: 'milestone_met',
        institutionId: after.institutionId,
        procedureId: after.procedureId ?? null,
        subject: 'milestone',
        subjectId: id,
        changes: [
          { field: 'status', oldValue: before.status, newValue: after.status },
          { field: 'completedOn', oldValue: null, newValue: after.completedOn },
          { field: 'completedLate', oldValue: null, newValue: after.completedLate },
        ],
      });
      return MilestoneResponse.from(after, today);
    });
  }

  /** Only from a draft plan; submitted and approved plans keep their milestones (a revision drops them instead). */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.run(Access.ownInstitution(actor, 'milestones.delete'), async (tx) => {
      const milestone = await tx.findForWrite(Milestone, id, WHAT);
      assertPlanStatus(await this.planOf(tx, milestone.planId), 'draft', 'quitar hitos');
      await tx.em.getRepository(Milestone).delete(tx.rowWhere(Milestone, id));
      await tx.audit({ entity: ENTITY, entityId: id, action: 'delete', before: milestone });
    });
  }

  /** The plan, locked against a concurrent submission while its milestones change. */
  private planOf(tx: UnitOfWork, planId: string): Promise<SimplificationPlan> {
    return tx.findForWrite(SimplificationPlan, planId, 'El plan', { lock: 'read' });
  }
}
