import { Injectable } from '@nestjs/common';
import { Access, assertRole } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { AppException } from '../../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { Database } from '../../../database/database.service';
import { isUniqueViolation } from '../../../database/sql-helpers';
import { CreateLegalDeadlineDto, LegalDeadlineQuery, LegalDeadlineResponse, UpdateLegalDeadlineDto } from './dto/legal-deadline.dto';
import { LegalDeadline } from './entities/legal-deadline.entity';
import { ADMIN_ROLES } from '../../../common/auth/roles';

const ENTITY = 'legal_deadline';
const WHAT = 'El plazo legal';
const CODE_UNIQUE = 'UQ_legal_deadlines_code';

const duplicateCode = (code?: string) =>
  AppException.conflict(`Ya existe un plazo legal con el código ${code ?? 'indicado'}.`, { field: 'code' });

/**
 * Legal deadlines of the transitory articles, kept as data because sources disagree on some dates: everyone
 * signed in reads them, administrators edit them. They belong to no institution (audited with institutionId null).
 */
@Injectable()
export class LegalDeadlinesService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: LegalDeadlineQuery): Promise<Page<LegalDeadlineResponse>> {
    return this.db.run(Access.self(actor, 'legal_deadlines.list'), async (tx) => {
      const qb = tx.em.getRepository(LegalDeadline).createQueryBuilder('d').orderBy('d.dueDate', 'ASC').addOrderBy('d.code', 'ASC');
      if (query.coverage) qb.andWhere('d.coverage = :coverage', { coverage: query.coverage });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(LegalDeadlineResponse.from), total, query);
    });
  }

  async get(actor: Actor, id: string): Promise<LegalDeadlineResponse> {
    return LegalDeadlineResponse.from(
      await this.db.run(Access.self(actor, 'legal_deadlines.get'), (tx) => tx.find(LegalDeadline, id, WHAT)),
    );
  }

  async create(actor: Actor, dto: CreateLegalDeadlineDto): Promise<LegalDeadlineResponse> {
    assertRole(actor, ADMIN_ROLES);
    try {
      return await this.db.run(Access.administrative(actor, 'legal_deadlines.create'), async (tx) => {
        const repo = tx.em.getRepository(LegalDeadline);
        const saved = await repo.save(
          repo.create({ ...dto, description: dto.description ?? null, legalReference: dto.legalReference ?? null }),
        );
        await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
        return LegalDeadlineResponse.from(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e, CODE_UNIQUE)) throw duplicateCode(dto.code);
      throw e;
    }
  }

  async update(actor: Actor, id: string, dto: UpdateLegalDeadlineDto): Promise<LegalDeadlineResponse> {
    assertRole(actor, ADMIN_ROLES);
    const { version, ...changes } = dto;
    try {
      return await this.db.run(Access.administrative(actor, 'legal_deadlines.update'), async (tx) => {
        const { before, after } = await tx.updateVersioned(LegalDeadline, id, version, changes, WHAT);
        await tx.audit({ entity: ENTITY, entityId: id, action: 'update', before, after });
        return LegalDeadlineResponse.from(after);
      });
    } catch (e) {
      if (isUniqueViolation(e, CODE_UNIQUE)) throw duplicateCode(dto.code);
      throw e;
    }
  }

  async remove(actor: Actor, id: string): Promise<void> {
    assertRole(actor, ADMIN_ROLES);
    await this.db.run(Access.administrative(actor, 'legal_deadlines.delete'), async (tx) => {
      const found = await tx.findForWrite(LegalDeadline, id, WHAT);
      await tx.em.getRepository(LegalDeadline).delete({ id });
      await tx.audit({ entity: ENTITY, entityId: id, action: 'delete', before: found });
    });
  }
}
