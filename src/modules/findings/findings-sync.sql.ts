import { EntityManager } from 'typeorm';
import { DetectedFinding } from './finding-rules';
import type { FindingsSyncPlan, StoredFinding } from './findings-sync';

/** The findings synchronisation's statements: findings-sync.ts plans what changes, these read and write. */

/** Every finding of the institution, its message as an MD5 (compared, never read back in full). */
export function storedFindings(em: EntityManager, institutionId: string): Promise<StoredFinding[]> {
  return em.query(
    `SELECT id, kind, code, subject_id AS "subjectId", procedure_id AS "procedureId", source, article, md5(message) AS "messageHash", since::text AS since,
            counts_in_score AS "countsInScore", status
       FROM findings WHERE institution_id = $1`,
    [institutionId],
  ) as Promise<StoredFinding[]>;
}

const FINDING_RECORD = `kind text, code text, subject_type text, subject_id uuid, procedure_id uuid, source text, article text, since date, message text,
  counts_in_score boolean`;
const findingJson = (f: DetectedFinding & { since: string }, extra: object = {}) => ({
  kind: f.kind,
  code: f.code,
  subject_type: f.subjectType,
  subject_id: f.subjectId,
  procedure_id: f.procedureId,
  source: f.source,
  article: f.article,
  since: f.since,
  message: f.message,
  counts_in_score: f.countsInScore,
  ...extra,
});

/** Writes a plan set-based: one INSERT of the new findings, one UPDATE of the changed ones, one UPDATE of those resolved. */
export async function writeFindingsPlan(em: EntityManager, institutionId: string, today: string, plan: FindingsSyncPlan): Promise<void> {
  if (plan.inserts.length) {
    await em.query(
      `INSERT INTO findings (institution_id, kind, code, subject_type, subject_id, procedure_id, source, article, since, message, counts_in_score,
                             status, first_detected_on, last_detected_on)
       SELECT $1, d.kind::finding_kind, d.code, d.subject_type::finding_subject, d.subject_id, d.procedure_id, d.source::finding_source, d.article,
              d.since, d.message, d.counts_in_score, 'open', $2, $2
         FROM jsonb_to_recordset($3::jsonb) AS d(${FINDING_RECORD})`,
      [institutionId, today, JSON.stringify(plan.inserts.map((f) => findingJson(f)))],
    );
  }
  if (plan.updates.length) {
    await em.query(
      `UPDATE findings f SET source = d.source::finding_source, article = d.article, message = d.message, counts_in_score = d.counts_in_score,
              procedure_id = d.procedure_id, since = d.since, last_detected_on = $2,
              status = CASE WHEN d.reopen THEN 'open'::finding_status ELSE f.status END,
              resolved_on = CASE WHEN d.reopen THEN NULL ELSE f.resolved_on END,
              version = f.version + 1, updated_at = now()
         FROM jsonb_to_recordset($3::jsonb) AS d(id uuid, reopen boolean, ${FINDING_RECORD})
        WHERE f.id = d.id AND f.institution_id = $1`,
      [institutionId, today, JSON.stringify(plan.updates.map((u) => findingJson(u.finding, { id: u.id, reopen: u.reopen })))],
    );
  }
  if (plan.resolves.length) {
    await em.query(
      `UPDATE findings SET status = 'resolved', resolved_on = $2, version = version + 1, updated_at = now() WHERE institution_id = $1 AND id = ANY($3::uuid[])`,
      [institutionId, today, plan.resolves],
    );
  }
}
