import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { EntityManager } from 'typeorm';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import { Methodology } from './entities/methodology.entity';
import { NATIONAL_SUBJECT } from './entities/score-snapshot.entity';
import { runInstitution } from './institution-run';
import { reportingSinceOf } from './institution-score';
import { round2 } from './procedure-score';
import {
  ACTIONS_SQL, MILESTONE_COUNTS_SQL, PROCEDURE_INPUTS_SQL, ProcedureInputRow, REPORTS_SQL, SCORE_CHANGE_EVENTS_SQL, UPSERT_PROCEDURE_SNAPSHOTS_SQL,
  UPSERT_SNAPSHOT_SQL,
} from './score-inputs.sql';

export interface RunOptions {
  /** Test seam for fault injection: runs inside the transaction after every write, before commit. */
  beforeCommit?: () => void | Promise<void>;
}

const PARALLEL_INSTITUTIONS = 3;

/**
 * Computes and stores score snapshots. One transaction per institution (a crash leaves no half-written
 * institution; a retry simply recomputes), serialised per institution by a transaction-scoped advisory lock
 * (two workers never compute the same institution at once), idempotent per day (upserts replace the day's rows).
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly db: Database,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ScoringService.name);
  }

  activeMethodology(em: EntityManager): Promise<Methodology> {
    return em.getRepository(Methodology).findOneOrFail({ where: { active: true } });
  }

  async recomputeInstitution(institutionId: string, day = todayInGuatemala(), opts: RunOptions = {}): Promise<{ procedures: number; score: number } | null> {
    return this.db.run(Access.institution(systemActor(), institutionId, 'scoring.institution'), async (tx) => {
      const em = tx.em;
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('score:' || $1))`, [institutionId]);
      // Snapshots are derived data (a lost commit is recomputed by the next run): skip waiting for the WAL flush.
      await em.query(`SET LOCAL synchronous_commit TO OFF`);
      const [institution] = await em.query(`SELECT id, opted_in_at::text AS opted_in_at, active FROM institutions WHERE id = $1`, [institutionId]);
      if (!institution?.active) return null;
      const methodology = await this.activeMethodology(em);
      const m = methodology.parameters;
      // One connection per transaction: the four reads go one after another.
      const procedures: ProcedureInputRow[] = await em.query(PROCEDURE_INPUTS_SQL, [institutionId, day]);
      const [milestones] = await em.query(MILESTONE_COUNTS_SQL, [institutionId, day]);
      const reports = await em.query(REPORTS_SQL, [institutionId]);
      const actions = await em.query(ACTIONS_SQL, [institutionId]);
      const reportingSince = reportingSinceOf(m, institution.opted_in_at);
      const result = runInstitution({ procedures, milestones, reports, actions, methodology: m, today: day, reportingSince });

      // Today's snapshots of procedures that are no longer active (eliminated or merged since an earlier run today).
      await em.query(
        `DELETE FROM score_snapshots s WHERE s.scope = 'procedure' AND s.institution_id = $1 AND s.snapshot_date = $2
            AND NOT EXISTS (SELECT 1 FROM procedures p WHERE p.id = s.subject_id AND p.status = 'active')`,
        [institutionId, day],
      );
      if (result.procedures.length) {
        const scores = JSON.stringify(result.procedures.map((p) => ({ id: p.id, score: p.score })));
        await em.query(SCORE_CHANGE_EVENTS_SQL, [institutionId, day, scores]);
        await em.query(UPSERT_PROCEDURE_SNAPSHOTS_SQL, [institutionId, day, methodology.version, JSON.stringify(result.procedures)]);
      }
      await em.query(UPSERT_SNAPSHOT_SQL, [
        'institution', institutionId, institutionId, day, methodology.version, result.institution.score,
        JSON.stringify({ components: result.institution.components }), JSON.stringify(result.indicators), JSON.stringify(result.burden),
      ]);
      tx.emit('scores.recomputed', { subject: institutionId });
      await opts.beforeCommit?.();
      return { procedures: result.procedures.length, score: result.institution.score };
    });
  }

  /** National figures from each institution's latest snapshot up to the day, plus national medians. */
  async recomputeNational(day = todayInGuatemala()): Promise<{ score: number; institutions: number }> {
    return this.db.run(Access.administrative(systemActor(), 'scoring.national'), async (tx) => {
      const em = tx.em;
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('score:national'))`);
      const methodology = await this.activeMethodology(em);
      const latest: Array<{ score: string; indicators: NationalIndicatorsInput; burden: NationalBurdenInput }> = await em.query(
        `SELECT DISTINCT ON (s.subject_id) s.score, s.indicators, s.burden
           FROM score_snapshots s JOIN institutions i ON i.id = s.subject_id AND i.active
          WHERE s.scope = 'institution' AND s.snapshot_date <= $1
          ORDER BY s.subject_id, s.snapshot_date DESC`,
        [day],
      );
      const [medians] = await em.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY actual_median_days) AS actual, percentile_cont(0.5) WITHIN GROUP (ORDER BY legal_max_days) AS legal
           FROM procedures WHERE status = 'active'`,
      );
      const national = aggregateNational(latest.map((l) => ({ score: Number(l.score), indicators: l.indicators, burden: l.burden })));
      national.indicators.resolutionDays = { medianActual: medians.actual === null ? null : Number(medians.actual), medianLegal: medians.legal === null ? null : Number(medians.legal) };
      await em.query(UPSERT_SNAPSHOT_SQL, [
        'national', NATIONAL_SUBJECT, null, day, methodology.version, national.score,
        JSON.stringify({ meanScore: national.score, meanScoreWeightedByProcedures: national.weightedScore, institutions: latest.length }),
        JSON.stringify(national.indicators), JSON.stringify({ ...national.burden, parameters: methodology.parameters.burden }),
      ]);
      tx.emit('scores.recomputed', { subject: 'national' });
      return { score: national.score, institutions: latest.length };
    });
  }

  /** Every active institution (a few at a time), then the nation. */
  async recomputeAll(day = todayInGuatemala(), onProgress?: (done: number, total: number) => void): Promise<{ institutions: number; procedures: number; ms: number }> {
    const started = Date.now();
    const ids: string[] = await this.db.run(Access.self(systemActor(), 'scoring.all'), ({ em }) => em.query(`SELECT id FROM institutions WHERE active ORDER BY code`)).then((r) => r.map((x: { id: string }) => x.id));
    let next = 0;
    let done = 0;
    let procedures = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const r = await this.recomputeInstitution(id, day);
        procedures += r?.procedures ?? 0;
        onProgress?.(++done, ids.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_INSTITUTIONS, ids.length) }, worker));
    await this.recomputeNational(day);
    const ms = Date.now() - started;
    this.logger.info({ institutions: ids.length, procedures, ms }, 'scores recomputed');
    return { institutions: ids.length, procedures, ms };
  }
}

interface NationalIndicatorsInput {
  procedures: Record<string, number>;
  levels: Record<string, number>;
  requirements: Record<string, number | null>;
  milestones: Record<string, number>;
  reports: Record<string, number>;
  actionsByType: Record<string, number>;
}
type NationalBurdenInput = Record<string, number | object>;

/** Sums of the institutions' indicators; mean score plain and weighted by registered procedures. Pure. */
export function aggregateNational(rows: Array<{ score: number; indicators: NationalIndicatorsInput; burden: NationalBurdenInput }>) {
  const add = (into: Record<string, number>, from: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(from ?? {})) if (typeof v === 'number') into[k] = round2((into[k] ?? 0) + v);
    return into;
  };
  const procedures: Record<string, number> = {};
  const levels: Record<string, number> = {};
  const requirements: Record<string, number> = {};
  const milestones: Record<string, number> = {};
  const reports: Record<string, number> = {};
  const actionsByType: Record<string, number> = {};
  const burden: Record<string, number> = {};
  for (const r of rows) {
    add(procedures, r.indicators.procedures);
    add(levels, r.indicators.levels);
    add(requirements, { active: r.indicators.requirements.active, withLegalBasis: r.indicators.requirements.withLegalBasis, prohibitedActive: r.indicators.requirements.prohibitedActive, eliminatedSinceBaseline: r.indicators.requirements.eliminatedSinceBaseline });
    add(milestones, r.indicators.milestones);
    add(reports, r.indicators.reports);
    add(actionsByType, r.indicators.actionsByType);
    add(burden, r.burden);
  }
  const score = rows.length ? round2(rows.reduce((s, r) => s + r.score, 0) / rows.length) : 0;
  const totalProcedures = rows.reduce((s, r) => s + (r.indicators.procedures?.registered ?? 0), 0);
  const weightedScore = totalProcedures ? round2(rows.reduce((s, r) => s + r.score * (r.indicators.procedures?.registered ?? 0), 0) / totalProcedures) : 0;
  requirements.withLegalBasisShare = requirements.active ? round2(requirements.withLegalBasis / requirements.active) : 0;
  return {
    score, weightedScore,
    indicators: { institutions: rows.length, procedures, levels, requirements, milestones, reports, actionsByType, meanScoreWeightedByProcedures: weightedScore, resolutionDays: {} as Record<string, number | null> },
    burden,
  };
}

