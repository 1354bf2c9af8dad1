import { RatingRecord, ratingsOn } from './satisfaction';
import { hasFoundingLegalBasis, requirementInForce } from '../inventory/rules/requirement-in-force';
import { isOpenOn } from '../inventory/rules/open-milestones';
import { owedQuarters, reportingStart } from '../inventory/rules/reports-owed';
import { compilePracticeRules, countsAsProhibited, PracticeHit, practicesOf, practiceSignature } from '../findings/finding-rules';
import { DatedField, FieldChangeRecord, InstitutionData, ProcedureRecord, RequirementRecord } from './institution-data';
import { MethodologyParameters } from './methodology';
import { planOwedFrom } from './institution-score';

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * A record's fields as they were at the end of `day`: each field takes the old value of its first change after that
 * day, or keeps its present value when it has not changed since. `changes` must be this procedure's, oldest first.
 */
export function recordAsOf<T extends Partial<Record<DatedField, unknown>>>(
  current: T,
  changes: readonly FieldChangeRecord[],
  day: string,
): T {
  let out: T | null = null;
  const seen = new Set<string>();
  for (const c of changes) {
    if (c.changedOn <= day || seen.has(c.field)) continue;
    seen.add(c.field);
    out ??= { ...current };
    (out as Record<string, unknown>)[c.field] = c.oldValue;
  }
  return out ?? current;
}

/** A procedure on one day, with its requirements aggregated: what the formulas, indicators and actions read. */
export interface ProcedureDay {
  record: ProcedureRecord;
  /** In force on the day: all of them, or, for an institution loaded for one day, those with a practice (`complete`). */
  requirements: RequirementRecord[];
  activeRequirements: number;
  withBasis: number;
  /** Requirements in force that count as prohibited (declared, or detected and not dismissed). */
  prohibited: number;
  eliminatedSinceBaseline: number;
  openMilestones: number;
  daysSinceReview: number | null;
  /** Counted citizens' ratings of the 12 months up to the day: how many and their mean overall mark (absent: none). */
  ratings?: { n: number; mean: number | null };
}

export interface InstitutionDay {
  day: string;
  procedures: ProcedureDay[];
  planOwed: boolean;
  hasApprovedPlan: boolean;
  milestones: { due: number; dueOnTime: number; metOnTime: number; metLate: number; overdue: number; open: number };
  reportsDue: Array<{ year: number; quarter: number; dueDate: string; onTime: boolean }>;
  actionsByType: Record<string, number>;
}

const NO_REQUIREMENTS = { active: 0, withBasis: 0, endedOn: [] as string[] };

/**
 * Rebuilds an institution's state on several days from one load, pure. Requirement practices are classified once
 * (by their present name, issuer and declaration), then each day counts what was in force. An institution loaded for
 * one day (`requirementsOfDay`) gives that day only, with its counted requirements: `complete` is then false, and what
 * needs every requirement (findings, ranked actions) refuses it.
 */
export class InstitutionHistory {
  private readonly changesOf = new Map<string, FieldChangeRecord[]>();
  private readonly requirementsOf = new Map<string, RequirementRecord[]>();
  private readonly ratingsOf = new Map<string, RatingRecord[]>();
  readonly practices = new Map<string, PracticeHit[]>();
  /** Every requirement loaded (not only those a day-load kept): what findings and ranked actions need. */
  readonly complete: boolean;

  constructor(
    readonly data: InstitutionData,
    readonly m: MethodologyParameters,
  ) {
    this.complete = !data.requirementsOfDay;
    for (const c of data.changes) push(this.changesOf, c.procedureId, c);
    for (const r of data.ratings ?? []) push(this.ratingsOf, r.procedureId, r);
    const rules = compilePracticeRules(m.prohibitedPractices);
    const seen = new Map<string, PracticeHit[]>(); // names repeat across procedures (DPI, forms…): classify each once
    for (const r of data.requirements) {
      push(this.requirementsOf, r.procedureId, r);
      const key = practiceSignature(r);
      let hits = seen.get(key);
      if (!hits) seen.set(key, (hits = practicesOf(r, rules)));
      if (hits.length) this.practices.set(r.id, hits);
    }
  }

  isProhibited(r: RequirementRecord): boolean {
    const hits = this.practices.get(r.id);
    return hits !== undefined && countsAsProhibited(r.id, hits, this.data.dismissed);
  }

  /** The institution on `day`: procedures registered and active that day, plans, milestones and reports as they stood. */
  on(day: string): InstitutionDay {
    const { data, m } = this;
    const counted = data.requirementsOfDay;
    if (counted && counted.day !== day) throw new Error(`requirements counted for ${counted.day}, not for ${day}`);
    const milestones = data.milestones.filter((ms) => ms.planApprovedOn <= day);
    const completed = (ms: (typeof milestones)[number]) => ms.completedOn !== null && ms.completedOn <= day;
    const openOf = new Map<string, number>(); // open milestones per procedure, counted once for all procedures
    for (const ms of milestones)
      if (ms.procedureId !== null && isOpenOn(ms, day)) openOf.set(ms.procedureId, (openOf.get(ms.procedureId) ?? 0) + 1);
    const procedures: ProcedureDay[] = [];
    for (const current of data.procedures) {
      if (current.createdOn > day) continue;
      const record = recordAsOf(current, this.changesOf.get(current.id) ?? [], day);
      if (record.status !== 'active') continue;
      const all = this.requirementsOf.get(record.id) ?? [];
      const inForce = all.filter((r) => requirementInForce(r, day));
      const reviewed = record.lastReviewedAt !== null && record.lastReviewedAt <= day ? record.lastReviewedAt : record.createdOn;
      // Counted by PostgreSQL for a day-load (`all` then holds only the requirements with a practice), counted here otherwise.
      const count = counted
        ? (counted.counts.get(record.id) ?? NO_REQUIREMENTS)
        : {
            active: inForce.length,
            withBasis: inForce.filter((r) => hasFoundingLegalBasis(r.legalBasisType)).length,
            endedOn: all.flatMap((r) => (r.effectiveTo !== null && r.effectiveTo <= day ? [r.effectiveTo] : [])),
          };
      procedures.push({
        record,
        requirements: inForce,
        activeRequirements: count.active,
        withBasis: count.withBasis,
        prohibited: inForce.filter((r) => this.isProhibited(r)).length,
        eliminatedSinceBaseline: count.endedOn.filter((on) => on > record.baselineDate).length,
        openMilestones: openOf.get(record.id) ?? 0,
        daysSinceReview: daysBetween(reviewed, day),
        ratings: ratingsOn(this.ratingsOf.get(record.id), day),
      });
    }
    const start = reportingStart(m.reportingSince, data.institution.optedInAt);
    const received = new Map(data.reports.map((r) => [`${r.year}-${r.quarter}`, r.submittedOn]));
    const owedFrom = planOwedFrom(data.institution.optedInAt, m);
    const actionsByType: Record<string, number> = {};
    for (const a of data.actions) if (a.createdOn <= day) actionsByType[a.type] = (actionsByType[a.type] ?? 0) + 1;
    const due = milestones.filter((ms) => ms.dueDate <= day && ms.status !== 'cancelled');
    return {
      day,
      procedures,
      planOwed: owedFrom === null || owedFrom <= day,
      hasApprovedPlan: data.plansApprovedOn.some((d) => d <= day),
      milestones: {
        due: due.length,
        dueOnTime: due.filter((ms) => completed(ms) && ms.completedOn! <= ms.dueDate).length,
        metOnTime: milestones.filter((ms) => completed(ms) && ms.completedOn! <= ms.dueDate).length,
        metLate: milestones.filter((ms) => completed(ms) && ms.completedOn! > ms.dueDate).length,
        overdue: milestones.filter((ms) => isOpenOn(ms, day) && ms.dueDate < day).length,
        open: milestones.filter((ms) => isOpenOn(ms, day)).length,
      },
      reportsDue: owedQuarters(start, day).map((q) => {
        const on = received.get(`${q.year}-${q.quarter}`);
        return { ...q, onTime: on !== undefined && on <= q.dueDate };
      }),
      actionsByType,
    };
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
