import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { EntityManager } from 'typeorm';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import { queryPrepared } from '../../database/prepared-statement';
import { UnitOfWork } from '../../database/unit-of-work';
import { detectFindings, detectionDayKey, md5, syncFindings } from '../findings/findings-sync';
import { InstitutionHistory } from './as-of';
import { NATIONAL_SUBJECT } from './entities/score-snapshot.entity';
import { backfillDays, dailyWindowStart, PRUNE_INSTITUTION_SNAPSHOTS_SQL, PRUNE_NATIONAL_SNAPSHOTS_SQL } from './history';
import { loadInstitutionData, loadInstitutionDay, loadRequirements } from './institution-data';
import { InstitutionRun, runInstitution } from './institution-run';
import { packProcedureComponents } from './procedure-snapshot';
import { RequirementFigures, RequirementFiguresCache } from './requirement-figures';
import { activeMethodologyFrom, activeMethodologyOf } from './methodology';
import {
  aggregateNational,
  loadNationalInputs,
  NationalFilters,
  NationalInputs,
  NationalSnapshotCache,
  resolutionDayCounts,
} from './national';
import {
  activeInstitutionIds,
  findingsStamp,
  institutionDaysStored,
  institutionRunState,
  lockInstitutionRun,
  lockNationalRun,
  MissedMilestoneRow,
  nationalRunState,
} from './scoring.sql';
import {
  ScoreChangeRow,
  BACKFILL_INSTITUTION_SNAPSHOTS_SQL,
  BACKFILL_PROCEDURE_SNAPSHOTS_SQL,
  UPSERT_REQUIREMENT_FIGURES,
  UPSERT_SNAPSHOT_SQL,
  WRITE_DAY_OF_PROCEDURES,
} from './score-inputs.sql';

export interface RunOptions {
  /** Test seam for fault injection: runs inside the transaction after every write, before commit. */
  beforeCommit?: () => void | Promise<void>;
}

// Institutions computed at once by a national run: the worker computes one while PostgreSQL loads or writes others (3 → 5
// measured 4 % faster on 2 cores; 4 leaves most of the pool of 10 to the worker's other jobs).
const PARALLEL_INSTITUTIONS = 4;

const active = (db: Database): Promise<string[]> =>
  db.run(Access.self(systemActor(), 'scoring.institutions'), ({ em }) => activeInstitutionIds(em));

/**
 * Computes and stores score snapshots. One transaction per institution (a crash leaves no half-written
 * institution; a retry simply recomputes), serialised per institution by a transaction-scoped advisory lock
 * (two workers never compute the same institution at once), idempotent per day (upserts replace the day's rows).
 * Any day can be computed: the institution's state on that day is rebuilt from its dated records (`as-of.ts`).
 */
@Injectable()
export class ScoringService {
  private readonly nationalSnapshots = new NationalSnapshotCache();
  private readonly requirementFigures = new RequirementFiguresCache();

  constructor(
    private readonly db: Database,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ScoringService.name);
  }

  /**
   * One institution on one day (default today). On today, its findings are brought up to date first (in the same
   * transaction), and score changes of published procedures become public events.
   */
  async recomputeInstitution(
    institutionId: string,
    day = todayInGuatemala(),
    opts: RunOptions = {},
  ): Promise<{ procedures: number; score: number | null } | null> {
    return this.db.run(Access.institution(systemActor(), institutionId, 'scoring.institution'), async (tx) => {
      const { em } = tx;
      const today = day === todayInGuatemala();
      // One round trip (pipelined, run in order): the state is read after the lock is granted, with a snapshot of its own.
      const [, stored] = await Promise.all([
        lockInstitutionRun(em, institutionId),
        institutionRunState(em, institutionId, day, today, this.requirementFigures.stampOf(institutionId)),
      ]);
      // Requirement figures stored by a run of any worker, received because this worker keeps none with the current stamp.
      if (stored.storedFigures) this.requirementFigures.set(institutionId, stored.inputsStamp, stored.storedFigures);
      const kept = stored.stored;
      // Everything the run reads hashes as it did when this day's snapshot was written (and, today, nobody touched the
      // findings since that run synchronised them): the computation is pure, so its results are the ones stored.
      // No public data moved then, so the public data version (and every replica's cache) stays, unless newly missed
      // milestones go to the feed.
      if (kept && kept.inputsDigest === stored.inputsDigest && (!today || findingsStampOf(kept.findingsDigest) === stored.findingsStamp)) {
        const missed = stored.missed ?? [];
        announceMissedMilestones(tx, institutionId, missed);
        if (missed.length) tx.emit('scores.recomputed', { subject: institutionId });
        await opts.beforeCommit?.();
        return { procedures: kept.procedures ?? 0, score: kept.score === null ? null : Number(kept.score) };
      }
      const methodology = activeMethodologyFrom(stored.methodology);
      // The requirements counted by PostgreSQL, or as a run last counted them with the same inputs (issue 17): kept by
      // this worker or received with the state; figures counted now are stored.
      let counted = null as RequirementFigures | null; // set by the load when it counts
      const data = await loadInstitutionDay(em, institutionId, day, methodology.parameters, {
        cache: this.requirementFigures,
        stamp: stored.inputsStamp,
        counted: (figures) => (counted = figures),
      });
      if (!data?.institution.active) return null;
      let state = new InstitutionHistory(data, methodology.parameters).on(day);
      let findingsDigest: string | null = null;
      if (today) {
        // Detection is pure: the stamp of the inputs with what the day reached of them stands for its result, so the
        // findings are detected, read and compared only when that or the findings table moved since the last run.
        const detection = md5(`${stored.inputsStamp}|${detectionDayKey(data, day)}`);
        if (stored.findingsDigest === `${detection}:${stored.findingsStamp}`) findingsDigest = stored.findingsDigest;
        else {
          // Detection reads every requirement in force: loaded now, and the day rebuilt from them (the same figures).
          const history = new InstitutionHistory(
            { ...data, requirements: await loadRequirements(em, institutionId, day), requirementsOfDay: undefined },
            methodology.parameters,
          );
          state = history.on(day);
          const plan = await syncFindings(em, institutionId, day, detectFindings(history, state));
          const wrote = plan.inserts.length + plan.updates.length + plan.resolves.length > 0;
          findingsDigest = `${detection}:${wrote ? await findingsStamp(em, institutionId) : stored.findingsStamp}`;
        }
      }
      const result = runInstitution(state, methodology.parameters);
      // One round trip (pipelined): the day's rows, and the requirement figures when they were counted now.
      const [changed] = await Promise.all([
        queryPrepared<ScoreChangeRow[]>(em, WRITE_DAY_OF_PROCEDURES, [
          institutionId,
          methodology.version,
          JSON.stringify(procedureSnapshotRows(day, result)),
          day,
          institutionSnapshotRows([{ day, result, findingsDigest, inputsDigest: stored.inputsDigest }]),
        ]),
        counted ? queryPrepared(em, UPSERT_REQUIREMENT_FIGURES, [institutionId, stored.inputsStamp, JSON.stringify(counted)]) : undefined,
      ]);
      for (const c of changed) {
        tx.emit('public.changed', {
          type: 'score_changed',
          institutionId,
          procedureId: c.procedure_id,
          subject: 'procedure',
          subjectId: c.procedure_id,
          changes: [{ field: 'score', oldValue: Number(c.old_score).toFixed(2), newValue: Number(c.new_score).toFixed(2) }],
        });
      }
      const previous = stored.previousScore;
      const score = result.institution.score;
      if (previous !== null && score !== null && Number(previous).toFixed(2) !== score.toFixed(2)) {
        tx.emit('public.changed', {
          type: 'institution_score_changed',
          institutionId,
          procedureId: null,
          subject: 'institution',
          subjectId: institutionId,
          changes: [{ field: 'score', oldValue: Number(previous).toFixed(2), newValue: score.toFixed(2) }],
        });
      }
      announceMissedMilestones(tx, institutionId, stored.missed ?? []);
      tx.emit('scores.recomputed', { subject: institutionId });
      await opts.beforeCommit?.();
      return { procedures: result.procedures.length, score: result.institution.score };
    });
  }

  /** Writes the procedure and institution snapshots of several days of one institution, keeping a day already there (backfill). */
  private async backfillSnapshots(
    em: EntityManager,
    institutionId: string,
    version: number,
    days: Array<{ day: string; result: InstitutionRun }>,
  ): Promise<void> {
    const procedures = days.flatMap(({ day, result }) => procedureSnapshotRows(day, result));
    for (let i = 0; i < procedures.length; i += 5000) {
      await em.query(BACKFILL_PROCEDURE_SNAPSHOTS_SQL, [institutionId, version, JSON.stringify(procedures.slice(i, i + 5000))]);
    }
    await em.query(BACKFILL_INSTITUTION_SNAPSHOTS_SQL, [
      institutionId,
      version,
      institutionSnapshotRows(days.map((d) => ({ ...d, findingsDigest: null, inputsDigest: null }))),
    ]);
  }

  /**
   * National figures on a day: from each institution's latest snapshot up to that day (institutions without inventory
   * apart). When none of those snapshots, no institution and not the methodology moved since the day's national snapshot
   * was written (digest of inputs), that snapshot stands: nothing is read or written.
   */
  async recomputeNational(day = todayInGuatemala()): Promise<{ score: number | null; institutions: number }> {
    return (await this.recomputeNationalDays([day], true))[0];
  }

  /**
   * The national snapshots of several days, in one transaction (each day from the institution snapshots up to it);
   * `digest`: one day, skipped when its inputs did not move, and its digest recorded.
   */
  private async recomputeNationalDays(
    days: readonly string[],
    digest = false,
  ): Promise<Array<{ score: number | null; institutions: number }>> {
    return this.db.run(Access.administrative(systemActor(), 'scoring.national'), async (tx) => {
      const { em } = tx;
      // One round trip (pipelined, run in order): the state is read after the lock is granted, as an institution's run does.
      const [, state] = await Promise.all([lockNationalRun(em), digest ? nationalRunState(em, days[0], NATIONAL_SUBJECT) : null]);
      const kept = state?.stored;
      if (state && kept && kept.inputsDigest === state.inputsDigest) {
        // The national snapshot stands: no public data moved, so no new public data version.
        return [{ score: kept.score === null ? null : Number(kept.score), institutions: kept.institutions ?? 0 }];
      }
      const methodology = state ? activeMethodologyFrom(state.methodology) : await activeMethodologyOf(em);
      // One day (the scheduled run, or after an institution's recompute): from the snapshots this worker already parsed.
      const figures =
        days.length === 1
          ? figuresOf(days, new Map([[days[0], await this.nationalSnapshots.inputsOn(em, days[0], state?.latest)]]))
          : await nationalFiguresOn(em, days, {});
      const out: Array<{ score: number | null; institutions: number }> = [];
      for (const day of days) {
        const national = figures.get(day)!;
        await em.query(UPSERT_SNAPSHOT_SQL, [
          'national',
          NATIONAL_SUBJECT,
          null,
          day,
          methodology.version,
          national.score,
          JSON.stringify({
            meanScore: national.score,
            meanScoreWeightedByProcedures: national.weightedScore,
            institutions: national.institutions.scored,
            institutionsWithoutInventory: national.institutions.withoutInventory,
            withoutInventory: national.withoutInventory,
            components: national.components,
          }),
          JSON.stringify(national.indicators),
          JSON.stringify({ ...national.burden, parameters: methodology.parameters.burden }),
          state?.inputsDigest ?? null,
        ]);
        out.push({ score: national.score, institutions: national.institutions.scored });
      }
      tx.emit('scores.recomputed', { subject: 'national' });
      return out;
    });
  }

  /** Every active institution (a few at a time), then the nation. */
  async recomputeAll(
    day = todayInGuatemala(),
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ institutions: number; procedures: number; ms: number }> {
    const started = Date.now();
    const ids = await active(this.db);
    let procedures = 0;
    let done = 0;
    await inParallel(ids, async (id) => {
      const r = await this.recomputeInstitution(id, day);
      procedures += r?.procedures ?? 0;
      onProgress?.(++done, ids.length);
    });
    await this.recomputeNational(day);
    const ms = Date.now() - started;
    this.logger.info({ institutions: ids.length, procedures, ms }, 'scores recomputed');
    return { institutions: ids.length, procedures, ms };
  }

  /**
   * Fills the days missing from the last `months` months (the days the retention keeps: month ends, then every day of the
   * daily window), for every active institution and the nation, from the dated records. Days already computed are kept.
   * One load and one transaction per institution for all its days; no public events (history is not news).
   */
  async backfill(
    months: number,
    today = todayInGuatemala(),
  ): Promise<{ days: number; institutions: number; snapshots: number; ms: number }> {
    const started = Date.now();
    const days = backfillDays(today, months);
    const ids = await active(this.db);
    let snapshots = 0;
    if (days.length) {
      await inParallel(ids, async (id) => {
        snapshots += await this.db.run(Access.institution(systemActor(), id, 'scoring.backfill'), async (tx) => {
          const { em } = tx;
          await lockInstitutionRun(em, id);
          const methodology = await activeMethodologyOf(em);
          const existing = await institutionDaysStored(em, id, days);
          const missing = days.filter((d) => !existing.has(d));
          if (!missing.length) return 0;
          const data = await loadInstitutionData(em, id, missing[0], missing[missing.length - 1]);
          if (!data) return 0;
          const history = new InstitutionHistory(data, methodology.parameters);
          const computed = missing.map((day) => ({ day, result: runInstitution(history.on(day), methodology.parameters) }));
          await this.backfillSnapshots(em, id, methodology.version, computed);
          tx.emit('scores.recomputed', { subject: id });
          return computed.reduce((s, c) => s + 1 + c.result.procedures.length, 0);
        });
      });
      await this.recomputeNationalDays(days);
    }
    const ms = Date.now() - started;
    this.logger.info({ days: days.length, institutions: ids.length, snapshots, ms }, 'score history backfilled');
    return { days: days.length, institutions: ids.length, snapshots, ms };
  }

  /** Applies the snapshot retention (daily for the window, then the last of each month), institution by institution. */
  async pruneSnapshots(today = todayInGuatemala()): Promise<{ deleted: number }> {
    const before = dailyWindowStart(today);
    let deleted = 0;
    for (const id of await active(this.db)) {
      deleted += await this.db.run(
        Access.institution(systemActor(), id, 'scoring.retention'),
        async ({ em }) => ((await em.query(PRUNE_INSTITUTION_SNAPSHOTS_SQL, [id, before])) as [unknown, number])[1],
      );
    }
    deleted += await this.db.run(
      Access.administrative(systemActor(), 'scoring.retention'),
      async ({ em }) => ((await em.query(PRUNE_NATIONAL_SNAPSHOTS_SQL, [NATIONAL_SUBJECT, before])) as [unknown, number])[1],
    );
    this.logger.info({ deleted, keptDailyFrom: before }, 'score snapshots pruned');
    return { deleted };
  }
}

/** Open milestones of approved plans past their due date and never announced (today's runs): one public event each. */
function announceMissedMilestones(tx: UnitOfWork, institutionId: string, missed: readonly MissedMilestoneRow[]): void {
  for (const m of missed) {
    tx.emit('public.changed', {
      type: 'milestone_missed',
      institutionId,
      procedureId: m.procedure_id,
      subject: 'milestone',
      subjectId: m.id,
      changes: [{ field: 'dueDate', oldValue: null, newValue: m.due_date }],
    });
  }
}

/** The findings-table stamp a stored findings digest (`digest:stamp`) was taken with (null: none recorded). */
const findingsStampOf = (digest: string | null): string | null => (digest ? digest.slice(digest.indexOf(':') + 1) : null);

/** The institution snapshots of several days as upsertInstitutionSnapshots reads them, with the digests of what their runs wrote (null: not recorded). */
function institutionSnapshotRows(
  days: ReadonlyArray<{ day: string; result: InstitutionRun; findingsDigest: string | null; inputsDigest: string | null }>,
): string {
  return JSON.stringify(
    days.map(({ day, result, findingsDigest, inputsDigest }) => ({
      day,
      score: result.institution.score,
      components: { components: result.institution.components },
      indicators: result.indicators,
      burden: result.burden,
      resolution_days: resolutionDayCounts(result.procedures.map((p) => p.components.inputs)),
      findings_digest: findingsDigest,
      inputs_digest: inputsDigest,
    })),
  );
}

/** The procedure snapshot rows of one institution on one day, as the upsert reads them (their inputs, packed, not their explanation). */
function procedureSnapshotRows(day: string, result: InstitutionRun) {
  return result.procedures.map((p) => ({
    id: p.id,
    day,
    score: p.score,
    components: packProcedureComponents(p.components),
    actual_days: p.components.inputs.actualMedianDays,
    legal_days: p.components.inputs.legalMaxDays,
  }));
}

/** National figures of the institutions matching the filters, on each day asked (the stored national snapshots use no filter). */
export async function nationalFiguresOn(em: EntityManager, days: readonly string[], filters: NationalFilters) {
  return figuresOf(days, await loadNationalInputs(em, days, filters));
}

/** National figures of each day from its inputs. */
function figuresOf(days: readonly string[], inputs: Map<string, NationalInputs>) {
  return new Map(
    days.map((day) => {
      const input = inputs.get(day)!;
      const national = aggregateNational(input.rows);
      return [
        day,
        {
          ...national,
          indicators: { ...national.indicators, resolutionDays: { medianActual: input.medianActual, medianLegal: input.medianLegal } },
          rows: input.rows,
        },
      ];
    }),
  );
}

/** National figures of the institutions matching the filters, on one day. */
export async function nationalFigures(em: EntityManager, day: string, filters: NationalFilters) {
  return (await nationalFiguresOn(em, [day], filters)).get(day)!;
}

/** Runs `work` over the items, PARALLEL_INSTITUTIONS at a time. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_INSTITUTIONS, items.length) }, worker));
}
