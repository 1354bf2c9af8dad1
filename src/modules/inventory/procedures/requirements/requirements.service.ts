import { Injectable } from '@nestjs/common';
import { Access } from '../../../../common/auth/access';
import { Actor } from '../../../../common/auth/actor';
import { AppException } from '../../../../common/errors/app.exception';
import { ErrorCode } from '../../../../common/errors/error-code';
import { todayInGuatemala } from '../../../../common/time/guatemala-time';
import { Database } from '../../../../database/database.service';
import { UnitOfWork } from '../../../../database/unit-of-work';
import { ChangeEntry, diffFields } from '../../rules/change-log';
import { Procedure } from '../entities/procedure.entity';
import {
  CreateRequirementDto,
  EndRequirementDto,
  RequirementList,
  RequirementQuery,
  RequirementResponse,
  UpdateRequirementDto,
} from './dto/requirement.dto';
import { Requirement } from './entities/requirement.entity';
import { requirementInForceSql } from '../../rules/requirement-in-force';

const ENTITY = 'requirement';
const LOGGED_FIELDS = [
  'name',
  'evidenceType',
  'issuer',
  'issuerInstitution',
  'legalBasisType',
  'legalBasisReference',
  'obtainableByInteroperability',
  'prohibited',
  'prohibitedKind',
] as const satisfies readonly (keyof Requirement)[];

/** Requirements in force on a day: started on or before it and not yet ended (the end date is exclusive). */
const IN_FORCE_ON = requirementInForceSql('r', ':day');

@Injectable()
export class RequirementsService {
  constructor(private readonly db: Database) {}

  /** Requirements of a procedure in force on `asOf` (default today in Guatemala), or the whole history. */
  async list(actor: Actor, procedureId: string, query: RequirementQuery): Promise<RequirementList> {
    return this.db.run(Access.forReading(actor, 'requirements.list'), async (tx) => {
      const procedure = await tx.find(Procedure, procedureId, 'El trámite');
      const qb = tx.em
        .getRepository(Requirement)
        .createQueryBuilder('r')
        .where('r.procedure_id = :procedureId AND r.institution_id = :inst', { procedureId, inst: procedure.institutionId })
        .orderBy('r.effective_from', 'ASC')
        .addOrderBy('r.name', 'ASC');
      const asOf = query.history === 'true' ? null : (query.asOf ?? todayInGuatemala());
      if (asOf) qb.andWhere(IN_FORCE_ON, { day: asOf });
      return { asOf, items: (await qb.getMany()).map(RequirementResponse.from) };
    });
  }

  async get(actor: Actor, id: string): Promise<RequirementResponse> {
    return RequirementResponse.from(
      await this.db.run(Access.forReading(actor, 'requirements.get'), (tx) => tx.find(Requirement, id, 'El requisito')),
    );
  }

  async create(actor: Actor, procedureId: string, dto: CreateRequirementDto): Promise<RequirementResponse> {
    return this.db.run(Access.ownInstitution(actor, 'requirements.create'), async (tx) => {
      const procedure = await tx.find(Procedure, procedureId, 'El trámite');
      if (procedure.status !== 'active') throw AppException.conflict('El trámite no está vigente; no se le pueden agregar requisitos.');
      return RequirementResponse.from(await this.insert(tx, procedure, dto));
    });
  }

  /** Inserts one requirement in the caller's unit of work, logged and audited on its own. */
  private async insert(tx: UnitOfWork, procedure: Procedure, dto: CreateRequirementDto): Promise<Requirement> {
    const repo = tx.em.getRepository(Requirement);
    const saved = await repo.save(repo.create(newRequirement(procedure, dto)));
    await tx.changeLog(createdEntry(saved));
    await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
    return saved;
  }

  /**
   * Inserts the initial requirements of a procedure being created, in the caller's unit of work: one multi-row INSERT,
   * one change-log call (a "create" entry per requirement) and one audit row on the procedure listing them all.
   */
  async insertInitial(tx: UnitOfWork, procedure: Procedure, dtos: readonly CreateRequirementDto[]): Promise<Requirement[]> {
    if (!dtos.length) return [];
    const repo = tx.em.getRepository(Requirement);
    const rows = dtos.map((dto) => repo.create(newRequirement(procedure, dto)));
    const { generatedMaps } = await repo.insert(rows);
    const saved = rows.map((row, i) => repo.merge(row, generatedMaps[i] as Partial<Requirement>));
    await tx.changeLog(saved.map(createdEntry));
    await tx.audit({ entity: 'procedure', entityId: procedure.id, action: 'add_requirements', after: { requirements: saved } });
    return saved;
  }

  async update(actor: Actor, id: string, dto: UpdateRequirementDto): Promise<RequirementResponse> {
    const access = Access.ownInstitution(actor, 'requirements.update');
    const { version, ...changes } = dto;
    const patch = { ...changes, ...(changes.prohibitedKind !== undefined ? { prohibited: changes.prohibitedKind !== null } : {}) };
    return this.db.run(access, async (tx) => {
      const { before, after } = await tx.updateVersioned(Requirement, id, version, patch, 'El requisito', (merged, current) => {
        assertActive(current);
        if (merged.issuer === 'other_institution' && !merged.issuerInstitution) {
          throw AppException.badRequest(
            'Indique qué institución emite el requisito (issuerInstitution).',
            [{ field: 'issuerInstitution', messages: ['es obligatoria cuando el emisor es otra institución'] }],
            ErrorCode.ValidationFailed,
          );
        }
      });
      const diff = diffFields(before, after, LOGGED_FIELDS);
      if (diff.length)
        await tx.changeLog({ procedureId: after.procedureId, subject: 'requirement', subjectId: id, action: 'update', changes: diff });
      await tx.audit({ entity: ENTITY, entityId: id, action: 'update', before, after });
      return RequirementResponse.from(after);
    });
  }

  /**
   * Ends a requirement on a date (eliminated, simplified or replaced by interoperability): a dated change,
   * never a delete — the requirement stays in the history of the days it applied.
   */
  async end(actor: Actor, id: string, dto: EndRequirementDto): Promise<RequirementResponse> {
    const access = Access.ownInstitution(actor, 'requirements.end');
    const effectiveTo = dto.effectiveTo ?? todayInGuatemala();
    const status = dto.status ?? 'eliminated';
    return this.db.run(access, async (tx) => {
      const endedByAct = dto.act?.trim() || null;
      const { before, after } = await tx.updateVersioned(
        Requirement,
        id,
        dto.version,
        { effectiveTo, status, endedByAct },
        'El requisito',
        (merged, current) => {
          assertActive(current);
          if (effectiveTo < merged.effectiveFrom) {
            throw AppException.badRequest(
              `La fecha de baja (${effectiveTo}) no puede ser anterior a la de vigencia (${merged.effectiveFrom}).`,
              [{ field: 'effectiveTo', messages: ['es anterior a effectiveFrom'] }],
              ErrorCode.ValidationFailed,
            );
          }
        },
      );
      await tx.changeLog({
        procedureId: after.procedureId,
        subject: 'requirement',
        subjectId: id,
        action: 'eliminate',
        changes: [
          { field: 'status', oldValue: before.status, newValue: after.status },
          { field: 'effectiveTo', oldValue: null, newValue: after.effectiveTo },
          ...(endedByAct ? [{ field: 'endedByAct', oldValue: null, newValue: endedByAct }] : []),
        ],
      });
      await tx.audit({ entity: ENTITY, entityId: id, action: 'end', before, after });
      return RequirementResponse.from(after);
    });
  }
}

/** The row of a new requirement of this procedure, in force from its effectiveFrom (default today in Guatemala). */
function newRequirement(procedure: Procedure, dto: CreateRequirementDto): Partial<Requirement> {
  return {
    ...dto,
    institutionId: procedure.institutionId,
    procedureId: procedure.id,
    issuerInstitution: dto.issuer === 'other_institution' ? dto.issuerInstitution : (dto.issuerInstitution ?? null),
    prohibited: Boolean(dto.prohibitedKind),
    prohibitedKind: dto.prohibitedKind ?? null,
    effectiveFrom: dto.effectiveFrom ?? todayInGuatemala(),
    status: 'active',
  };
}

const createdEntry = (r: Requirement): ChangeEntry => ({
  institutionId: r.institutionId,
  procedureId: r.procedureId,
  subject: 'requirement',
  subjectId: r.id,
  action: 'create',
  changes: [{ field: 'name', oldValue: null, newValue: r.name }],
});

/** History is not rewritten: only requirements in force can be edited or ended. */
function assertActive(current: Requirement): void {
  if (current.status !== 'active') {
    throw AppException.conflict(`El requisito ya no está vigente (estado ${current.status}); su historia no se modifica.`);
  }
}
