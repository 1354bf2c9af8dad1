import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { assertRole } from '../../../common/auth/access';
import { Actor, isCommission } from '../../../common/auth/actor';
import { ANY_ROLE, COMMISSION_ROLES, INSTITUTION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { formatDateTimeGt } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { institutionOfRow } from '../../../database/tenant-scope';
import { AuditService } from '../../audit/audit.service';
import { findVisibleProcedure, ProcedureLookup } from '../procedures/procedure-lookup.service';
import {
  AssessmentQuery, AssessmentResponse, AssessmentRow, RejectAssessmentDto, ReviewQueueQuery, SubmitAssessmentDto, ValidateAssessmentDto,
} from './dto/maturity-assessment.dto';
import { MaturityAssessment } from './entities/maturity-assessment.entity';
import { AnswerMismatch, checkAnswers, compareAnswers, computeLevel, LocatedProblem } from './maturity-level';
import { MaturityModelsService } from './maturity-models.service';

const ENTITY = 'maturity_assessment';
const WHAT = 'La evaluación de madurez';
const REVIEWED = { validated: 'validada', rejected: 'rechazada', submitted: 'enviada' } as const;

const blankToNull = (s: string | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/**
 * Maturity assessments: a liaison answers the active model's criteria with evidence, the level follows from
 * the answers (computed here, never sent), an analyst validates or rejects it, and the procedure's current
 * level becomes that of its most recently submitted validated assessment.
 */
@Injectable()
export class MaturityAssessmentsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly models: MaturityModelsService,
    private readonly procedures: ProcedureLookup,
  ) {}

  async submit(actor: Actor, procedureId: string, dto: SubmitAssessmentDto): Promise<AssessmentResponse> {
    assertRole(actor, INSTITUTION_ROLES);
    const institutionId = actor.institutionId!;
    return this.db.inInstitution(actor, institutionId, async (em) => {
      const procedure = await this.procedures.findInInstitution(em, institutionId, procedureId);
      if (procedure.status !== 'active') {
        throw AppException.conflict(`El trámite ${procedure.code} no está vigente (${procedure.status === 'merged' ? 'fue fusionado' : 'fue eliminado'}); no se puede evaluar.`);
      }
      const model = await this.models.activeModel(em);
      const problems = checkAnswers(model.levels, dto.answers);
      if (problems.length) throw answersException(model.version, compareAnswers(model.levels, dto.answers), problems);
      const resultingLevel = computeLevel(model.levels, dto.answers);
      const evidenceUrl = blankToNull(dto.evidenceUrl);
      const evidenceNote = blankToNull(dto.evidenceNote);
      if (resultingLevel >= 1 && !evidenceUrl && !evidenceNote) {
        throw AppException.badRequest(
          `Las respuestas corresponden al nivel ${resultingLevel}; adjunte la evidencia (un enlace, una nota o ambos) para que la Comisión pueda verificarla.`,
          [
            { field: 'evidenceUrl', messages: ['se necesita evidenceUrl o evidenceNote cuando el nivel resultante es 1 o más'] },
            { field: 'evidenceNote', messages: ['se necesita evidenceUrl o evidenceNote cuando el nivel resultante es 1 o más'] },
          ],
          ErrorCode.ValidationFailed,
        );
      }
      const repo = em.getRepository(MaturityAssessment);
      const saved = await repo.save(repo.create({
        institutionId, procedureId, modelId: model.id, answers: { ...dto.answers }, resultingLevel, evidenceUrl, evidenceNote,
        status: 'submitted', submittedBy: actor.userId!,
      }));
      await this.audit.record(em, actor, { institutionId, entity: ENTITY, entityId: saved.id, action: 'submit', after: saved });
      return AssessmentResponse.from(await this.readOne(em, saved.id, institutionId));
    });
  }

  /** A procedure's assessments, newest first: its institution's users and the Commission. */
  async listForProcedure(actor: Actor, procedureId: string, query: AssessmentQuery): Promise<Page<AssessmentResponse>> {
    assertRole(actor, ANY_ROLE);
    return this.db.forReading(actor, 'maturity.assessments.list', async (em) => {
      const procedure = await findVisibleProcedure(em, actor, procedureId);
      const qb = this.query(em)
        .where('a.procedure_id = :procedureId', { procedureId })
        .andWhere('a.institution_id = :institutionId', { institutionId: procedure.institutionId })
        .orderBy('a.createdAt', 'DESC').addOrderBy('a.id', 'DESC');
      if (query.status) qb.andWhere('a.status = :status', { status: query.status });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf((rows as AssessmentRow[]).map(AssessmentResponse.from), total, query);
    });
  }

  async get(actor: Actor, id: string): Promise<AssessmentResponse> {
    assertRole(actor, ANY_ROLE);
    return this.db.forReading(actor, 'maturity.assessments.get', async (em) =>
      AssessmentResponse.from(await this.readOne(em, id, isCommission(actor) ? undefined : actor.institutionId!)));
  }

  /** What awaits the Commission, across institutions, oldest first. */
  async reviewQueue(actor: Actor, query: ReviewQueueQuery): Promise<Page<AssessmentResponse>> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.acrossInstitutions(actor, 'maturity.assessments.review-queue', async (em) => {
      const qb = this.query(em).where('a.status = :status', { status: query.status ?? 'submitted' })
        .orderBy('a.createdAt', 'ASC').addOrderBy('a.id', 'ASC');
      if (query.institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId: query.institutionId });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      return pageOf((rows as AssessmentRow[]).map(AssessmentResponse.from), total, query);
    });
  }

  validate(actor: Actor, id: string, dto: ValidateAssessmentDto): Promise<AssessmentResponse> {
    return this.review(actor, id, 'validated', blankToNull(dto.comment));
  }

  reject(actor: Actor, id: string, dto: RejectAssessmentDto): Promise<AssessmentResponse> {
    const comment = blankToNull(dto.comment);
    if (!comment || comment.length < 3) {
      throw AppException.badRequest('Indique el motivo del rechazo (al menos 3 caracteres).', [{ field: 'comment', messages: ['es obligatorio'] }], ErrorCode.ValidationFailed);
    }
    return this.review(actor, id, 'rejected', comment);
  }

  /**
   * Finds the assessment across institutions (read-only), then writes inside its institution's transaction:
   * only a submitted assessment can be reviewed; validating sets the procedure's level from its most recently
   * submitted validated assessment, so validating an older submission late never rolls the level back.
   */
  private async review(actor: Actor, id: string, outcome: 'validated' | 'rejected', comment: string | null): Promise<AssessmentResponse> {
    assertRole(actor, COMMISSION_ROLES);
    const institutionId = await institutionOfRow(this.db, actor, MaturityAssessment, id, WHAT, 'maturity.assessments.review');

    return this.db.inInstitution(actor, institutionId, async (em) => {
      const repo = em.getRepository(MaturityAssessment);
      const current = await repo.findOne({ where: { id, institutionId }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw AppException.notFound(WHAT);
      if (current.status !== 'submitted') {
        const when = current.reviewedAt ? ` el ${formatDateTimeGt(current.reviewedAt)}` : '';
        throw AppException.conflict(
          `La evaluación ya fue ${REVIEWED[current.status]}${when}; solo se pueden revisar evaluaciones pendientes.`,
          { status: current.status, reviewedBy: current.reviewedBy, reviewedAt: current.reviewedAt },
        );
      }
      const before = { ...current };
      const after = await repo.save(repo.merge(current, { status: outcome, reviewedBy: actor.userId, reviewedAt: new Date(), reviewComment: comment }));
      await this.audit.record(em, actor, { institutionId, entity: ENTITY, entityId: id, action: outcome === 'validated' ? 'validate' : 'reject', before, after });

      if (outcome === 'validated') {
        // Serialise validations of the same procedure, then take the newest submission among the validated ones.
        const procedure = await this.procedures.findInInstitution(em, institutionId, after.procedureId, true);
        const latest = await repo.findOneOrFail({
          where: { institutionId, procedureId: after.procedureId, status: 'validated' },
          order: { createdAt: 'DESC', id: 'DESC' },
        });
        await this.procedures.recordValidatedLevel(em, actor, procedure, latest.resultingLevel);
      }
      return AssessmentResponse.from(await this.readOne(em, id, institutionId));
    });
  }

  private query(em: EntityManager): SelectQueryBuilder<MaturityAssessment> {
    return em.getRepository(MaturityAssessment).createQueryBuilder('a')
      .innerJoin('a.procedure', 'p').addSelect(['p.id', 'p.code', 'p.name'])
      .innerJoin('a.institution', 'i').addSelect(['i.id', 'i.code', 'i.name'])
      .innerJoin('a.model', 'm').addSelect(['m.id', 'm.version']);
  }

  private async readOne(em: EntityManager, id: string, institutionId: string | undefined): Promise<AssessmentRow> {
    const qb = this.query(em).where('a.id = :id', { id });
    if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
    const found = await qb.getOne();
    if (!found) throw AppException.notFound(WHAT);
    return found as AssessmentRow;
  }
}

function answersException(modelVersion: number, mismatch: AnswerMismatch, problems: LocatedProblem[]): AppException {
  const parts = [
    mismatch.unknown.length ? `criterios desconocidos: ${mismatch.unknown.join(', ')}` : '',
    mismatch.missing.length ? `faltan: ${mismatch.missing.join(', ')}` : '',
    mismatch.notBoolean.length ? `no son verdadero o falso: ${mismatch.notBoolean.join(', ')}` : '',
  ].filter(Boolean);
  return AppException.badRequest(
    `Las respuestas deben cubrir exactamente los criterios del modelo de madurez vigente (versión ${modelVersion}); ${parts.join('; ')}.`,
    problems, ErrorCode.ValidationFailed,
  );
}
