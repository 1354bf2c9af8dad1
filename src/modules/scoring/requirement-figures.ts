import type { RequirementFacts } from '../findings/finding-rules';
import type { RecordsRow } from './institution-data.sql';

/**
 * What a run of one day reads of an institution's requirements besides the candidates (CANDIDATES_SQL, loaded in full
 * every run): the figures PostgreSQL counted (RECORDS_SQL: totals, counts per procedure, endings, the days they hold
 * for) and the practice signatures in force that have a practice of the methodology, which select the candidates.
 */
export type RequirementFigures = Omit<NonNullable<RecordsRow['requirements']>, 'signatures'> & {
  practiceSignatures: Array<Pick<RequirementFacts, 'issuer' | 'prohibitedKind' | 'name'>>;
};

/**
 * The requirement figures of each institution's latest run in this worker, kept with the stamp of that run's inputs
 * (INPUTS_STAMP_SQL: the revision of the inventory, requirements included, and the active methodology among them) — issue 17. The figures are a pure function
 * of those inputs and of the day, and the day reaches them only through the starts and ends of requirements: from one
 * such date to the next, the same requirements are in effect, in force and ended. A run whose stamp is the kept one, on a
 * day inside the kept range, takes them instead of counting the institution's requirements again (about 4 ms of
 * PostgreSQL a run for 2,000 requirements): the nightly run of a new day, when nothing changed; any run after a change
 * to the institution's inputs counts anew (another stamp). One entry per institution, replaced by every count.
 *
 * A run that counts also stores the figures in PostgreSQL with their stamp (`requirement_figures`, in the run's
 * transaction), and a run whose worker keeps none with the current stamp receives them with its state (RUN_STATE_SQL):
 * a worker just started, or another worker, takes them instead of counting again. The JSON stored is the figures as
 * here (`RequirementFigures`).
 *
 * Kept packed (`Packed`): a few strings and typed arrays per institution, about 12 KB for 200 procedures, where the
 * figures as parsed (a string per procedure id and per date) took 32 KB. Every byte the worker keeps between runs
 * raises the heap it grows to during them (issue 17: peak RSS under 400 MB).
 */
export class RequirementFiguresCache {
  private readonly kept = new Map<string, Packed>();

  /** The kept figures when `stamp` is the one they were counted with and `day` lies in the days they hold for. */
  get(institutionId: string, stamp: string, day: string): RequirementFigures | undefined {
    const p = this.kept.get(institutionId);
    if (!p || p.stamp !== stamp) return undefined;
    if ((p.since !== null && day < p.since) || (p.until !== null && day >= p.until)) return undefined;
    const procedureId = split(p.procedureIds);
    return {
      since: p.since,
      until: p.until,
      reached: p.reached,
      ended: p.ended,
      counts: { procedureId, active: [...p.active], withBasis: [...p.withBasis] },
      endings: { procedureId: [...p.endedProcedure].map((i) => procedureId[i]), on: split(p.endedOn) },
      practiceSignatures: p.practiceSignatures,
    };
  }

  /** The stamp of the figures kept for an institution (null: none), which a run's state compares with the stored ones. */
  stampOf(institutionId: string): string | null {
    return this.kept.get(institutionId)?.stamp ?? null;
  }

  set(institutionId: string, stamp: string, f: RequirementFigures): void {
    const index = new Map(f.counts.procedureId.map((id, i) => [id, i]));
    this.kept.set(institutionId, {
      stamp,
      since: f.since,
      until: f.until,
      reached: f.reached,
      ended: f.ended,
      procedureIds: f.counts.procedureId.join(SEPARATOR),
      active: Int32Array.from(f.counts.active),
      withBasis: Int32Array.from(f.counts.withBasis),
      // every ended requirement was in effect: its procedure is among the counted ones
      endedProcedure: Int32Array.from(f.endings.procedureId, (id) => index.get(id)!),
      endedOn: f.endings.on.join(SEPARATOR),
      practiceSignatures: f.practiceSignatures,
    });
  }
}

/** Ids and dates joined by a space (neither holds one). */
const SEPARATOR = ' ';
const split = (joined: string): string[] => (joined ? joined.split(SEPARATOR) : []);

interface Packed extends Pick<RequirementFigures, 'since' | 'until' | 'reached' | 'ended' | 'practiceSignatures'> {
  stamp: string;
  /** The procedures with requirements in effect (`counts.procedureId`), joined. */
  procedureIds: string;
  active: Int32Array;
  withBasis: Int32Array;
  /** Each ended requirement's procedure, as its position in `procedureIds`, and its end date (joined). */
  endedProcedure: Int32Array;
  endedOn: string;
}
