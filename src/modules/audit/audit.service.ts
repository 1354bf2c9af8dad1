import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../../common/auth/actor';
import { assertInstitutionAccess } from '../../common/auth/access';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { AuditEntry } from '../../database/unit-of-work';
import { AuditEventQuery, AuditEventResponse } from './dto/audit-event.dto';
import { AuditEvent } from './entities/audit-event.entity';

/** Reading the audit trail. Entries are written by the unit of work (`tx.audit(...)`, see UnitOfWork). */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  /** Transitional: records through the unit of work that owns `em`. */
  async record(em: EntityManager, actor: Actor, entry: Omit<AuditEntry, 'actor'> & { institutionId: string | null }): Promise<void> {
    await this.db.unitOfWork(em).audit({ ...entry, actor });
  }

  async list(actor: Actor, query: AuditEventQuery): Promise<Page<AuditEventResponse>> {
    const institutionId = query.institutionId ?? actor.institutionId;
    const read = async (em: EntityManager) => {
      const qb = em.getRepository(AuditEvent).createQueryBuilder('a').orderBy('a.id', 'DESC');
      if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
      if (query.entity) qb.andWhere('a.entity = :entity', { entity: query.entity });
      if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
      if (query.action) qb.andWhere('a.action = :action', { action: query.action });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(rows.map(AuditEventResponse.from), total, query);
    };
    if (institutionId) {
      assertInstitutionAccess(actor, institutionId);
      return actor.institutionId === institutionId
        ? this.db.inInstitution(actor, institutionId, read)
        : this.db.acrossInstitutions(actor, 'audit.list', read);
    }
    return this.db.acrossInstitutions(actor, 'audit.list', read);
  }
}
