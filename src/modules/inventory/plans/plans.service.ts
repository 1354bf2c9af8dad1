import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Access, assertRole, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { escapeLike, isUniqueViolation } from '../../../database/sql-helpers';
import { UnitOfWork } from '../../../database/unit-of-work';
import { ApprovePlanDto, CreatePlanDto, PlanDetailResponse, PlanQuery, PlanResponse, ReturnPlanDto, UpdatePlanDto } from './dto/plan.dto';
import { Milestone } from './entities/milestone.entity';
import { SimplificationPlan } from './entities/simplification-plan.entity';
import { label } from '../../../common/glossary/glossary';
import { OPEN_MILESTONE_STATUSES } from '../rules/open-milestones';
import { assertPeriod, assertPlanStatus } from './plan-rules';
import { applySort } from '../../../common/pagination/sort';

const ENTITY = 'simplification_plan';
const WHAT = 'El plan';
const PERIOD_UNIQUE = 'UQ_simplification_plans_period_revision';

const SORTS = {
  periodStart: 'p.periodStart',
  periodEnd: 'p.periodEnd',
  title: 'p.title',
  status: 'p.status',
  revision: 'p.revision',
  createdAt: 'p.createdAt',
  updatedAt: 'p.updatedAt',
};

const duplicatePeriod = (periodStart: string, existing?: SimplificationPlan) =>
  AppException.conflict(
    existing
      ? `Ya existe un plan de la institución que inicia el ${periodStart} («${existing.title}», revisión ${existing.revision}). Para cambiar un plan aprobado, cree una revisión.`
      : `Ya existe un plan de la institución que inicia el ${periodStart}. Para cambiar un plan aprobado, cree una revisión.`,
    { field: 'periodStart', existingPlanId: existing?.id ?? null },
  );

/**
 * Simplification plans: institutions draft and submit them; the Commission approves (with the approval act) or
 * returns them. A change to an approved plan is a new draft revision that carries over the milestones still open.
 */
@Injectable()
export class PlansService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: PlanQuery): Promise<Page<PlanResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'plans.list'), async (tx) => {
      const qb = tx.em.getRepository(SimplificationPlan).createQueryBuilder('p');
      if (institutionId) qb.andWhere('p.institution_id = :institutionId', { institutionId });
      if (query.status) qb.andWhere('p.status = :status', { status: query.status });
      if (query.updatedSince) qb.andWhere('p.updated_at >= :since', { since: query.updatedSince });
      if (query.q) qb.andWhere('unaccent_immutable(p.title) ILIKE unaccent_immutable(:q)', { q: `%${escapeLike(query.q)}%` });
      applySort(qb, query.sort, SORTS, '-periodStart,-revision');
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(PlanResponse.from), total, query);
    });
  }

  /** One plan with its milestones and their counts (by status, on time / late, overdue today). */
  async get(actor: Actor, id: string): Promise<PlanDetailResponse> {
    return this.db.run(Access.forReading(actor, 'plans.get'), async (tx) => {
      const plan = await tx.find(SimplificationPlan, id, WHAT);
      return PlanDetailResponse.withMilestones(plan, await this.milestonesOf(tx, plan), todayInGuatemala());
    });
  }

  async create(actor: Actor, dto: CreatePlanDto): Promise<PlanResponse> {
    const access = Access.ownInstitution(actor, 'plans.create');
    assertPeriod(dto.periodStart, dto.periodEnd);
    try {
      return await this.db.run(access, async (tx) => {
        const institutionId = tx.institutionId;
        const repo = tx.em.getRepository(SimplificationPlan);
        const existing = await repo.findOne({ where: { institutionId, periodStart: dto.periodStart }, order: { revision: 'DESC' } });
        if (existing) throw duplicatePeriod(dto.periodStart, existing);
        const saved = await repo.save(
          repo.create({
            institutionId,
            title: dto.title,
            periodStart: dto.periodStart,
            periodEnd: dto.periodEnd,
            budgetGtq: dto.budgetGtq ?? null,
            revision: 1,
            status: 'draft',
          }),
        );
        await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
        return PlanResponse.from(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e, PERIOD_UNIQUE)) throw duplicatePeriod(dto.periodStart);
      throw e;
    }
  }

  /** Title, period and budget of a draft; `version` guards against overwriting someone else's edit. */
  async update(actor: Actor, id: string, dto: UpdatePlanDto): Promise<PlanResponse> {
    const access = Access.ownInstitution(actor, 'plans.update');
    const { version, ...changes } = dto;
    try {
      return await this.db.run(access, async (tx) => {
        const current = await tx.findForWrite(SimplificationPlan, id, WHAT);
        if (changes.periodStart !== undefined && changes.periodStart !== current.periodStart && current.version === version) {
          if (current.revision > 1) {
            throw AppException.conflict(
              `Esta es la revisión ${current.revision} del plan; una revisión conserva la fecha de inicio del plan original (${current.periodStart}).`,
              {
                field: 'periodStart',
              },
            );
          }
          const clash = await tx.em
            .getRepository(SimplificationPlan)
            .findOne({ where: { institutionId: tx.institutionId, periodStart: changes.periodStart, id: Not(id) } });
          if (clash) throw duplicatePeriod(changes.periodStart, clash);
        }
        const { before, after } = await tx.updateVersioned(SimplificationPlan, id, version, changes, WHAT, (merged) => {
          assertPlanStatus(merged, 'draft', 'modificarse');
          assertPeriod(merged.periodStart, merged.periodEnd);
        });
        if (after.periodStart !== before.periodStart || after.periodEnd !== before.periodEnd)
          await this.assertMilestonesInPeriod(tx, after);
        await tx.audit({ entity: ENTITY, entityId: id, action: 'update', before, after });
        return PlanResponse.from(after);
      });
    } catch (e) {
      if (isUniqueViolation(e, PERIOD_UNIQUE)) throw duplicatePeriod(changes.periodStart ?? '');
      throw e;
    }
  }

  /** draft → submitted, for the Commission's review. */
  async submit(actor: Actor, id: string): Promise<PlanResponse> {
    return this.db.run(Access.ownInstitution(actor, 'plans.submit'), (tx) =>
      this.transition(tx, id, 'draft', 'enviarse', 'submit', { status: 'submitted', submittedAt: new Date() }),
    );
  }

  /** submitted → approved, recording the approval act, who approved and when. */
  async approve(actor: Actor, id: string, dto: ApprovePlanDto): Promise<PlanResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const access = await this.db.accessToRow(actor, SimplificationPlan, id, WHAT, 'plans.approve');
    return this.db.run(access, (tx) =>
      this.transition(tx, id, 'submitted', 'aprobarse', 'approve', {
        status: 'approved',
        approvalAct: dto.approvalAct,
        approvedBy: actor.userId,
        approvedAt: new Date(),
        reviewComment: dto.comment ?? null,
      }),
    );
  }

  /** submitted → draft with the analyst's comment, so the institution corrects and submits again. */
  async returnToDraft(actor: Actor, id: string, dto: ReturnPlanDto): Promise<PlanResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const access = await this.db.accessToRow(actor, SimplificationPlan, id, WHAT, 'plans.return');
    return this.db.run(access, (tx) =>
      this.transition(tx, id, 'submitted', 'devolverse', 'return', { status: 'draft', reviewComment: dto.comment }),
    );
  }

  /**
   * From the latest approved revision, a new draft revision (revision + 1) with the same title, period and budget,
   * and copies of the milestones still open (pending or in progress). The approved plan stays as it was.
   */
  async createRevision(actor: Actor, id: string): Promise<PlanDetailResponse> {
    const access = Access.ownInstitution(actor, 'plans.create_revision');
    try {
      return await this.db.run(access, async (tx) => {
        const institutionId = tx.institutionId;
        const plan = await tx.findForWrite(SimplificationPlan, id, WHAT);
        assertPlanStatus(plan, 'approved', 'revisarse');
        const repo = tx.em.getRepository(SimplificationPlan);
        const latest = await repo.findOne({ where: { institutionId, periodStart: plan.periodStart }, order: { revision: 'DESC' } });
        if (latest && latest.revision > plan.revision) {
          throw AppException.conflict(
            `Ya existe la revisión ${latest.revision} de este plan (estado «${label('planStatus', latest.status)}»); revise la más reciente.`,
            {
              latestPlanId: latest.id,
              latestRevision: latest.revision,
            },
          );
        }
        const revision = await repo.save(
          repo.create({
            institutionId,
            title: plan.title,
            periodStart: plan.periodStart,
            periodEnd: plan.periodEnd,
            budgetGtq: plan.budgetGtq,
            revision: plan.revision + 1,
            status: 'draft',
          }),
        );
        const open = await tx.em.getRepository(Milestone).find({
          where: { planId: plan.id, institutionId, status: In([...OPEN_MILESTONE_STATUSES]) },
          order: { dueDate: 'ASC', createdAt: 'ASC' },
        });
        if (open.length) {
          await tx.em.getRepository(Milestone).insert(
            open.map((m) => ({
              institutionId,
              planId: revision.id,
              procedureId: m.procedureId,
              kind: m.kind,
              target: m.target,
              dueDate: m.dueDate,
              status: m.status,
            })) as QueryDeepPartialEntity<Milestone>[],
          );
        }
        await tx.audit({
          entity: ENTITY,
          entityId: revision.id,
          action: 'create_revision',
          after: { ...revision, revisedFrom: plan.id, copiedMilestones: open.map((m) => m.id) },
        });
        return PlanDetailResponse.withMilestones(revision, await this.milestonesOf(tx, revision), todayInGuatemala());
      });
    } catch (e) {
      if (isUniqueViolation(e, PERIOD_UNIQUE))
        throw AppException.conflict('Otra persona acaba de crear una revisión de este plan; recargue la lista de planes.');
      throw e;
    }
  }

  private async transition(
    tx: UnitOfWork,
    id: string,
    from: SimplificationPlan['status'],
    verb: string,
    action: string,
    changes: Partial<SimplificationPlan>,
  ): Promise<PlanResponse> {
    const plan = await tx.findForWrite(SimplificationPlan, id, WHAT);
    assertPlanStatus(plan, from, verb);
    const before = { ...plan };
    const after = await tx.em.getRepository(SimplificationPlan).save(Object.assign(plan, changes));
    await tx.audit({ entity: ENTITY, entityId: id, action, before, after });
    const outcome = ({ submit: 'submitted', approve: 'approved', return: 'returned' } as const)[action as 'submit' | 'approve' | 'return'];
    if (outcome) {
      // the review loop's notices: to the analysts following the institution, or to its liaisons (ReviewNotifier)
      tx.emit('review.changed', {
        subject: 'plan',
        subjectId: id,
        institutionId: after.institutionId,
        outcome,
        occurrence: after.version,
        comment: outcome === 'submitted' ? null : after.reviewComment,
        actorUserId: tx.actor.userId,
        at: new Date().toISOString(),
        title: `«${after.title}» (revisión ${after.revision})`,
      });
    }
    if (after.status === 'approved' && before.status !== 'approved') {
      tx.emit('public.changed', {
        type: 'plan_approved',
        institutionId: after.institutionId,
        procedureId: null,
        subject: 'plan',
        subjectId: id,
        changes: [
          { field: 'status', oldValue: before.status, newValue: after.status },
          { field: 'revision', oldValue: null, newValue: after.revision },
        ],
      });
    }
    return PlanResponse.from(after);
  }

  /** A new period must still contain every milestone's due date (the transaction is rolled back otherwise). */
  private async assertMilestonesInPeriod(tx: UnitOfWork, plan: SimplificationPlan): Promise<void> {
    const outside = await tx.em
      .getRepository(Milestone)
      .createQueryBuilder('m')
      .where('m.plan_id = :planId AND m.institution_id = :institutionId', { planId: plan.id, institutionId: plan.institutionId })
      .andWhere('(m.due_date < :start OR m.due_date > :end)', { start: plan.periodStart, end: plan.periodEnd })
      .orderBy('m.due_date', 'ASC')
      .getMany();
    if (!outside.length) return;
    throw AppException.badRequest(
      `El nuevo periodo (${plan.periodStart} a ${plan.periodEnd}) deja fuera ${outside.length === 1 ? 'un hito' : `${outside.length} hitos`} (fecha límite ${outside.map((m) => m.dueDate).join(', ')}). Ajuste esos hitos primero.`,
      [
        { field: 'periodStart', messages: ['el periodo debe contener las fechas límite de los hitos'] },
        { field: 'periodEnd', messages: ['el periodo debe contener las fechas límite de los hitos'] },
      ],
      ErrorCode.ValidationFailed,
    );
  }

  private milestonesOf(tx: UnitOfWork, plan: SimplificationPlan): Promise<Milestone[]> {
    return tx.em.getRepository(Milestone).find({
      where: { planId: plan.id, institutionId: plan.institutionId },
      relations: { evidenceFile: true },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
    });
  }
}
