import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { InstitutionDay, InstitutionHistory } from '../scoring/as-of';
import type { InstitutionData } from '../scoring/institution-data';
import { DetectedFinding, findingKey, institutionFindings, levelContradictions, requirementFindings } from './finding-rules';
import { storedFindings, writeFindingsPlan } from './findings-sync.sql';

/** Every finding of an institution on a day (pure): per requirement in force, per procedure's validated level, per institution. */
export function detectFindings(history: InstitutionHistory, day: InstitutionDay): DetectedFinding[] {
  const { m, data } = history;
  if (!history.complete) throw new Error('findings need every requirement: load the institution with loadInstitutionData');
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

/**
 * What `detectFindings` reads of the day, given its loaded records: how many of each dated record the day has reached.
 * Detection is pure, and the loads of one table state differ from day to day only by these boundaries (procedures
 * registered, field changes still ahead, requirements in force and ended, plans approved, legal deadlines past), each
 * a count that only moves in one direction as the day advances. So the stamp of the run's inputs with this key stands
 * for the detected findings: equal keys on two days of equal stamps mean equal findings, and the run skips detecting,
 * hashing and comparing them.
 */
export function detectionDayKey(data: InstitutionData, day: string): string {
  const count = <T>(xs: readonly T[], reached: (x: T) => boolean) => xs.reduce((n, x) => (reached(x) ? n + 1 : n), 0);
  const counted = data.requirementsOfDay;
  if (counted && counted.day !== day) throw new Error(`requirements counted for ${counted.day}, not for ${day}`);
  return [
    count(data.procedures, (p) => p.createdOn <= day),
    count(data.changes, (c) => c.changedOn > day),
    counted ? counted.reached : count(data.requirements, (r) => r.effectiveFrom <= day),
    counted ? counted.ended : count(data.requirements, (r) => r.effectiveTo !== null && r.effectiveTo <= day),
    count(data.plansApprovedOn, (d) => d <= day),
    count(data.deadlines, (d) => d.dueDate < day),
  ].join(':');
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
  const existing = await storedFindings(em, institutionId);
  const plan = planFindingsSync(existing, found, today);
  await writeFindingsPlan(em, institutionId, today, plan);
  return plan;
}
