import { Injectable } from '@nestjs/common';
import { institutionEvent } from '../../events/public-events';
import { Access, assertInstitutionAccess, assertRole } from '../../common/auth/access';
import { Actor, isCommission } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { escapeLike, isUniqueViolation } from '../../database/sql-helpers';
import { CreateInstitutionDto, InstitutionQuery, InstitutionResponse, UpdateInstitutionDto } from './dto/institution.dto';
import { Institution } from './entities/institution.entity';
import { defaultArticle } from '../../common/text/institution-name';
import { ADMIN_ROLES } from '../../common/auth/roles';

const ENTITY = 'institution';

@Injectable()
export class InstitutionsService {
  constructor(private readonly db: Database) {}

  /** Institution roles see their own institution; the Commission sees all. */
  async list(actor: Actor, query: InstitutionQuery): Promise<Page<InstitutionResponse>> {
    return this.db.run(Access.self(actor, 'institutions.list'), async (tx) => {
      const qb = tx.em.getRepository(Institution).createQueryBuilder('i').orderBy('i.code', 'ASC');
      if (!isCommission(actor)) qb.andWhere('i.id = :own', { own: actor.institutionId });
      if (query.type) qb.andWhere('i.type = :type', { type: query.type });
      if (query.coverage) qb.andWhere('i.coverage = :coverage', { coverage: query.coverage });
      if (query.q) {
        qb.andWhere(`(unaccent_immutable(i.name) ILIKE unaccent_immutable(:q) OR i.code ILIKE :q)`, { q: `%${escapeLike(query.q)}%` });
      }
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(InstitutionResponse.from), total, query);
    });
  }

  async get(actor: Actor, id: string): Promise<InstitutionResponse> {
    assertInstitutionAccess(actor, id);
    return InstitutionResponse.from(
      await this.db.run(Access.self(actor, 'institutions.get'), (tx) => tx.find(Institution, id, 'La institución')),
    );
  }

  async create(actor: Actor, dto: CreateInstitutionDto): Promise<InstitutionResponse> {
    assertRole(actor, ADMIN_ROLES);
    try {
      return await this.db.run(Access.administrative(actor, 'institutions.create'), async (tx) => {
        const saved = await tx.em
          .getRepository(Institution)
          .save(
            tx.em
              .getRepository(Institution)
              .create({ ...dto, article: dto.article === undefined ? defaultArticle(dto.name) : dto.article, active: true }),
          );
        await tx.audit({ institutionId: saved.id, entity: ENTITY, entityId: saved.id, action: 'create', after: saved });
        const event = institutionEvent('institution_created', saved.id, null, saved);
        if (event) tx.emit('public.changed', event);
        return InstitutionResponse.from(saved);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_institutions_code')) {
        throw AppException.conflict(`Ya existe una institución con las siglas ${dto.code}.`, { field: 'code' });
      }
      throw e;
    }
  }

  async update(actor: Actor, id: string, dto: UpdateInstitutionDto): Promise<InstitutionResponse> {
    assertInstitutionAccess(actor, id);
    assertRole(actor, ADMIN_ROLES);
    const { version, ...changes } = dto;
    try {
      return await this.db.run(Access.administrative(actor, 'institutions.update'), async (tx) => {
        const { before, after } = await tx.updateVersioned(Institution, id, version, changes, 'La institución', (merged) => {
          if (merged.coverage === 'opted_in' && (!merged.optedInAt || !merged.adhesionAct)) {
            throw AppException.badRequest(
              'Una institución adherida necesita la fecha y el acto de adhesión (optedInAt, adhesionAct).',
              [
                { field: 'optedInAt', messages: ['es obligatoria para instituciones adheridas'] },
                { field: 'adhesionAct', messages: ['es obligatorio para instituciones adheridas'] },
              ],
              ErrorCode.ValidationFailed,
            );
          }
        });
        await tx.audit({ institutionId: id, entity: ENTITY, entityId: id, action: 'update', before, after });
        const event = institutionEvent('institution_updated', id, before, after);
        if (event) tx.emit('public.changed', event);
        return InstitutionResponse.from(after);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'UQ_institutions_code')) {
        throw AppException.conflict(`Ya existe una institución con las siglas ${dto.code}.`, { field: 'code' });
      }
      throw e;
    }
  }
}
