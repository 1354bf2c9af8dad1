import { EntityManager } from 'typeorm';
import type { InstitutionDay, InstitutionHistory } from '../scoring/as-of';
import { DetectedFinding, institutionFindings, levelContradictions, requirementFindings } from './finding-rules';

/** Every finding of an institution on a day (pure): per requirement in force, per procedure's validated level, per institution. */
export function detectFindings(history: InstitutionHistory, day: InstitutionDay): DetectedFinding[] {
  const { m, data } = history;
  const out: DetectedFinding[] = [];
  for (const p of day.procedures) {
    for (const r of p.requirements) out.push(...requirementFindings(r, history.practices.get(r.id) ?? [], m));
    const level = p.record.currentLevel;
    for (const rule of levelContradictions(p.record, level, m.levelConsistency)) {
      out.push({
        kind: 'level_inconsistent', code: rule.code, subjectType: 'procedure', subjectId: p.record.id, procedureId: p.record.id, source: 'record',
        article: null, since: data.levelValidatedOn.get(p.record.id) ?? null, countsInScore: false,
        message: `${p.record.code}: el nivel ${level} validado no concuerda con el registro del trámite: ${rule.message}.`,
      });
    }
  }
  out.push(...institutionFindings(data.institution.id, {
    today: day.day,
    hasApprovedPlan: day.hasApprovedPlan,
    levels: day.procedures.map((p) => p.record.currentLevel),
    activeInstitutionUsers: data.activeInstitutionUsers,
    deadlines: data.deadlines,
  }));
  return out;
}

/**
 * Brings the institution's findings table in line with what was detected today, in the caller's transaction: new ones
 * open, known ones are refreshed (a resolved one reopens), dismissed ones stay dismissed, open ones no longer detected
 * are resolved. Rows that did not change are not rewritten.
 */
export async function syncFindings(em: EntityManager, institutionId: string, today: string, found: readonly DetectedFinding[]): Promise<void> {
  const rows = JSON.stringify(found.map((f) => ({
    kind: f.kind, code: f.code, subject_type: f.subjectType, subject_id: f.subjectId, procedure_id: f.procedureId, source: f.source, article: f.article,
    since: f.since, message: f.message, counts_in_score: f.countsInScore,
  })));
  await em.query(
    `INSERT INTO findings (institution_id, kind, code, subject_type, subject_id, procedure_id, source, article, since, message, counts_in_score,
                           status, first_detected_on, last_detected_on)
     SELECT $1, d.kind::finding_kind, d.code, d.subject_type::finding_subject, d.subject_id, d.procedure_id, d.source::finding_source, d.article,
            coalesce(d.since, $2::date), d.message, d.counts_in_score, 'open', $2, $2
       FROM jsonb_to_recordset($3::jsonb) AS d(kind text, code text, subject_type text, subject_id uuid, procedure_id uuid, source text, article text,
                                              since date, message text, counts_in_score boolean)
     ON CONFLICT (institution_id, subject_id, kind, code) DO UPDATE SET
            source = EXCLUDED.source, article = EXCLUDED.article, message = EXCLUDED.message, counts_in_score = EXCLUDED.counts_in_score,
            procedure_id = EXCLUDED.procedure_id, last_detected_on = EXCLUDED.last_detected_on,
            -- a finding with no date of its own (sent as today) keeps the day it was first found, unless it reopens today
            since = CASE WHEN EXCLUDED.since = $2::date AND findings.status <> 'resolved' THEN findings.since ELSE EXCLUDED.since END,
            status = CASE WHEN findings.status = 'dismissed' THEN findings.status ELSE 'open'::finding_status END,
            resolved_on = CASE WHEN findings.status = 'dismissed' THEN findings.resolved_on END,
            version = findings.version + 1, updated_at = now()
      WHERE findings.status = 'resolved'
         OR (findings.source, findings.article, findings.message, findings.counts_in_score, findings.procedure_id)
            IS DISTINCT FROM (EXCLUDED.source, EXCLUDED.article, EXCLUDED.message, EXCLUDED.counts_in_score, EXCLUDED.procedure_id)
         OR (EXCLUDED.since <> $2::date AND findings.since <> EXCLUDED.since)`,
    [institutionId, today, rows],
  );
  await em.query(
    `UPDATE findings f SET status = 'resolved', resolved_on = $2, version = f.version + 1, updated_at = now()
      WHERE f.institution_id = $1 AND f.status = 'open'
        AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($3::jsonb) AS d(kind text, code text, subject_id uuid)
                         WHERE d.subject_id = f.subject_id AND d.kind = f.kind::text AND d.code = f.code)`,
    [institutionId, today, rows],
  );
}
