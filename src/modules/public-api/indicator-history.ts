import { isOpenOn } from '../inventory/rules/open-milestones';
import { ProcedureOnDay, ProcedureSet, ProcedureTriple, triplesOfProcedures } from './procedure-indicators';
import type { HistoryActionRow, HistoryChangeRow, HistoryMilestoneRow, HistoryProcedureRow } from './indicator-history.sql';

/**
 * The procedure triples of one institution on past days, rebuilt from what is stored (pure):
 * - a procedure existed from its registration (or its baseline date, if earlier);
 * - its status, prioritised and foreign-trade flags and validated level on a day are today's values rolled back
 *   through the change log (each field takes the old value of its first change after that day);
 * - in progress that day: a milestone of an approved plan (approved by then) not completed or cancelled by then, or a
 *   rationalisation action created by then and not implemented by then.
 * What cannot be rebuilt (ADR 0005): milestones of plans that are no longer approved (replaced by a revision), a
 * cancelled milestone's open days (no cancellation date is kept), deleted actions and procedures, and changes made
 * before the change log recorded a field; past months may therefore undercount "in progress".
 */
export class InstitutionTripleHistory {
  private readonly changesOf = new Map<string, HistoryChangeRow[]>();
  private readonly milestonesOf = new Map<string, HistoryMilestoneRow[]>();
  private readonly actionsOf = new Map<string, HistoryActionRow[]>();

  constructor(
    private readonly procedures: readonly HistoryProcedureRow[],
    changes: readonly HistoryChangeRow[],
    milestones: readonly HistoryMilestoneRow[],
    actions: readonly HistoryActionRow[],
  ) {
    for (const c of changes) push(this.changesOf, c.procedureId, c);
    for (const m of milestones) push(this.milestonesOf, m.procedureId, m);
    for (const a of actions) push(this.actionsOf, a.procedureId, a);
  }

  /** The first month (YYYY-MM) a procedure existed, or null without procedures. */
  firstMonth(): string | null {
    let first: string | null = null;
    for (const p of this.procedures) if (first === null || p.createdOn < first) first = p.createdOn;
    return first?.slice(0, 7) ?? null;
  }

  /** The procedures as they stood at the end of `day` (YYYY-MM-DD). */
  proceduresOn(day: string): ProcedureOnDay[] {
    const out: ProcedureOnDay[] = [];
    for (const p of this.procedures) {
      if (p.createdOn > day) continue;
      const state: Omit<ProcedureOnDay, 'inProgress'> = {
        status: p.status,
        prioritized: p.prioritized,
        foreignTrade: p.foreignTrade,
        currentLevel: p.currentLevel,
      };
      const seen = new Set<string>();
      for (const c of this.changesOf.get(p.id) ?? []) {
        if (c.changedOn <= day || seen.has(c.field)) continue;
        seen.add(c.field);
        (state as Record<string, unknown>)[c.field] = c.oldValue;
      }
      const inProgress =
        (this.milestonesOf.get(p.id) ?? []).some((m) => m.planApprovedOn <= day && isOpenOn(m, day)) ||
        (this.actionsOf.get(p.id) ?? []).some((a) => a.createdOn <= day && (a.implementedOn === null || a.implementedOn > day));
      out.push({
        status: String(state.status),
        prioritized: state.prioritized === true,
        foreignTrade: state.foreignTrade === true,
        currentLevel: Number(state.currentLevel),
        inProgress,
      });
    }
    return out;
  }

  triplesOn(day: string): Record<ProcedureSet, ProcedureTriple> {
    return triplesOfProcedures(this.proceduresOn(day));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The months from `first` to `last` (YYYY-MM), inclusive. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The last day of a month (YYYY-MM). */
export const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
