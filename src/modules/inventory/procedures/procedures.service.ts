import { Injectable } from '@nestjs/common';
import { Access, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { offsetOf, Page, PageQuery, pageOf } from '../../../common/pagination/page';
import { applySort } from '../../../common/pagination/sort';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { escapeLike, isUniqueViolation } from '../../../database/sql-helpers';
import { UnitOfWork } from '../../../database/unit-of-work';
import { diffFields } from '../rules/change-log';
import { ProcedureChange } from './change-log/entities/procedure-change.entity';
import { levelOutsideModel } from '../rules/maturity-level';
import { activeModelLevels } from '../rules/active-maturity-model';
import { RequirementsService } from './requirements/requirements.service';
import { CreateProcedureDto, ProcedureChangeResponse, ProcedureQuery, ProcedureResponse, UpdateProcedureDto } from './dto/procedure.dto';
import { Procedure } from './entities/procedure.entity';
import { latestAssessments, procedureDetails } from './procedure-level-facts';

/** Its audit entries emit entity.changed with ENTITY_EFFECTS.procedure: public data that can move the score. */
const ENTITY = 'procedure';

/** Fields whose changes go to the per-procedure change log (all published fields; none is personal data). */
const LOGGED_FIELDS = [
  'code',
  'name',
  'description',
  'output',
  'audience',
  'category',
  'lifeEvent',
  'foreignTrade',
  'prioritized',
  'channels',
  'onlineUrl',
  'formsUrl',
  'formsFree',
  'feeGtq',
  'legalBasis',
  'legalMaxDays',
  'actualMedianDays',
  'annualVolume',
  'inPersonVisits',
  'status',
  'mergedIntoId',
  'declaredLevel',
  'targetLevel',
  'targetDate',
  'lastReviewedAt',
] as const satisfies readonly (keyof Procedure)[];

const SORTABLE = {
  code: 'p.code',
  name: 'p.name',
  updatedAt: 'p.updated_at',
  createdAt: 'p.created_at',
  currentLevel: 'p.current_level',
  feeGtq: 'p.fee_gtq',
  annualVolume: 'p.annual_volume',
  actualMedianDays: 'p.actual_median_days',
};

@Injectable()
export class ProceduresService {
  constructor(
    private readonly db: Database,
    private readonly requirements: RequirementsService,
  ) {}

  async list(actor: Actor, query: ProcedureQuery): Promise<Page<ProcedureResponse>> {
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'procedures.list'), async (tx) => {
      const qb = tx.em.getRepository(Procedure).createQueryBuilder('p');
      if (institutionId) qb.andWhere('p.institution_id = :institutionId', { institutionId });
      if (query.status) qb.andWhere('p.status = :status', { status: query.status });
      if (query.level !== undefined) qb.andWhere('p.current_level = :level', { level: query.level });
      if (query.foreignTrade !== undefined) qb.andWhere('p.foreign_trade = :ft', { ft: query.foreignTrade });
      if (query.prioritized !== undefined) qb.andWhere('p.prioritized = :pr', { pr: query.prioritized });
      if (query.updatedSince) qb.andWhere('p.updated_at >= :since', { since: query.updatedSince });
      if (query.q) {
        qb.andWhere(`unaccent_immutable(lower(p.name || ' ' || p.code)) LIKE unaccent_immutable(lower(:q))`, {
          q: `%${escapeLike(query.q)}%`,
        });
      }
      applySort(qb, query.sort, SORTABLE, 'code');
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      const latest = await latestAssessments(
        tx.em,
        rows.map((r) => r.id),
      );
      return pageOf(
        rows.map((r) => ProcedureResponse.from(r, { latestAssessment: latest.get(r.id) ?? null })),
        total,
        query,
      );
    });
  }

  async get(actor: Actor, id: string): Promise<ProcedureResponse> {
    return this.db.run(Access.forReading(actor, 'procedures.get'), async (tx) => {
      const p = await tx.find(Procedure, id, 'El trámite');
      return ProcedureResponse.from(p, await procedureDetails(tx.em, p));
    });
  }

  async create(actor: Actor, dto: CreateProcedureDto): Promise<ProcedureResponse> {
    const access = Access.ownInstitution(actor, 'procedures.create');
    const { requirements = [], ...fields } = dto;
    try {
      return await this.db.run(access, async (tx) => {
        await checkLevels(tx, fields);
        const repo = tx.em.getRepository(Procedure);
        const procedure = await repo.save(
          repo.create({
            ...fields,
            institutionId: tx.institutionId,
            feeGtq: fields.feeGtq ?? null,
            inPersonVisits: fields.inPersonVisits ?? null,
            // Registering a procedure is reviewing it.
            lastReviewedAt: fields.lastReviewedAt ?? todayInGuatemala(),
            baselineDate: todayInGuatemala(),
            baselineRequirements: requirements.length,
            baselineDays: fields.actualMedianDays ?? null,
            baselineVisits: fields.inPersonVisits ?? null,
            baselineFeeGtq: fields.feeGtq ?? null,
          }),
        );
        await this.requirements.insertInitial(tx, procedure, requirements);
        await tx.changeLog({ procedureId: procedure.id, subject: 'procedure', subjectId: procedure.id, action: 'create' });
        await tx.audit({ entity: ENTITY, entityId: procedure.id, action: 'create', after: procedure });
        return ProcedureResponse.from(procedure, await procedureDetails(tx.em, procedure));
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_procedures_institution_code')) throw duplicateCode(dto.code);
      throw e;
    }
  }

  async update(actor: Actor, id: string, dto: UpdateProcedureDto): Promise<ProcedureResponse> {
    const access = Access.ownInstitution(actor, 'procedures.update');
    const { version, ...given } = dto;
    // Editing a procedure is reviewing it (unless the edit says when it was reviewed).
    const changes = { ...given, lastReviewedAt: given.lastReviewedAt ?? todayInGuatemala() };
    try {
      return await this.db.run(access, async (tx) => {
        await checkLevels(tx, changes);
        if (changes.mergedIntoId) {
          if (changes.mergedIntoId === id)
            throw AppException.badRequest(
              'Un trámite no puede fusionarse consigo mismo.',
              [{ field: 'mergedIntoId', messages: ['debe ser otro trámite'] }],
              ErrorCode.ValidationFailed,
            );
          await tx.find(Procedure, changes.mergedIntoId, 'El trámite');
        }
        const { before, after } = await tx.updateVersioned(Procedure, id, version, changes, 'El trámite', (merged) => {
          if (merged.status === 'merged' && !merged.mergedIntoId) {
            throw AppException.badRequest(
              'Indique en mergedIntoId el trámite que absorbe a este.',
              [{ field: 'mergedIntoId', messages: ['es obligatorio cuando status = merged'] }],
              ErrorCode.ValidationFailed,
            );
          }
          if (merged.status !== 'merged') merged.mergedIntoId = null;
        });
        const diff = diffFields(before, after, LOGGED_FIELDS);
        if (diff.length) {
          await tx.changeLog({
            procedureId: id,
            subject: 'procedure',
            subjectId: id,
            action: before.status !== after.status && after.status === 'eliminated' ? 'eliminate' : 'update',
            changes: diff,
          });
        }
        await tx.audit({ entity: ENTITY, entityId: id, action: 'update', before, after });
        return ProcedureResponse.from(after, await procedureDetails(tx.em, after));
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_procedures_institution_code')) throw duplicateCode(dto.code ?? '');
      throw e;
    }
  }

  /** The change log of one procedure (institution users and the Commission). */
  async changes(actor: Actor, id: string, query: PageQuery): Promise<Page<ProcedureChangeResponse>> {
    return this.db.run(Access.forReading(actor, 'procedures.changes'), async (tx) => {
      const procedure = await tx.find(Procedure, id, 'El trámite');
      const [rows, total] = await tx.em.getRepository(ProcedureChange).findAndCount({
        where: { procedureId: procedure.id, institutionId: procedure.institutionId },
        order: { id: 'DESC' },
        skip: offsetOf(query),
        take: query.pageSize,
      });
      return pageOf(
        rows.map((r) => ({ ...r })),
        total,
        query,
      );
    });
  }
}

/** declaredLevel and targetLevel, when given, must be levels of the active maturity model: 400 naming each field otherwise. */
async function checkLevels(tx: UnitOfWork, values: { declaredLevel?: number | null; targetLevel?: number | null }): Promise<void> {
  const given = LEVEL_FIELDS.filter((f) => typeof values[f] === 'number');
  if (!given.length) return;
  const levels = await activeModelLevels(tx.em);
  const problems = given.flatMap((field) => {
    const message = levelOutsideModel(values[field]!, levels);
    return message ? [{ field, messages: [message] }] : [];
  });
  if (problems.length) {
    throw AppException.badRequest(
      `Nivel de madurez no válido: ${problems.map((p) => `${p.field}: ${p.messages[0]}`).join('; ')}.`,
      problems,
      ErrorCode.ValidationFailed,
    );
  }
}

const LEVEL_FIELDS = ['declaredLevel', 'targetLevel'] as const;

const duplicateCode = (code: string) =>
  AppException.conflict(`Ya existe un trámite con el código ${code} en su institución.`, [{ field: 'code', messages: ['ya está en uso'] }]);
