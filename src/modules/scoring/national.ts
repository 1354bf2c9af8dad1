import { EntityManager } from 'typeorm';
import { round2, round4 } from '../../common/math/round';
import { Coverage, InstitutionType } from '../institutions/entities/institution.entity';
import { ResolutionDayCounts } from './entities/score-snapshot.entity';
import { INSTITUTION_COMPONENTS, InstitutionComponent } from './methodology';
import { SqlFilter } from '../../database/sql-filter';
import {
  LATEST_INSTITUTION_SNAPSHOTS_SQL,
  LATEST_SNAPSHOT_VERSIONS_SQL,
  LATEST_SNAPSHOTS_OF_SQL,
  NATIONAL_MEDIANS_SQL,
  NationalMedianRow,
  SnapshotVersionRow,
} from './national.sql';

/** Which institutions national figures cover (all when empty): bound or opted in, type, sector. */
export interface NationalFilters {
  coverage?: Coverage;
  type?: InstitutionType;
  sector?: string;
}

/** An institution's latest snapshot, as national figures read it. */
export interface InstitutionSnapshotRow {
  institutionId: string;
  code: string;
  name: string;
  type: InstitutionType;
  coverage: Coverage;
  sector: string | null;
  date: string;
  /** null: no procedures registered ("sin inventario"). */
  score: number | null;
  components: Array<{ component: InstitutionComponent; value: number | null; points: number; weight: number }>;
  indicators: NationalIndicatorsInput;
  burden: Record<string, unknown>;
}

interface NationalIndicatorsInput {
  procedures?: Record<string, number>;
  levels?: Record<string, number>;
  requirements?: Record<string, number | null>;
  milestones?: Record<string, number>;
  reports?: Record<string, number>;
  actionsByType?: Record<string, number>;
}

export interface NationalComponent {
  component: InstitutionComponent;
  /** Mean value (0..1) over the institutions where it applies; null when it applies nowhere. */
  meanValue: number | null;
  /** Mean points it contributes to the institution scores (over the scored institutions). */
  meanPoints: number;
  /** In how many scored institutions it applies. */
  applicableIn: number;
}

const mean = (xs: readonly number[]): number | null => (xs.length ? round2(xs.reduce((s, x) => s + x, 0) / xs.length) : null);

/** Mean of the scores of institutions that have one (institutions "sin inventario" stay out). */
export const meanScore = (scores: ReadonlyArray<number | null>): number | null => mean(scores.filter((s): s is number => s !== null));

/**
 * National figures from each institution's latest snapshot, pure: mean score (plain and weighted by procedures
 * registered) over institutions with a score, the mean of each component, indicator and burden sums, and the
 * institutions without inventory listed apart.
 */
export function aggregateNational(rows: readonly InstitutionSnapshotRow[]) {
  const add = (into: Record<string, number>, from: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(from ?? {})) if (typeof v === 'number') into[k] = round2((into[k] ?? 0) + v);
    return into;
  };
  const scored = rows.filter((r) => r.score !== null);
  const procedures: Record<string, number> = {};
  const levels: Record<string, number> = {};
  const requirements: Record<string, number> = {};
  const milestones: Record<string, number> = {};
  const reports: Record<string, number> = {};
  const actionsByType: Record<string, number> = {};
  const burden: Record<string, number> = {};
  for (const r of rows) {
    const ind = r.indicators ?? {};
    add(procedures, ind.procedures);
    add(levels, ind.levels);
    const q = ind.requirements ?? {};
    add(requirements, {
      active: q.active,
      withLegalBasis: q.withLegalBasis,
      prohibitedActive: q.prohibitedActive,
      eliminatedSinceBaseline: q.eliminatedSinceBaseline,
    });
    add(milestones, ind.milestones);
    add(reports, ind.reports);
    add(actionsByType, ind.actionsByType);
    add(burden, r.burden as Record<string, unknown>);
  }
  const registered = (r: InstitutionSnapshotRow) => r.indicators?.procedures?.registered ?? 0;
  const totalProcedures = scored.reduce((s, r) => s + registered(r), 0);
  const weightedScore = totalProcedures ? round2(scored.reduce((s, r) => s + r.score! * registered(r), 0) / totalProcedures) : null;
  const components: NationalComponent[] = INSTITUTION_COMPONENTS.map((component) => {
    const parts = scored.map((r) => r.components.find((c) => c.component === component));
    const applicable = parts.filter((c): c is NonNullable<typeof c> => c !== undefined && c.value !== null);
    return {
      component,
      meanValue: applicable.length ? round4(applicable.reduce((s, c) => s + c.value!, 0) / applicable.length) : null,
      meanPoints: scored.length ? round4(parts.reduce((s, c) => s + (c?.points ?? 0), 0) / scored.length) : 0,
      applicableIn: applicable.length,
    };
  });
  return {
    score: meanScore(rows.map((r) => r.score)),
    weightedScore,
    institutions: { total: rows.length, scored: scored.length, withoutInventory: rows.length - scored.length },
    withoutInventory: rows.filter((r) => r.score === null).map((r) => ({ code: r.code, name: r.name })),
    components,
    indicators: {
      procedures,
      levels,
      requirements: {
        ...requirements,
        withLegalBasisShare: requirements.active ? round2(requirements.withLegalBasis / requirements.active) : null,
      },
      milestones,
      reports,
      actionsByType,
    },
    burden,
  };
}

export type NationalAggregate = ReturnType<typeof aggregateNational>;

/** The filter of national figures on an `institutions i` alias, after the query's own parameters (`initial`). */
export function nationalFilter(f: NationalFilters, initial: readonly unknown[]): SqlFilter {
  return new SqlFilter(initial)
    .where('i.coverage = ?', f.coverage || undefined)
    .where('i.type = ?', f.type || undefined)
    .where('lower(i.sector) = lower(?)', f.sector || undefined);
}

/** An institution's latest snapshot on a day, as loadNationalInputs reads it. */
interface LatestSnapshotRow {
  on_day: string;
  subject_id: string;
  day: string;
  score: string | null;
  components: { components?: InstitutionSnapshotRow['components'] } | null;
  indicators: NationalIndicatorsInput | null;
  burden: Record<string, unknown> | null;
  resolution_days: ResolutionDayCounts | null;
  code: string;
  name: string;
  type: InstitutionType;
  coverage: Coverage;
  sector: string | null;
}

/** How many procedures have each actual and legal resolution time (what an institution snapshot keeps for the national medians). */
export function resolutionDayCounts(
  procedures: ReadonlyArray<{ actualMedianDays: number | null; legalMaxDays: number | null }>,
): ResolutionDayCounts {
  const out: ResolutionDayCounts = { actual: {}, legal: {} };
  for (const p of procedures) {
    if (p.actualMedianDays !== null) out.actual[p.actualMedianDays] = (out.actual[p.actualMedianDays] ?? 0) + 1;
    if (p.legalMaxDays !== null) out.legal[p.legalMaxDays] = (out.legal[p.legalMaxDays] ?? 0) + 1;
  }
  return out;
}

/**
 * The median of the values counted in several maps, exactly as PostgreSQL's percentile_cont(0.5) gives it over the
 * same values: the middle one, or the mean of the two middle ones. Null when nothing is counted.
 */
export function mergedMedian(maps: ReadonlyArray<Record<string, number>>): number | null {
  // One pass to sum the counts (about 500 maps of a hundred keys on a national run), then the median of the sums.
  const counts = new Map<number, number>();
  for (const m of maps) addCounts(counts, m, 1);
  return medianOfCounts(counts);
}

/** Adds one map's counts to running totals (`sign` -1: takes them away; a value counted 0 times is dropped). */
function addCounts(into: Map<number, number>, m: Record<string, number>, sign: 1 | -1): void {
  for (const k in m) {
    const v = Number(k);
    const n = (into.get(v) ?? 0) + sign * m[k];
    if (n) into.set(v, n);
    else into.delete(v);
  }
}

/** The median of counted values (one sort of the distinct values, one walk to the two middle positions). */
function medianOfCounts(counts: ReadonlyMap<number, number>): number | null {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (!total) return null;
  const values = [...counts.keys()].sort((a, b) => a - b);
  const lo = Math.floor((total - 1) / 2);
  const hi = Math.ceil((total - 1) / 2);
  let seen = 0;
  let atLo: number | null = null;
  for (const v of values) {
    seen += counts.get(v)!;
    if (atLo === null && lo < seen) atLo = v;
    if (hi < seen) return (atLo! + v) / 2;
  }
  const last = values[values.length - 1];
  return ((atLo ?? last) + last) / 2;
}

export interface NationalInputs {
  rows: InstitutionSnapshotRow[];
  medianActual: number | null;
  medianLegal: number | null;
}

/**
 * For each day asked: each active institution's latest snapshot up to that day (filtered), and the national medians of
 * actual and legal resolution days over the procedure snapshots of those same runs. One query path for the stored
 * national snapshots of a backfill (every day at once) and for filtered figures read through the API; the national run of
 * one day reads through `NationalSnapshotCache`.
 */
export async function loadNationalInputs(
  em: EntityManager,
  days: readonly string[],
  f: NationalFilters,
): Promise<Map<string, NationalInputs>> {
  const filter = nationalFilter(f, [days]);
  const latest = LATEST_INSTITUTION_SNAPSHOTS_SQL(filter.andClause);
  const rows = (await em.query(`${latest} ORDER BY on_day, x.code`, filter.params)) as LatestSnapshotRow[];
  const out = inputsOf(rows, days);
  // The medians: merged from the institution snapshots' counts when every one of them has them (written since issue 17),
  // otherwise read from the procedure snapshots of those same runs (older history).
  if (rows.every((r) => r.resolution_days)) {
    for (const day of days) {
      const counts = rows.filter((r) => r.on_day === day).map((r) => r.resolution_days as ResolutionDayCounts);
      Object.assign(out.get(day)!, {
        medianActual: num(mergedMedian(counts.map((c) => c.actual))),
        medianLegal: num(mergedMedian(counts.map((c) => c.legal))),
      });
    }
    return out;
  }
  const medians = (await em.query(NATIONAL_MEDIANS_SQL(latest), filter.params)) as NationalMedianRow[];
  for (const m of medians) Object.assign(out.get(m.on_day)!, { medianActual: num(m.actual), medianLegal: num(m.legal) });
  return out;
}

const num = (v: unknown) => (v === null || v === undefined ? null : round2(Number(v)));

/** The national inputs of each day from its latest snapshot rows, medians not yet set. */
function inputsOf(rows: readonly LatestSnapshotRow[], days: readonly string[]): Map<string, NationalInputs> {
  const out = new Map<string, NationalInputs>(days.map((d) => [d, { rows: [], medianActual: null, medianLegal: null }]));
  for (const r of rows) out.get(r.on_day)!.rows.push(snapshotInput(r, r));
  return out;
}

/** One institution's row of the national inputs, from its identity and its latest snapshot (built field by field: no spread). */
const snapshotInput = (i: Omit<SnapshotVersionRow, 'version'>, s: SnapshotPart): InstitutionSnapshotRow => ({
  institutionId: i.subject_id,
  code: i.code,
  name: i.name,
  type: i.type,
  coverage: i.coverage,
  sector: i.sector,
  date: s.day,
  score: s.score === null ? null : Number(s.score),
  components: s.components?.components ?? [],
  indicators: s.indicators ?? {},
  burden: s.burden ?? {},
});

type SnapshotPart = Pick<LatestSnapshotRow, 'day' | 'score' | 'components' | 'indicators' | 'burden' | 'resolution_days'>;

/**
 * The institution snapshots the national figures of a day read, parsed once per process (issue 17): a national run reads
 * each active institution's identity and the version of its latest snapshot (a cheap probe per institution), then
 * fetches in full only the snapshots whose version it has not parsed yet — after one institution's recompute, one row
 * instead of every institution's. A version is the row's `xmin`, `ctid` and `computed_at`, so any write makes a new one;
 * each worker process keeps its own, and what it holds is never trusted without that check. The national medians come
 * from the snapshots' resolution-day counts summed as snapshots come and go, instead of merging every map on each run. The
 * figures are those of `loadNationalInputs` for the day without filters (scoring-equivalence e2e).
 */
export class NationalSnapshotCache {
  private readonly parsed = new Map<string, { version: string; part: SnapshotPart }>();
  /** The resolution-day counts of every snapshot held, summed as they come and go (the national medians). */
  private readonly totals = { actual: new Map<number, number>(), legal: new Map<number, number>() };
  /** Snapshots held without those counts (older history): the medians are then read the long way. */
  private withoutCounts = 0;

  /** `latest`: LATEST_SNAPSHOT_VERSIONS_SQL's rows for the day when the caller has them (the national run state). */
  async inputsOn(em: EntityManager, day: string, latest?: readonly SnapshotVersionRow[]): Promise<NationalInputs> {
    const identities = latest ?? ((await em.query(LATEST_SNAPSHOT_VERSIONS_SQL, [day])) as SnapshotVersionRow[]);
    const stale = identities.filter((r) => this.parsed.get(r.subject_id)?.version !== r.version).map((r) => r.subject_id);
    if (stale.length) {
      for (const id of stale) this.forget(id);
      const fetched = (await em.query(LATEST_SNAPSHOTS_OF_SQL, [day, stale])) as Array<
        SnapshotPart & { subject_id: string; version: string }
      >;
      for (const { subject_id, version, ...part } of fetched) this.remember(subject_id, version, part);
    }
    const active = new Set(identities.map((r) => r.subject_id));
    for (const id of this.parsed.keys()) if (!active.has(id)) this.forget(id);
    if (this.withoutCounts) return (await loadNationalInputs(em, [day], {})).get(day)!;
    const rows: InstitutionSnapshotRow[] = [];
    for (const identity of identities) {
      const cached = this.parsed.get(identity.subject_id);
      // A snapshot deleted between the two reads: the institution is left out, as the next read would.
      if (cached) rows.push(snapshotInput(identity, cached.part));
    }
    return { rows, medianActual: num(medianOfCounts(this.totals.actual)), medianLegal: num(medianOfCounts(this.totals.legal)) };
  }

  private remember(id: string, version: string, part: SnapshotPart): void {
    this.parsed.set(id, { version, part });
    this.count(part, 1);
  }

  private forget(id: string): void {
    const held = this.parsed.get(id);
    if (!held) return;
    this.parsed.delete(id);
    this.count(held.part, -1);
  }

  private count(part: SnapshotPart, sign: 1 | -1): void {
    const counts = part.resolution_days;
    if (!counts) this.withoutCounts += sign;
    else {
      addCounts(this.totals.actual, counts.actual, sign);
      addCounts(this.totals.legal, counts.legal, sign);
    }
  }
}
