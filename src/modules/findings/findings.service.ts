import { Injectable } from '@nestjs/common';
import { Access, assertRole, institutionFilter } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { AppException } from '../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { DismissFindingDto, FindingQuery, FindingResponse } from './dto/finding.dto';
import { Finding } from './entities/finding.entity';

const WHAT = 'El hallazgo';

/** Findings the data raises (kept by each institution's scoring run): read by the institution and the Commission; dismissed by an analyst. */
@Injectable()
export class FindingsService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, q: FindingQuery): Promise<Page<FindingResponse>> {
    const institutionId = institutionFilter(actor, q.institutionId);
    return this.db.run(Access.forReading(actor, 'findings.list'), async ({ em }) => {
      const qb = em
        .getRepository(Finding)
        .createQueryBuilder('f')
        .where('f.status = :status', { status: q.status ?? 'open' })
        .orderBy('f.counts_in_score', 'DESC')
        .addOrderBy('f.kind', 'ASC')
        .addOrderBy('f.since', 'ASC')
        .addOrderBy('f.id', 'ASC');
      if (institutionId) qb.andWhere('f.institution_id = :institutionId', { institutionId });
      if (q.procedureId) qb.andWhere('f.procedure_id = :procedureId', { procedureId: q.procedureId });
      if (q.kind) qb.andWhere('f.kind = :kind', { kind: q.kind });
      const [rows, total] = await qb.skip(offsetOf(q)).take(q.pageSize).getManyAndCount();
      return pageOf(rows.map(FindingResponse.from), total, q);
    });
  }

  /**
   * An analyst dismisses a finding with a reason (audited): it stays dismissed whatever later runs detect, and a detected
   * prohibited practice stops counting in the score (the audit entry's effects queue the institution's recompute). A
   * practice the institution itself declared is not dismissed here: the requirement is corrected instead.
   */
  async dismiss(actor: Actor, id: string, dto: DismissFindingDto): Promise<FindingResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const access = await this.db.accessToRow(actor, Finding, id, WHAT, 'findings.dismiss');
    return this.db.run(access, async (tx) => {
      const current = await tx.findForWrite(Finding, id, WHAT);
      if (current.status === 'dismissed')
        throw AppException.conflict('El hallazgo ya fue descartado.', {
          dismissedAt: current.dismissedAt,
          dismissedBy: current.dismissedBy,
        });
      if (current.source === 'declared') {
        throw AppException.conflict(
          'La institución declaró esta práctica prohibida en el requisito; corrija el requisito en lugar de descartar el hallazgo.',
        );
      }
      const repo = tx.em.getRepository(Finding);
      const before = { ...current };
      const after = await repo.save(
        repo.merge(current, {
          status: 'dismissed',
          dismissedBy: actor.userId,
          dismissedAt: new Date(),
          dismissalReason: dto.reason.trim(),
        }),
      );
      await tx.audit({ entity: 'finding', entityId: id, action: 'dismiss', before, after });
      return FindingResponse.from(after);
    });
  }
}
