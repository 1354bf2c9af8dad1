import { Injectable } from '@nestjs/common';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { AnalystFollowQuery, AnalystFollowResponse, CreateAnalystFollowDto } from './dto/analyst-follow.dto';
import { COMMISSION_ROLES } from '../../common/auth/roles';

const ENTITY = 'analyst_follow';

const SELECT_FOLLOW = `
  SELECT f.id, f.user_id AS "userId", u.name AS "userName", u.email AS "userEmail", f.institution_id AS "institutionId",
         i.code AS "institutionCode", i.name AS "institutionName", f.created_at AS "createdAt", f.created_by AS "createdBy"
    FROM analyst_follows f
    JOIN users u ON u.id = f.user_id
    JOIN institutions i ON i.id = f.institution_id`;

interface FollowRow {
  id: string;
  user_id: string;
  institution_id: string;
  created_at: Date;
  created_by: string | null;
}

const auditable = (r: FollowRow) => ({ id: r.id, userId: r.user_id, institutionId: r.institution_id, createdAt: r.created_at, createdBy: r.created_by });

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
      const params: unknown[] = [];
      const cond: string[] = [];
      const add = (sql: string, v: unknown) => { params.push(v); cond.push(sql.replace('?', `$${params.length}`)); };
      if (q.userId) add('f.user_id = ?', q.userId);
      if (q.institutionId) add('f.institution_id = ?', q.institutionId);
      const where = cond.length ? `WHERE ${cond.join(' AND ')}` : '';
      const [{ total }] = (await em.query(`SELECT count(*)::int AS total FROM analyst_follows f ${where}`, params)) as Array<{ total: number }>;
      const items = (await em.query(
        `${SELECT_FOLLOW} ${where} ORDER BY i.name, u.name, f.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, q.pageSize, offsetOf(q)],
      )) as AnalystFollowResponse[];
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
    const access = actor.role === 'admin' ? Access.administrative(actor, 'analyst-follows.follow') : Access.institution(actor, dto.institutionId, 'analyst-follows.follow');
    return this.db.run(access, async (tx) => {
      const { em } = tx;
      const [institution] = (await em.query(`SELECT id, active FROM institutions WHERE id = $1`, [dto.institutionId])) as Array<{ id: string; active: boolean }>;
      if (!institution) throw AppException.notFound('La institución');
      if (!institution.active) throw AppException.badRequest('La institución está inactiva: no se le puede dar seguimiento.', [{ field: 'institutionId', messages: ['institución inactiva'] }]);
      const [user] = (await em.query(`SELECT role::text AS role, status::text AS status FROM users WHERE id = $1`, [userId])) as Array<{ role: string; status: string }>;
      if (!user || user.role !== 'analyst' || user.status !== 'active') {
        throw AppException.badRequest('La persona indicada no es un analista activo de la Comisión.', [{ field: 'userId', messages: ['debe ser un analista activo'] }]);
      }
      const inserted = (await em.query(
        `INSERT INTO analyst_follows (user_id, institution_id, created_by) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, institution_id) DO NOTHING
         RETURNING id, user_id, institution_id, created_at, created_by`,
        [userId, dto.institutionId, actor.userId],
      )) as FollowRow[];
      if (inserted.length) {
        await tx.audit({ institutionId: dto.institutionId, entity: ENTITY, entityId: inserted[0].id, action: 'follow', after: auditable(inserted[0]) });
      }
      const [follow] = (await em.query(`${SELECT_FOLLOW} WHERE f.user_id = $1 AND f.institution_id = $2`, [userId, dto.institutionId])) as AnalystFollowResponse[];
      return { follow, created: inserted.length > 0 };
    });
  }

  async unfollow(actor: Actor, id: string): Promise<void> {
    assertRole(actor, COMMISSION_ROLES);
    const remove = (institutionId: string | null) => async (tx: UnitOfWork) => {
      const [rows] = (await tx.em.query(
        `DELETE FROM analyst_follows WHERE id = $1 ${institutionId ? 'AND institution_id = $2 AND user_id = $3' : ''}
         RETURNING id, user_id, institution_id, created_at, created_by`,
        institutionId ? [id, institutionId, actor.userId] : [id],
      )) as [FollowRow[], number];
      if (!rows.length) throw AppException.notFound('El seguimiento');
      await tx.audit({ institutionId: rows[0].institution_id, entity: ENTITY, entityId: id, action: 'unfollow', before: auditable(rows[0]) });
    };
    if (actor.role === 'admin') return this.db.run(Access.administrative(actor, 'analyst-follows.unfollow'), remove(null));
    const [found] = (await this.db.run(Access.forReading(actor, 'analyst-follows.unfollow'), ({ em }) =>
      em.query(`SELECT user_id, institution_id FROM analyst_follows WHERE id = $1`, [id]),
    )) as Array<{ user_id: string; institution_id: string }>;
    if (!found) throw AppException.notFound('El seguimiento');
    if (found.user_id !== actor.userId) throw AppException.forbidden('Un analista solo puede dejar de dar seguimiento en su propio nombre.');
    return this.db.run(Access.institution(actor, found.institution_id, 'analyst-follows.unfollow'), remove(found.institution_id));
  }
}
