import { EntityManager } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter';
import { AnalystFollowResponse } from './dto/analyst-follow.dto';

/** A follow as stored: what writes return and the audit keeps. */
export interface FollowRow {
  id: string;
  user_id: string;
  institution_id: string;
  created_at: Date;
  created_by: string | null;
}

const FOLLOW_COLUMNS = 'id, user_id, institution_id, created_at, created_by';

const SELECT_FOLLOW = `
  SELECT f.id, f.user_id AS "userId", u.name AS "userName", u.email AS "userEmail", f.institution_id AS "institutionId",
         i.code AS "institutionCode", i.name AS "institutionName", f.created_at AS "createdAt", f.created_by AS "createdBy"
    FROM analyst_follows f
    JOIN users u ON u.id = f.user_id
    JOIN institutions i ON i.id = f.institution_id`;

/** One page of follows (by institution, then analyst), filtered by analyst and/or institution. */
export async function listFollows(
  em: EntityManager,
  q: { userId?: string; institutionId?: string },
  page: { limit: number; offset: number },
): Promise<{ total: number; items: AnalystFollowResponse[] }> {
  const f = new SqlFilter().where('f.user_id = ?', q.userId).where('f.institution_id = ?', q.institutionId);
  const [{ total }] = (await em.query(`SELECT count(*)::int AS total FROM analyst_follows f ${f.whereClause}`, f.params)) as Array<{
    total: number;
  }>;
  const items = (await em.query(
    `${SELECT_FOLLOW} ${f.whereClause} ORDER BY i.name, u.name, f.id LIMIT ${f.param(page.limit)} OFFSET ${f.param(page.offset)}`,
    f.params,
  )) as AnalystFollowResponse[];
  return { total, items };
}

export async function findFollow(em: EntityManager, userId: string, institutionId: string): Promise<AnalystFollowResponse | undefined> {
  const [follow] = (await em.query(`${SELECT_FOLLOW} WHERE f.user_id = $1 AND f.institution_id = $2`, [
    userId,
    institutionId,
  ])) as AnalystFollowResponse[];
  return follow;
}

/** Inserts the follow; nothing (an empty list) when it already exists. */
export function insertFollow(em: EntityManager, userId: string, institutionId: string, createdBy: string | null): Promise<FollowRow[]> {
  return em.query(
    `INSERT INTO analyst_follows (user_id, institution_id, created_by) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, institution_id) DO NOTHING
     RETURNING ${FOLLOW_COLUMNS}`,
    [userId, institutionId, createdBy],
  ) as Promise<FollowRow[]>;
}

/** Deletes a follow (only the given analyst's in the given institution, when `own` is set); the deleted rows. */
export async function deleteFollow(
  em: EntityManager,
  id: string,
  own?: { institutionId: string; userId: string | null | undefined },
): Promise<FollowRow[]> {
  const [rows] = (await em.query(
    `DELETE FROM analyst_follows WHERE id = $1 ${own ? 'AND institution_id = $2 AND user_id = $3' : ''} RETURNING ${FOLLOW_COLUMNS}`,
    own ? [id, own.institutionId, own.userId] : [id],
  )) as [FollowRow[], number];
  return rows;
}

export async function followOwner(em: EntityManager, id: string): Promise<Pick<FollowRow, 'user_id' | 'institution_id'> | undefined> {
  const [row] = (await em.query(`SELECT user_id, institution_id FROM analyst_follows WHERE id = $1`, [id])) as Array<
    Pick<FollowRow, 'user_id' | 'institution_id'>
  >;
  return row;
}

export async function institutionActive(em: EntityManager, id: string): Promise<{ id: string; active: boolean } | undefined> {
  const [row] = (await em.query(`SELECT id, active FROM institutions WHERE id = $1`, [id])) as Array<{ id: string; active: boolean }>;
  return row;
}

export async function userRoleAndStatus(em: EntityManager, id: string): Promise<{ role: string; status: string } | undefined> {
  const [row] = (await em.query(`SELECT role::text AS role, status::text AS status FROM users WHERE id = $1`, [id])) as Array<{
    role: string;
    status: string;
  }>;
  return row;
}
