import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Access, assertRole } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { findActiveModel } from '../rules/active-maturity-model';
import { ANY_ROLE, COMMISSION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { offsetOf, Page, pageOf, PageQuery } from '../../../common/pagination/page';
import { Database } from '../../../database/database.service';
import { isUniqueViolation } from '../../../database/sql-helpers';
import { CreateMaturityModelDto, MaturityModelResponse } from './dto/maturity-model.dto';
import { MaturityLevelDefinition, MaturityModel } from './entities/maturity-model.entity';
import { validateModelLevels } from '../rules/maturity-level';
import { LOCK_MODELS_SQL, MAX_MODEL_VERSION_SQL, MaxVersionRow } from './maturity-models.sql';

const ENTITY = 'maturity_model';

/**
 * The versioned maturity scale (a global table). Writes run in the administrative scope because their audit rows
 * belong to no institution, and only that scope can read such a row back (the insert returns it).
 * A version is never edited: analysts publish the next one and activate it;
 * assessments keep the model they were answered against, so a new version never changes old levels.
 */
@Injectable()
export class MaturityModelsService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: PageQuery): Promise<Page<MaturityModelResponse>> {
    assertRole(actor, ANY_ROLE);
    return this.db.run(Access.self(actor, 'maturity-models.list'), async (tx) => {
      const [rows, total] = await tx.em
        .getRepository(MaturityModel)
        .findAndCount({ order: { version: 'DESC' }, skip: offsetOf(query), take: query.pageSize });
      return pageOf(rows.map(MaturityModelResponse.from), total, query);
    });
  }

  async active(actor: Actor): Promise<MaturityModelResponse> {
    assertRole(actor, ANY_ROLE);
    return MaturityModelResponse.from(await this.db.run(Access.self(actor, 'maturity-models.active'), (tx) => this.activeModel(tx.em)));
  }

  async get(actor: Actor, id: string): Promise<MaturityModelResponse> {
    assertRole(actor, ANY_ROLE);
    return MaturityModelResponse.from(
      await this.db.run(Access.self(actor, 'maturity-models.get'), (tx) => tx.find(MaturityModel, id, 'El modelo de madurez')),
    );
  }

  /** Publishes the next version (inactive until someone activates it). */
  async create(actor: Actor, dto: CreateMaturityModelDto): Promise<MaturityModelResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const levels: MaturityLevelDefinition[] = dto.levels.map((l) => ({
      level: l.level,
      name: l.name.trim(),
      criteria: l.criteria.map((c) => ({ key: c.key, label: c.label.trim() })),
    }));
    const problems = validateModelLevels(levels);
    if (problems.length) {
      throw AppException.badRequest(
        `El modelo de madurez no es válido: ${problems.length === 1 ? 'hay 1 problema' : `hay ${problems.length} problemas`} en los niveles.`,
        problems,
        ErrorCode.ValidationFailed,
      );
    }
    try {
      return await this.db.run(Access.administrative(actor, 'maturity-models.create'), async (tx) => {
        await lockModels(tx.em);
        const [{ max }] = (await tx.em.query(MAX_MODEL_VERSION_SQL)) as MaxVersionRow[];
        const repo = tx.em.getRepository(MaturityModel);
        const saved = await repo.save(
          repo.create({ version: max + 1, name: dto.name.trim(), levels, active: false, createdBy: actor.userId }),
        );
        await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
        return MaturityModelResponse.from(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_maturity_models_version')) {
        throw AppException.conflict('Otra persona publicó una versión del modelo al mismo tiempo. Vuelva a intentarlo.');
      }
      throw e;
    }
  }

  /** Makes this version the only active one (in one transaction). Activating the active version changes nothing. */
  async activate(actor: Actor, id: string): Promise<MaturityModelResponse> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.administrative(actor, 'maturity-models.activate'), async (tx) => {
      await lockModels(tx.em);
      const repo = tx.em.getRepository(MaturityModel);
      const target = await tx.find(MaturityModel, id, 'El modelo de madurez');
      if (target.active) return MaturityModelResponse.from(target);
      const previous = await repo.find({ where: { active: true } });
      await repo.update({ active: true }, { active: false });
      await repo.update({ id }, { active: true });
      target.active = true;
      for (const m of previous) {
        await tx.audit({
          entity: ENTITY,
          entityId: m.id,
          action: 'deactivate',
          before: { active: true },
          after: { active: false, replacedBy: target.id },
        });
      }
      await tx.audit({
        entity: ENTITY,
        entityId: id,
        action: 'activate',
        before: { activeModels: previous.map((m) => ({ id: m.id, version: m.version })) },
        after: { activeModels: [{ id: target.id, version: target.version }] },
      });
      return MaturityModelResponse.from(target);
    });
  }

  /** The version new assessments are answered against, inside the caller's transaction. */
  async activeModel(em: EntityManager): Promise<MaturityModel> {
    const found = await findActiveModel(em);
    if (!found) {
      throw AppException.conflict(
        'No hay un modelo de madurez vigente. La Comisión debe activar una versión antes de recibir evaluaciones.',
      );
    }
    return found;
  }
}

/** Publishing and activating versions take turns, so versions never collide and exactly one stays active. */
async function lockModels(em: EntityManager): Promise<void> {
  await em.query(LOCK_MODELS_SQL);
}
