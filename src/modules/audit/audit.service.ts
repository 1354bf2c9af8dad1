import { Injectable } from '@nestjs/common';
import { Access, assertInstitutionAccess } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditEventQuery, AuditEventResponse } from './dto/audit-event.dto';
import { AuditEvent } from './entities/audit-event.entity';
import { redactAuditEvent } from './audit-redaction';

/** Reading the audit trail. Entries are written by the unit of work (`tx.audit(...)`, see UnitOfWork). */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, query: AuditEventQuery): Promise<Page<AuditEventResponse>> {
    const institutionId = query.institutionId ?? actor.institutionId;
    const read = async ({ em }: UnitOfWork) => {
      const qb = em.getRepository(AuditEvent).createQueryBuilder('a').orderBy('a.id', 'DESC');
      if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
      if (query.entity) qb.andWhere('a.entity = :entity', { entity: query.entity });
      if (query.entityId) qb.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
      if (query.action) qb.andWhere('a.action = :action', { action: query.action });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf(
        rows.map((r) => redactAuditEvent(AuditEventResponse.from(r), actor.role)),
        total,
        query,
      );
    };
    if (institutionId) {
      assertInstitutionAccess(actor, institutionId);
      return actor.institutionId === institutionId
        ? this.db.run(Access.institution(actor, institutionId, 'audit.list'), read)
        : this.db.run(Access.acrossInstitutions(actor, 'audit.list'), read);
    }
    return this.db.run(Access.acrossInstitutions(actor, 'audit.list'), read);
  }
}
