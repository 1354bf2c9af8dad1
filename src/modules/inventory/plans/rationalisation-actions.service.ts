import { Injectable } from '@nestjs/common';
import { Access, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { escapeLike } from '../../../database/sql-helpers';
import { UnitOfWork } from '../../../database/unit-of-work';
import { Procedure } from '../procedures/entities/procedure.entity';
import {
  CreateRationalisationActionDto,
  ProcedureActionsQuery,
  RationalisationActionQuery,
  RationalisationActionResponse,
  UpdateRationalisationActionDto,
} from './dto/rationalisation-action.dto';
import { RationalisationAction } from './entities/rationalisation-action.entity';
import { assertNotFuture } from './plan-rules';
import { applySort } from '../../../common/pagination/sort';

const ENTITY = 'rationalisation_action';
const WHAT = 'La acción de racionalización';

const SORTS = { createdAt: 'a.createdAt', updatedAt: 'a.updatedAt', implementedOn: 'a.implementedOn', type: 'a.type' };

/** Rationalisation actions (normativa / administrativa / tecnológica) on a procedure, with before/after figures. */
@Injectable()
export class RationalisationActionsService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: RationalisationActionQuery): Promise<Page<RationalisationActionResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'rationalisation_actions.list'), async (tx) => {
      const qb = tx.em.getRepository(RationalisationAction).createQueryBuilder('a').leftJoinAndSelect('a.procedure', 'p');
      if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
      if (query.type) qb.andWhere('a.type = :type', { type: query.type });
      if (query.procedureId) qb.andWhere('a.procedure_id = :procedureId', { procedureId: query.procedureId });
      if (query.updatedSince) qb.andWhere('a.updated_at >= :since', { since: query.updatedSince });
      if (query.q) {
        qb.andWhere('(unaccent_immutable(a.description) ILIKE unaccent_immutable(:q) OR p.code ILIKE :q)', {
          q: `%${escapeLike(query.q)}%`,
        });
      }
      applySort(qb, query.sort, SORTS, '-createdAt');
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(RationalisationActionResponse.from), total, query);
    });
  }

  /** The actions of one procedure (404 when the procedure is not within the caller's reach). */
  async listForProcedure(actor: Actor, procedureId: string, query: ProcedureActionsQuery): Promise<Page<RationalisationActionResponse>> {
    return this.db.run(Access.forReading(actor, 'rationalisation_actions.list_for_procedure'), async (tx) => {
      const procedure = await tx.find(Procedure, procedureId, 'El trámite');
      const [rows, total] = await tx.em.getRepository(RationalisationAction).findAndCount({
        where: { procedureId, institutionId: procedure.institutionId, ...(query.type ? { type: query.type } : {}) },
        order: { createdAt: 'DESC', id: 'ASC' },
        skip: offsetOf(query),
        take: query.pageSize,
      });
      return pageOf(
        rows.map((a) => RationalisationActionResponse.from(Object.assign(a, { procedure }))),
        total,
        query,
      );
    });
  }

  async get(actor: Actor, id: string): Promise<RationalisationActionResponse> {
    const found = await this.db.run(Access.forReading(actor, 'rationalisation_actions.get'), (tx) =>
      tx.find(RationalisationAction, id, WHAT, { relations: { procedure: true } }),
    );
    return RationalisationActionResponse.from(found);
  }

  async create(actor: Actor, procedureId: string, dto: CreateRationalisationActionDto): Promise<RationalisationActionResponse> {
    const access = Access.ownInstitution(actor, 'rationalisation_actions.create');
    if (dto.implementedOn) assertNotFuture('implementedOn', dto.implementedOn, todayInGuatemala());
    return this.db.run(access, async (tx) => {
      const procedure = await tx.find(Procedure, procedureId, 'El trámite');
      const repo = tx.em.getRepository(RationalisationAction);
      const saved = await repo.save(
        repo.create({ ...nullsFor(dto), institutionId: tx.institutionId, procedureId, type: dto.type, description: dto.description }),
      );
      await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
      return RationalisationActionResponse.from(Object.assign(saved, { procedure }));
    });
  }

  async update(actor: Actor, id: string, dto: UpdateRationalisationActionDto): Promise<RationalisationActionResponse> {
    const access = Access.ownInstitution(actor, 'rationalisation_actions.update');
    const { version, ...changes } = dto;
    if (changes.implementedOn) assertNotFuture('implementedOn', changes.implementedOn, todayInGuatemala());
    return this.db.run(access, async (tx) => {
      const { before, after } = await tx.updateVersioned(RationalisationAction, id, version, changes, WHAT);
      await tx.audit({ entity: ENTITY, entityId: id, action: 'update', before, after });
      return RationalisationActionResponse.from(Object.assign(after, { procedure: await this.procedureOf(tx, after) }));
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.run(Access.ownInstitution(actor, 'rationalisation_actions.delete'), async (tx) => {
      const found = await tx.findForWrite(RationalisationAction, id, WHAT);
      await tx.em.getRepository(RationalisationAction).delete(tx.rowWhere(RationalisationAction, id));
      await tx.audit({ entity: ENTITY, entityId: id, action: 'delete', before: found });
    });
  }

  private async procedureOf(tx: UnitOfWork, action: RationalisationAction): Promise<Procedure | undefined> {
    return (
      (await tx.em.getRepository(Procedure).findOne({ where: { id: action.procedureId, institutionId: action.institutionId } })) ??
      undefined
    );
  }
}

/** Optional figures left out of a new action are stored as null. */
function nullsFor(dto: CreateRationalisationActionDto): Partial<RationalisationAction> {
  return {
    benefit: dto.benefit ?? null,
    implementedOn: dto.implementedOn ?? null,
    stepsBefore: dto.stepsBefore ?? null,
    stepsAfter: dto.stepsAfter ?? null,
    requirementsBefore: dto.requirementsBefore ?? null,
    requirementsAfter: dto.requirementsAfter ?? null,
    daysBefore: dto.daysBefore ?? null,
    daysAfter: dto.daysAfter ?? null,
    feeBeforeGtq: dto.feeBeforeGtq ?? null,
    feeAfterGtq: dto.feeAfterGtq ?? null,
  };
}
