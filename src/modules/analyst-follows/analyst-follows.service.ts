import { Injectable } from '@nestjs/common';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import {
  deleteFollow,
  findFollow,
  FollowRow,
  followOwner,
  insertFollow,
  institutionActive,
  listFollows,
  userRoleAndStatus,
} from './analyst-follows.sql';
import { AnalystFollowQuery, AnalystFollowResponse, CreateAnalystFollowDto } from './dto/analyst-follow.dto';
import { COMMISSION_ROLES } from '../../common/auth/roles';

const ENTITY = 'analyst_follow';

const auditable = (r: FollowRow) => ({
  id: r.id,
  userId: r.user_id,
  institutionId: r.institution_id,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/**
 * Which Commission analysts follow which institutions (they receive its escalations and score drops). Commission staff
 * read the list; an analyst follows and unfollows in their own name, an administrator for any active analyst.
 * Following is idempotent; each follow and unfollow is audited under the institution.
 */
@Injectable()
export class AnalystFollowsService {
  constructor(private readonly db: Database) {}

  async list(actor: Actor, q: AnalystFollowQuery): Promise<Page<AnalystFollowResponse>> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.forReading(actor, 'analyst-follows.list'), async ({ em }) => {
      const { total, items } = await listFollows(
        em,
        { userId: q.userId || undefined, institutionId: q.institutionId || undefined },
        { limit: q.pageSize, offset: offsetOf(q) },
      );
      return pageOf(items, total, q);
    });
  }

  /** Follows an institution; following again returns the existing follow (`created: false`) and writes nothing. */
  async follow(actor: Actor, dto: CreateAnalystFollowDto): Promise<{ follow: AnalystFollowResponse; created: boolean }> {
    assertRole(actor, COMMISSION_ROLES);
    const userId = dto.userId ?? actor.userId!;
    if (actor.role === 'analyst' && userId !== actor.userId) {
      throw AppException.forbidden('Un analista solo puede dar seguimiento a instituciones en su propio nombre.');
    }
    // An analyst writes in the institution's scope as themselves; administrators assign others in the administrators' scope.
    const access =
      actor.role === 'admin'
        ? Access.administrative(actor, 'analyst-follows.follow')
        : Access.institution(actor, dto.institutionId, 'analyst-follows.follow');
    return this.db.run(access, async (tx) => {
      const { em } = tx;
      const institution = await institutionActive(em, dto.institutionId);
      if (!institution) throw AppException.notFound('La institución');
      if (!institution.active)
        throw AppException.badRequest('La institución está inactiva: no se le puede dar seguimiento.', [
          { field: 'institutionId', messages: ['institución inactiva'] },
        ]);
      const user = await userRoleAndStatus(em, userId);
      if (!user || user.role !== 'analyst' || user.status !== 'active') {
        throw AppException.badRequest('La persona indicada no es un analista activo de la Comisión.', [
          { field: 'userId', messages: ['debe ser un analista activo'] },
        ]);
      }
      const inserted = await insertFollow(em, userId, dto.institutionId, actor.userId ?? null);
      if (inserted.length) {
        await tx.audit({
          institutionId: dto.institutionId,
          entity: ENTITY,
          entityId: inserted[0].id,
          action: 'follow',
          after: auditable(inserted[0]),
        });
      }
      const follow = (await findFollow(em, userId, dto.institutionId)) as AnalystFollowResponse;
      return { follow, created: inserted.length > 0 };
    });
  }

  async unfollow(actor: Actor, id: string): Promise<void> {
    assertRole(actor, COMMISSION_ROLES);
    const remove = (institutionId: string | null) => async (tx: UnitOfWork) => {
      const rows = await deleteFollow(tx.em, id, institutionId ? { institutionId, userId: actor.userId } : undefined);
      if (!rows.length) throw AppException.notFound('El seguimiento');
      await tx.audit({
        institutionId: rows[0].institution_id,
        entity: ENTITY,
        entityId: id,
        action: 'unfollow',
        before: auditable(rows[0]),
      });
    };
    if (actor.role === 'admin') return this.db.run(Access.administrative(actor, 'analyst-follows.unfollow'), remove(null));
    const found = await this.db.run(Access.forReading(actor, 'analyst-follows.unfollow'), ({ em }) => followOwner(em, id));
    if (!found) throw AppException.notFound('El seguimiento');
    if (found.user_id !== actor.userId)
      throw AppException.forbidden('Un analista solo puede dejar de dar seguimiento en su propio nombre.');
    return this.db.run(Access.institution(actor, found.institution_id, 'analyst-follows.unfollow'), remove(found.institution_id));
  }
}
