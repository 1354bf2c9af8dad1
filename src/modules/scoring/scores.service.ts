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
import { CreateMethodologyDto, MethodologyResponse, ScoreResponse, TrendQuery, TrendResponse } from './dto/scoring.dto';
import { Methodology } from './entities/methodology.entity';
import { NATIONAL_SUBJECT, ScoreScope, ScoreSnapshot } from './entities/score-snapshot.entity';
import { MethodologyParameters, methodologyProblems } from './methodology';
import { ProcedureInputs, scoreProcedure } from './procedure-score';
import { ScoringService } from './scoring.service';

/** Reading scores (with their explanation) and managing methodology versions. */
@Injectable()
export class ScoresService {
  constructor(
    private readonly db: Database,
    private readonly scoring: ScoringService,
  ) {}

  async institutionScore(actor: Actor, institutionId: string): Promise<ScoreResponse> {
    assertInstitutionAccess(actor, institutionId);
    return this.db.run(Access.forReading(actor, 'scores.institution'), async ({ em }) => this.explain(em, await this.latest(em, 'institution', institutionId, 'La institución aún no tiene puntaje calculado')));
  }

  async procedureScore(actor: Actor, procedureId: string): Promise<ScoreResponse> {
    return this.db.run(Access.forReading(actor, 'scores.procedure'), async (tx) => {
      await tx.find(Procedure, procedureId, 'El trámite', { select: { id: true } });
      return this.explain(tx.em, await this.latest(tx.em, 'procedure', procedureId, 'El trámite aún no tiene puntaje calculado'));
    });
  }

  async nationalScore(actor: Actor): Promise<ScoreResponse> {
    return this.db.run(Access.acrossInstitutions(actor, 'scores.national'), async ({ em }) => this.explain(em, await this.latest(em, 'national', NATIONAL_SUBJECT, 'Aún no hay cifras nacionales calculadas')));
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

  async nationalTrend(actor: Actor, q: TrendQuery): Promise<TrendResponse> {
    return this.db.run(Access.acrossInstitutions(actor, 'scores.trend'), ({ em }) => this.trend(em, 'national', NATIONAL_SUBJECT, q));
  }

  async methodologies(actor: Actor): Promise<MethodologyResponse[]> {
    return this.db.run(Access.self(actor, 'methodologies.list'), ({ em }) => em.getRepository(Methodology).find({ order: { version: 'DESC' } }));
  }

  async activeMethodology(actor: Actor): Promise<MethodologyResponse> {
    return this.db.run(Access.self(actor, 'methodologies.active'), ({ em }) => this.scoring.activeMethodology(em));
  }

  /** A new version (inactive until activated). Weights must be non-negative and sum to 100, per group. */
  async createMethodology(actor: Actor, dto: CreateMethodologyDto): Promise<MethodologyResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const { name, ...parameters } = dto;
    const problems = methodologyProblems(parameters as MethodologyParameters);
    if (problems.length) {
      throw AppException.badRequest(`La metodología no es válida: ${problems.map((p) => `${p.field} ${p.messages.join(', ')}`).join('; ')}.`, problems, ErrorCode.ValidationFailed);
    }
    return this.db.run(Access.administrative(actor, 'methodologies.create'), async (tx) => {
      const { em } = tx;
      await em.query(`LOCK TABLE methodologies IN SHARE ROW EXCLUSIVE MODE`);
      const [{ next }] = await em.query(`SELECT coalesce(max(version), 0) + 1 AS next FROM methodologies`);
      const saved = await em.getRepository(Methodology).save(em.getRepository(Methodology).create({ version: next, name, parameters: parameters as MethodologyParameters, active: false, createdBy: actor.userId }));
      await tx.audit({ entity: 'methodology', entityId: saved.id, action: 'create', after: saved });
      return saved;
    });
  }

  /** Makes one version the only active one; the next runs use it, earlier snapshots keep theirs. */
  async activateMethodology(actor: Actor, id: string): Promise<MethodologyResponse> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.administrative(actor, 'methodologies.activate'), async (tx) => {
      const { em } = tx;
      await em.query(`LOCK TABLE methodologies IN SHARE ROW EXCLUSIVE MODE`);
      const target = await em.getRepository(Methodology).findOne({ where: { id } });
      if (!target) throw AppException.notFound('La metodología');
      await em.query(`UPDATE methodologies SET active = (id = $1)`, [id]);
      await tx.audit({ entity: 'methodology', entityId: id, action: 'activate', after: { version: target.version } });
      return { ...target, active: true };
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
    const rows: Array<{ date: string; score: string; methodology_version: number }> = await em.query(
      `SELECT snapshot_date::text AS date, score, methodology_version FROM score_snapshots
        WHERE scope = $1 AND subject_id = $2 AND ($3::date IS NULL OR snapshot_date >= $3) AND ($4::date IS NULL OR snapshot_date <= $4)
        ORDER BY snapshot_date`,
      [scope, subjectId, q.from ?? null, q.to ?? null],
    );
    return { items: rows.map((r) => ({ date: r.date, score: Number(r.score), methodologyVersion: r.methodology_version })) };
  }

  /** Components with weights, inputs and advice; procedure snapshots keep inputs, re-derived with their own methodology version. */
  private async explain(em: EntityManager, s: ScoreSnapshot): Promise<ScoreResponse> {
    let components: ScoreResponse['components'] = [];
    if (s.scope === 'procedure') {
      const methodology = await em.getRepository(Methodology).findOneOrFail({ where: { version: s.methodologyVersion } });
      components = scoreProcedure((s.components as { inputs: ProcedureInputs }).inputs, methodology.parameters).components;
    } else if (s.scope === 'institution') {
      components = (s.components as { components: ScoreResponse['components'] }).components;
    }
    return {
      scope: s.scope, subjectId: s.subjectId, institutionId: s.institutionId, date: s.snapshotDate, methodologyVersion: s.methodologyVersion,
      score: Number(s.score), components, indicators: s.scope === 'national' ? { ...s.indicators, ...s.components } : s.indicators, burden: s.burden, computedAt: s.computedAt,
    };
  }
}
