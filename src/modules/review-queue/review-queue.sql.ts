import { EntityManager } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter';
import { ReviewKind, ReviewQueueItem } from './review-queue.dto';

/** Everything waiting for the Commission: submitted assessments, plans and reports, as one list. */
const WAITING = `
  SELECT 'assessment'::text AS kind, a.id, a.institution_id, a.created_at AS waiting_since,
         p.code || ' · ' || p.name AS title, a.resulting_level::int AS level, a.submitted_by
    FROM maturity_assessments a JOIN procedures p ON p.id = a.procedure_id
   WHERE a.status = 'submitted'
  UNION ALL
  SELECT 'plan', sp.id, sp.institution_id, COALESCE(sp.submitted_at, sp.updated_at),
         '«' || sp.title || '» (revisión ' || sp.revision || ')', NULL, NULL
    FROM simplification_plans sp
   WHERE sp.status = 'submitted'
  UNION ALL
  SELECT 'report', r.id, r.institution_id, r.updated_at, 'trimestre ' || r.quarter || ' de ' || r.year, NULL, r.submitted_by
    FROM progress_reports r
   WHERE r.status = 'submitted'`;

/** A queue line before the page decides what to show (the institution's article for sentences). */
export type ReviewQueueRow = ReviewQueueItem & { institutionArticle: string | null };

/** One page of the queue, oldest first, by kind and/or the institutions the viewer follows. */
export async function listWaiting(
  em: EntityManager,
  viewerId: string,
  q: { kind?: ReviewKind; followed?: boolean },
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: ReviewQueueRow[] }> {
  // $1: the viewer (who follows what); the count names it too, so every query uses every parameter
  const f = new SqlFilter([viewerId]);
  const viewer = '$1::uuid';
  f.where('w.kind = ?', q.kind).whereIf(
    q.followed,
    `EXISTS (SELECT 1 FROM analyst_follows af WHERE af.institution_id = w.institution_id AND af.user_id = ${viewer})`,
  );
  const [{ total }] = (await em.query(
    `SELECT (count(*) FILTER (WHERE ${viewer} IS NOT NULL))::int AS total FROM (${WAITING}) w ${f.whereClause}`,
    f.params,
  )) as Array<{
    total: number;
  }>;
  const rows = (await em.query(
    `SELECT w.kind, w.id, w.institution_id AS "institutionId", i.code AS "institutionCode", i.name AS "institutionName",
            i.article AS "institutionArticle", w.title, w.level, u.name AS "submittedByName", w.waiting_since AS "waitingSince",
            floor(extract(epoch FROM now() - w.waiting_since) / 86400)::int AS "ageDays",
            EXISTS (SELECT 1 FROM analyst_follows af WHERE af.institution_id = w.institution_id AND af.user_id = ${viewer}) AS followed
       FROM (${WAITING}) w
       JOIN institutions i ON i.id = w.institution_id
       LEFT JOIN users u ON u.id = w.submitted_by
       ${f.whereClause}
      ORDER BY w.waiting_since, w.id
      LIMIT ${f.param(page.limit)} OFFSET ${f.param(page.offset)}`,
    f.params,
  )) as ReviewQueueRow[];
  return { total, rows };
}
