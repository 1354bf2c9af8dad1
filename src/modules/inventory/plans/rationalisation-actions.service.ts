import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { assertRole, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { INSTITUTION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { updateVersioned } from '../../../database/versioned-update';
import { AuditService } from '../../audit/audit.service';
import { escapeLike } from '../../../database/sql-helpers';
import { Procedure } from '../procedures/entities/procedure.entity';
import { ProcedureLookup } from '../procedures/procedure-lookup.service';
import {
  CreateRationalisationActionDto, ProcedureActionsQuery, RationalisationActionQuery, RationalisationActionResponse, UpdateRationalisationActionDto,
} from './dto/rationalisation-action.dto';
import { RationalisationAction } from './entities/rationalisation-action.entity';
import { assertNotFuture } from './plan-rules';
import { applySort } from './query-helpers';
import { ownInstitution, visibleWhere } from '../../../database/tenant-scope';

const ENTITY = 'rationalisation_action';
const WHAT = 'La acción de racionalización';

const SORTS = { createdAt: 'a.createdAt', updatedAt: 'a.updatedAt', implementedOn: 'a.implementedOn', type: 'a.type' };

/** Rationalisation actions (normativa / administrativa / tecnológica) on a procedure, with before/after figures. */
@Injectable()
export class RationalisationActionsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly procedures: ProcedureLookup,
  ) {}

  async list(actor: Actor, query: RationalisationActionQuery): Promise<Page<RationalisationActionResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.forReading(actor, 'rationalisation_actions.list', async (em) => {
      const qb = em.getRepository(RationalisationAction).createQueryBuilder('a').leftJoinAndSelect('a.procedure', 'p');
      if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
      if (query.type) qb.andWhere('a.type = :type', { type: query.type });
      if (query.procedureId) qb.andWhere('a.procedure_id = :procedureId', { procedureId: query.procedureId });
      if (query.updatedSince) qb.andWhere('a.updated_at >= :since', { since: query.updatedSince });
      if (query.q) {
        qb.andWhere('(unaccent_immutable(a.description) ILIKE unaccent_immutable(:q) OR p.code ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
      }
      applySort(qb, query.sort, SORTS, '-createdAt');
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(RationalisationActionResponse.from), total, query);
    });
  }

  /** The actions of one procedure (404 when the procedure is not within the caller's reach). */
  async listForProcedure(actor: Actor, procedureId: string, query: ProcedureActionsQuery): Promise<Page<RationalisationActionResponse>> {
    return this.db.forReading(actor, 'rationalisation_actions.list_for_procedure', async (em) => {
      const procedure = await em.getRepository(Procedure).findOne({ where: visibleWhere<Procedure>(actor, procedureId) });
      if (!procedure) throw AppException.notFound('El trámite');
      const [rows, total] = await em.getRepository(RationalisationAction).findAndCount({
        where: { procedureId, institutionId: procedure.institutionId, ...(query.type ? { type: query.type } : {}) },
        order: { createdAt: 'DESC', id: 'ASC' }, skip: offsetOf(query), take: query.pageSize,
      });
      return pageOf(rows.map((a) => RationalisationActionResponse.from(Object.assign(a, { procedure }))), total, query);
    });
  }

  async get(actor: Actor, id: string): Promise<RationalisationActionResponse> {
    const found = await this.db.forReading(actor, 'rationalisation_actions.get', (em) =>
      em.getRepository(RationalisationAction).findOne({ where: visibleWhere<RationalisationAction>(actor, id), relations: { procedure: true } }),
    );
    if (!found) throw AppException.notFound(WHAT);
    return RationalisationActionResponse.from(found);
  }

  async create(actor: Actor, procedureId: string, dto: CreateRationalisationActionDto): Promise<RationalisationActionResponse> {
    assertRole(actor, INSTITUTION_ROLES);
    const institutionId = ownInstitution(actor);
    if (dto.implementedOn) assertNotFuture('implementedOn', dto.implementedOn, todayInGuatemala());
    return this.db.inInstitution(actor, institutionId, async (em) => {
      const procedure = await this.procedures.findInInstitution(em, institutionId, procedureId);
      const repo = em.getRepository(RationalisationAction);
      const saved = await repo.save(repo.create({ ...nullsFor(dto), institutionId, procedureId, type: dto.type, description: dto.description }));
      await this.audit.record(em, actor, { institutionId, entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
      return RationalisationActionResponse.from(Object.assign(saved, { procedure }));
    });
  }

  async update(actor: Actor, id: string, dto: UpdateRationalisationActionDto): Promise<RationalisationActionResponse> {
    assertRole(actor, INSTITUTION_ROLES);
    const institutionId = ownInstitution(actor);
    const { version, ...changes } = dto;
    if (changes.implementedOn) assertNotFuture('implementedOn', changes.implementedOn, todayInGuatemala());
    return this.db.inInstitution(actor, institutionId, async (em) => {
      const { before, after } = await updateVersioned(em, RationalisationAction, { id, institutionId }, version, changes, WHAT);
      await this.audit.record(em, actor, { institutionId, entity: ENTITY, entityId: id, action: 'update', before, after });
      return RationalisationActionResponse.from(Object.assign(after, { procedure: await this.procedureOf(em, after) }));
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertRole(actor, INSTITUTION_ROLES);
    const institutionId = ownInstitution(actor);
    await this.db.inInstitution(actor, institutionId, async (em) => {
      const found = await em.getRepository(RationalisationAction).findOne({ where: { id, institutionId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw AppException.notFound(WHAT);
      await em.getRepository(RationalisationAction).delete({ id, institutionId });
      await this.audit.record(em, actor, { institutionId, entity: ENTITY, entityId: id, action: 'delete', before: found });
    });
  }

  private async procedureOf(em: EntityManager, action: RationalisationAction): Promise<Procedure | undefined> {
    return (await em.getRepository(Procedure).findOne({ where: { id: action.procedureId, institutionId: action.institutionId } })) ?? undefined;
  }
}

/** Optional figures left out of a new action are stored as null. */
function nullsFor(dto: CreateRationalisationActionDto): Partial<RationalisationAction> {
  return {
    benefit: dto.benefit ?? null, implementedOn: dto.implementedOn ?? null,
    stepsBefore: dto.stepsBefore ?? null, stepsAfter: dto.stepsAfter ?? null,
    requirementsBefore: dto.requirementsBefore ?? null, requirementsAfter: dto.requirementsAfter ?? null,
    daysBefore: dto.daysBefore ?? null, daysAfter: dto.daysAfter ?? null,
    feeBeforeGtq: dto.feeBeforeGtq ?? null, feeAfterGtq: dto.feeAfterGtq ?? null,
  };
}
