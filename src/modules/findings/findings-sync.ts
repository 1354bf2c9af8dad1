import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { InstitutionDay, InstitutionHistory } from '../scoring/as-of';
import { DetectedFinding, findingKey, institutionFindings, levelContradictions, requirementFindings } from './finding-rules';

/** Every finding of an institution on a day (pure): per requirement in force, per procedure's validated level, per institution. */
export function detectFindings(history: InstitutionHistory, day: InstitutionDay): DetectedFinding[] {
  const { m, data } = history;
  const out: DetectedFinding[] = [];
  for (const p of day.procedures) {
    for (const r of p.requirements) out.push(...requirementFindings(r, history.practices.get(r.id) ?? [], m));
    const level = p.record.currentLevel;
    for (const rule of levelContradictions(p.record, level, m.levelConsistency)) {
      out.push({
        kind: 'level_inconsistent',
        code: rule.code,
        subjectType: 'procedure',
        subjectId: p.record.id,
        procedureId: p.record.id,
        source: 'record',
        article: null,
        since: data.levelValidatedOn.get(p.record.id) ?? null,
        countsInScore: false,
        message: `${p.record.code}: el nivel ${level} validado no concuerda con el registro del trámite: ${rule.message}.`,
      });
    }
  }
  out.push(
    ...institutionFindings(data.institution.id, {
      today: day.day,
      hasApprovedPlan: day.hasApprovedPlan,
      levels: day.procedures.map((p) => p.record.currentLevel),
      activeInstitutionUsers: data.activeInstitutionUsers,
      deadlines: data.deadlines,
    }),
  );
  return out;
}

export interface StoredFinding {
  id: string;
  kind: string;
  code: string;
  subjectId: string;
  procedureId: string | null;
  source: string;
  article: string | null;
  /** MD5 (hex) of the stored message: compared, never read back in full. */
  messageHash: string;
  since: string;
  countsInScore: boolean;
  status: 'open' | 'resolved' | 'dismissed';
}

export interface FindingsSyncPlan {
  inserts: Array<DetectedFinding & { since: string }>;
  /** Open again (a resolved finding detected again) or refreshed (its text, source or date changed); dismissed ones keep their status. */
  updates: Array<{ id: string; finding: DetectedFinding & { since: string }; reopen: boolean }>;
  /** Open findings no longer detected. */
  resolves: string[];
}

/** MD5 hex of a text, as PostgreSQL's md5() gives it. */
export const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const sameContent = (e: StoredFinding, f: DetectedFinding, since: string) =>
  e.source === f.source &&
  e.article === f.article &&
  e.messageHash === md5(f.message) &&
  e.countsInScore === f.countsInScore &&
  e.procedureId === f.procedureId &&
  e.since === since;

/**
 * What to write so the stored findings match today's detection (pure): new ones open (dated by their own date, or today);
 * a resolved one detected again reopens; a changed one is refreshed; a dismissed one stays dismissed; open ones no longer
 * detected are resolved. A finding whose date is "since first detected" keeps its first date. Unchanged rows are not written.
 */
export function planFindingsSync(existing: readonly StoredFinding[], found: readonly DetectedFinding[], today: string): FindingsSyncPlan {
  const byKey = new Map(existing.map((e) => [findingKey(e.subjectId, e.kind as DetectedFinding['kind'], e.code), e]));
  const seen = new Set<string>();
  const plan: FindingsSyncPlan = { inserts: [], updates: [], resolves: [] };
  for (const f of found) {
    const key = findingKey(f.subjectId, f.kind, f.code);
    if (seen.has(key)) continue;
    seen.add(key);
    const e = byKey.get(key);
    if (!e) {
      plan.inserts.push({ ...f, since: f.since ?? today });
    } else if (e.status === 'resolved') {
      plan.updates.push({ id: e.id, finding: { ...f, since: f.since ?? today }, reopen: true });
    } else {
      const since = f.since ?? e.since;
      if (!sameContent(e, f, since)) plan.updates.push({ id: e.id, finding: { ...f, since }, reopen: false });
    }
  }
  for (const e of existing)
    if (e.status === 'open' && !seen.has(findingKey(e.subjectId, e.kind as DetectedFinding['kind'], e.code))) plan.resolves.push(e.id);
  return plan;
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

/**
 * Brings the institution's findings table in line with what was detected today, in the caller's transaction: one read of
 * the stored findings, then only the rows that change are written (set-based). Findings of founded citizens' reports
 * (kind citizen_report) are not detected from the data: the sync leaves them as the Commission wrote them.
 */
export async function syncFindings(
  em: EntityManager,
  institutionId: string,
  today: string,
  found: readonly DetectedFinding[],
): Promise<FindingsSyncPlan> {
  const existing = (await em.query(
    `SELECT id, kind, code, subject_id AS "subjectId", procedure_id AS "procedureId", source, article, md5(message) AS "messageHash", since::text AS since,
            counts_in_score AS "countsInScore", status
       FROM findings WHERE institution_id = $1 AND kind <> 'citizen_report'`,
    [institutionId],
  )) as StoredFinding[];
  const plan = planFindingsSync(existing, found, today);
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
  return plan;
}
