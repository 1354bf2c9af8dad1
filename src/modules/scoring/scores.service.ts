import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { Access, assertInstitutionAccess, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import { Procedure } from '../inventory/procedures/entities/procedure.entity';
import {
  CreateMethodologyDto,
  ImprovementActionsQuery,
  ImprovementActionsResponse,
  MethodologyResponse,
  NationalFiguresResponse,
  NationalQuery,
  NationalTrendQuery,
  ScoreResponse,
  TrendQuery,
  TrendResponse,
} from './dto/scoring.dto';
import { InstitutionHistory } from './as-of';
import { Methodology } from './entities/methodology.entity';
import { NATIONAL_SUBJECT, ScoreScope, ScoreSnapshot } from './entities/score-snapshot.entity';
import { rankImprovementActions } from './improvement-actions';
import { loadInstitutionData } from './institution-data';
import { institutionScoreOf, procedureInputsOf } from './institution-run';
import { activeMethodologyOf, DEFAULT_METHODOLOGY, MethodologyParameters, methodologyProblems, resolveParameters } from './methodology';
import { meanScore, nationalFilter } from './national';
import { procedureScore } from './procedure-score';
import { explainProcedureSnapshot, StoredProcedureSnapshot } from './procedure-snapshot';
import { nationalFigures } from './scoring.service';
import {
  ACTIVATE_METHODOLOGY_SQL,
  FILTERED_INSTITUTION_TREND_SQL,
  LOCK_METHODOLOGIES_SQL,
  NATIONAL_TREND_SQL,
  NEXT_METHODOLOGY_VERSION_SQL,
  NextVersionRow,
  SUBJECT_TREND_SQL,
  TrendPointRow,
} from './scores.sql';

/** Reading scores (with their explanation), national figures, ranked actions, and managing methodology versions. */
@Injectable()
export class ScoresService {
  constructor(private readonly db: Database) {}

  async institutionScore(actor: Actor, institutionId: string): Promise<ScoreResponse> {
    assertInstitutionAccess(actor, institutionId);
    return this.db.run(Access.forReading(actor, 'scores.institution'), async ({ em }) =>
      this.explain(em, await this.latest(em, 'institution', institutionId, 'La institución aún no tiene puntaje calculado')),
    );
  }

  async procedureScore(actor: Actor, procedureId: string): Promise<ScoreResponse> {
    return this.db.run(Access.forReading(actor, 'scores.procedure'), async (tx) => {
      await tx.find(Procedure, procedureId, 'El trámite', { select: { id: true } });
      return this.explain(tx.em, await this.latest(tx.em, 'procedure', procedureId, 'El trámite aún no tiene puntaje calculado'));
    });
  }

  /**
   * National figures on today, live from each institution's latest snapshot: mean score (plain and weighted by procedures)
   * of the institutions with a score, each component's mean, the ranking, and the institutions without inventory apart.
   * Filters: coverage (bound / opted in), type, sector. The public API serves the same method.
   */
  async nationalScore(actor: Actor, q: NationalQuery): Promise<NationalFiguresResponse> {
    return this.db.run(Access.acrossInstitutions(actor, 'scores.national'), ({ em }) => nationalFiguresResponse(em, q));
  }

  async institutionTrend(actor: Actor, institutionId: string, q: TrendQuery): Promise<TrendResponse> {
    assertInstitutionAccess(actor, institutionId);
    return this.db.run(Access.forReading(actor, 'scores.trend'), ({ em }) => this.trend(em, 'institution', institutionId, q));
  }

  async procedureTrend(actor: Actor, procedureId: string, q: TrendQuery): Promise<TrendResponse> {
    return this.db.run(Access.forReading(actor, 'scores.trend'), async (tx) => {
      await tx.find(Procedure, procedureId, 'El trámite', { select: { id: true } });
      return this.trend(tx.em, 'procedure', procedureId, q);
    });
  }

  /** The national series; with filters, the mean of the matching institutions' scores on each day. */
  async nationalTrend(actor: Actor, q: NationalTrendQuery): Promise<TrendResponse> {
    return this.db.run(Access.acrossInstitutions(actor, 'scores.trend'), ({ em }) => nationalTrend(em, q));
  }

  /**
   * What would raise an institution's score, ranked by points: computed now from its records with the active methodology
   * (the same formulas as the nightly run). Institution users see their own; the Commission any.
   */
  async improvementActions(actor: Actor, institutionId: string, q: ImprovementActionsQuery): Promise<ImprovementActionsResponse> {
    assertInstitutionAccess(actor, institutionId);
    const today = todayInGuatemala();
    return this.db.run(Access.forReading(actor, 'scores.actions'), async ({ em }) => {
      const methodology = await activeMethodologyOf(em);
      const data = await loadInstitutionData(em, institutionId, today, today);
      if (!data) throw AppException.notFound('La institución');
      const history = new InstitutionHistory(data, methodology.parameters);
      const day = history.on(today);
      const score = institutionScoreOf(
        day,
        day.procedures.map((p) => procedureScore(procedureInputsOf(p), methodology.parameters)),
        methodology.parameters,
      ).score;
      const all = rankImprovementActions(history, day).filter((a) => !q.procedureId || a.procedureId === q.procedureId);
      return { institutionId, date: today, score, total: all.length, items: all.slice(0, q.limit ?? 50) };
    });
  }

  async methodologies(actor: Actor): Promise<MethodologyResponse[]> {
    return this.db.run(Access.self(actor, 'methodologies.list'), async ({ em }) =>
      (await em.getRepository(Methodology).find({ order: { version: 'DESC' } })).map(withParameters),
    );
  }

  async activeMethodology(actor: Actor): Promise<MethodologyResponse> {
    return this.db.run(Access.self(actor, 'methodologies.active'), async ({ em }) =>
      withParameters(await em.getRepository(Methodology).findOneOrFail({ where: { active: true } })),
    );
  }

  /**
   * A new version (inactive until activated). Weights must be non-negative and sum to 100, per group; rule sets not
   * given take the product defaults.
   */
  async createMethodology(actor: Actor, dto: CreateMethodologyDto): Promise<MethodologyResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const { name, ...given } = dto;
    const parameters = { ...DEFAULT_METHODOLOGY, ...stripUndefined(given) } as MethodologyParameters;
    const problems = methodologyProblems(parameters);
    if (problems.length) {
      throw AppException.badRequest(
        `La metodología no es válida: ${problems.map((p) => `${p.field} ${p.messages.join(', ')}`).join('; ')}.`,
        problems,
        ErrorCode.ValidationFailed,
      );
    }
    return this.db.run(Access.administrative(actor, 'methodologies.create'), async (tx) => {
      const { em } = tx;
      await em.query(LOCK_METHODOLOGIES_SQL);
      const [{ next }]: NextVersionRow[] = await em.query(NEXT_METHODOLOGY_VERSION_SQL);
      const saved = await em
        .getRepository(Methodology)
        .save(em.getRepository(Methodology).create({ version: next, name, parameters, active: false, createdBy: actor.userId }));
      await tx.audit({ entity: 'methodology', entityId: saved.id, action: 'create', after: saved });
      return saved;
    });
  }

  /** Makes one version the only active one; the next runs use it, earlier snapshots keep theirs. */
  async activateMethodology(actor: Actor, id: string): Promise<MethodologyResponse> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.administrative(actor, 'methodologies.activate'), async (tx) => {
      const { em } = tx;
      await em.query(LOCK_METHODOLOGIES_SQL);
      const target = await em.getRepository(Methodology).findOne({ where: { id } });
      if (!target) throw AppException.notFound('La metodología');
      await em.query(ACTIVATE_METHODOLOGY_SQL, [id]);
      await tx.audit({ entity: 'methodology', entityId: id, action: 'activate', after: { version: target.version } });
      return withParameters({ ...target, active: true });
    });
  }

  private async latest(em: EntityManager, scope: ScoreScope, subjectId: string, missing: string): Promise<ScoreSnapshot> {
    const s = await em.getRepository(ScoreSnapshot).findOne({
      where: { scope, subjectId, snapshotDate: LessThanOrEqual(todayInGuatemala()) },
      order: { snapshotDate: 'DESC' },
    });
    if (!s) throw AppException.notFound('El puntaje', { reason: missing });
    return s;
  }

  private async trend(em: EntityManager, scope: ScoreScope, subjectId: string, q: TrendQuery): Promise<TrendResponse> {
    const rows: TrendPointRow[] = await em.query(SUBJECT_TREND_SQL, [scope, subjectId, q.from ?? null, q.to ?? null]);
    return {
      items: rows.map((r) => ({
        date: r.date,
        score: r.score === null ? null : Number(r.score),
        methodologyVersion: r.methodology_version,
      })),
    };
  }

  /** Components with weights, inputs and advice; procedure snapshots keep inputs, re-derived with their own methodology version. */
  private async explain(em: EntityManager, s: ScoreSnapshot): Promise<ScoreResponse> {
    let components: ScoreResponse['components'];
    let burden = s.burden;
    if (s.scope === 'procedure') {
      const methodology = await em.getRepository(Methodology).findOneOrFail({ where: { version: s.methodologyVersion } });
      const stored = { components: s.components, burden: s.burden } as StoredProcedureSnapshot;
      const explained = explainProcedureSnapshot(stored, resolveParameters(methodology.parameters));
      components = explained.components;
      burden = explained.burden && { ...explained.burden };
    } else {
      // Institution snapshots keep their components whole (older ones lack `applicable`: a component applied when it had a value).
      components = ((s.components as { components: ScoreResponse['components'] }).components ?? []).map((c) => ({
        ...c,
        applicable: c.applicable ?? c.value !== null,
      }));
    }
    return {
      scope: s.scope,
      subjectId: s.subjectId,
      institutionId: s.institutionId,
      date: s.snapshotDate,
      methodologyVersion: s.methodologyVersion,
      status: s.score === null ? 'no_inventory' : 'scored',
      score: s.score === null ? null : Number(s.score),
      components,
      indicators: s.indicators,
      burden,
      computedAt: s.computedAt,
    };
  }
}

const withParameters = (m: Methodology): MethodologyResponse => ({ ...m, parameters: resolveParameters(m.parameters) });

const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The national figures response (today, filtered), shared by the authenticated and the public API. */
export async function nationalFiguresResponse(em: EntityManager, q: NationalQuery): Promise<NationalFiguresResponse> {
  const today = todayInGuatemala();
  const methodology = await activeMethodologyOf(em);
  const filters: NationalQuery = { coverage: q.coverage, type: q.type, sector: q.sector };
  const n = await nationalFigures(em, today, filters);
  const institution = (r: (typeof n.rows)[number]) => ({
    code: r.code,
    name: r.name,
    type: r.type,
    coverage: r.coverage,
    sector: r.sector,
    score: r.score,
    date: r.date,
  });
  return {
    date: today,
    methodologyVersion: methodology.version,
    filters: stripUndefined(filters),
    score: n.score,
    scoreWeightedByProcedures: n.weightedScore,
    institutions: n.institutions,
    components: n.components.map((c) => ({ ...c, weight: methodology.parameters.institutionWeights[c.component] })),
    ranking: n.rows
      .filter((r) => r.score !== null)
      .sort((a, b) => b.score! - a.score! || a.code.localeCompare(b.code))
      .map(institution),
    withoutInventory: n.rows
      .filter((r) => r.score === null)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map(institution),
    indicators: n.indicators,
    burden: { ...n.burden, parameters: methodology.parameters.burden },
  };
}

/** The national series: stored national snapshots without filters; with filters, the daily mean of the matching institutions. */
export async function nationalTrend(em: EntityManager, q: NationalTrendQuery): Promise<TrendResponse> {
  const range = [q.from ?? null, q.to ?? null];
  if (!q.coverage && !q.type && !q.sector) {
    const rows: TrendPointRow[] = await em.query(NATIONAL_TREND_SQL, [...range, NATIONAL_SUBJECT]);
    return {
      items: rows.map((r) => ({
        date: r.date,
        score: r.score === null ? null : Number(r.score),
        methodologyVersion: r.methodology_version,
      })),
    };
  }
  const filter = nationalFilter(q, range);
  const rows: TrendPointRow[] = await em.query(FILTERED_INSTITUTION_TREND_SQL(filter.andClause), filter.params);
  const byDay = new Map<string, { scores: Array<number | null>; version: number }>();
  for (const r of rows) {
    const d = byDay.get(r.date) ?? { scores: [], version: r.methodology_version };
    d.scores.push(r.score === null ? null : Number(r.score));
    d.version = Math.max(d.version, r.methodology_version);
    byDay.set(r.date, d);
  }
  return { items: [...byDay].map(([date, d]) => ({ date, score: meanScore(d.scores), methodologyVersion: d.version })) };
}
