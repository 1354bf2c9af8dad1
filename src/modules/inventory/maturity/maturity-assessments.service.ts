import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Access, assertRole, institutionFilter } from '../../../common/auth/access';
import { Actor } from '../../../common/auth/actor';
import { ANY_ROLE, COMMISSION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';
import { offsetOf, Page, pageOf } from '../../../common/pagination/page';
import { formatDateTimeGt } from '../../../common/time/guatemala-time';
import { Database } from '../../../database/database.service';
import { UnitOfWork } from '../../../database/unit-of-work';
import type { ReviewChanged } from '../../../events/event-map';
import { Procedure } from '../procedures/entities/procedure.entity';
import { recordValidatedLevel } from '../procedures/procedure-level';
import {
  AssessmentQuery,
  AssessmentResponse,
  AssessmentRow,
  RejectAssessmentDto,
  ReviewQueueQuery,
  SubmitAssessmentDto,
  ValidateAssessmentDto,
} from './dto/maturity-assessment.dto';
import { MaturityAssessment } from './entities/maturity-assessment.entity';
import { AnswerMismatch, checkAnswers, compareAnswers, computeLevel, LocatedProblem } from '../rules/maturity-level';
import { MaturityModelsService } from './maturity-models.service';
import { activeMethodologyOf } from '../../scoring/methodology';
import { EvidenceFilesService, EvidenceUpload } from '../../evidence/evidence-files.service';

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
    private readonly models: MaturityModelsService,
    private readonly evidence: EvidenceFilesService,
  ) {}

  /**
   * `file`: evidence attached as a file (the workspace's form); it is checked (type sniffed, ≤ 10 MB) and stored in the
   * same transaction, so a refused assessment leaves no file behind. It counts as evidence like a link or a note.
   */
  async submit(actor: Actor, procedureId: string, dto: SubmitAssessmentDto, file?: EvidenceUpload): Promise<AssessmentResponse> {
    return this.db.run(Access.ownInstitution(actor, 'maturity.assessments.submit'), async (tx) => {
      const procedure = await tx.find(Procedure, procedureId, 'El trámite');
      if (procedure.status !== 'active') {
        throw AppException.conflict(
          `El trámite ${procedure.code} no está vigente (${procedure.status === 'merged' ? 'fue fusionado' : 'fue eliminado'}); no se puede evaluar.`,
        );
      }
      const model = await this.models.activeModel(tx.em);
      const problems = checkAnswers(model.levels, dto.answers);
      if (problems.length) throw answersException(model.version, compareAnswers(model.levels, dto.answers), problems);
      const resultingLevel = computeLevel(model.levels, dto.answers);
      const evidenceUrl = blankToNull(dto.evidenceUrl);
      const evidenceNote = blankToNull(dto.evidenceNote);
      if (resultingLevel >= 1 && !evidenceUrl && !evidenceNote && !file) {
        throw AppException.badRequest(
          `Las respuestas corresponden al nivel ${resultingLevel}; adjunte la evidencia (un enlace, un archivo, una nota o varios) para que la Comisión pueda verificarla.`,
          [
            { field: 'evidenceUrl', messages: ['desde el nivel 1 se necesita evidencia: un enlace, un archivo, una nota, o varios'] },
            { field: 'evidenceNote', messages: ['desde el nivel 1 se necesita evidencia: un enlace, un archivo, una nota, o varios'] },
          ],
          ErrorCode.ValidationFailed,
        );
      }
      const evidenceFileId = file ? (await this.evidence.storeIn(tx, file)).id : null;
      const repo = tx.em.getRepository(MaturityAssessment);
      const saved = await repo.save(
        repo.create({
          institutionId: tx.institutionId,
          procedureId,
          modelId: model.id,
          answers: { ...dto.answers },
          resultingLevel,
          evidenceUrl,
          evidenceNote,
          evidenceFileId,
          status: 'submitted',
          submittedBy: actor.userId!,
        }),
      );
      await tx.audit({ entity: ENTITY, entityId: saved.id, action: 'submit', after: saved });
      tx.emit('review.changed', reviewStep(saved, procedure, 'submitted', actor));
      return AssessmentResponse.from(await this.readOne(tx, saved.id), await consistencyRules(tx.em));
    });
  }

  /** A procedure's assessments, newest first: its institution's users and the Commission. */
  async listForProcedure(actor: Actor, procedureId: string, query: AssessmentQuery): Promise<Page<AssessmentResponse>> {
    assertRole(actor, ANY_ROLE);
    return this.db.run(Access.forReading(actor, 'maturity.assessments.list'), async (tx) => {
      const procedure = await tx.find(Procedure, procedureId, 'El trámite');
      const qb = this.query(tx)
        .where('a.procedure_id = :procedureId', { procedureId })
        .andWhere('a.institution_id = :institutionId', { institutionId: procedure.institutionId })
        .orderBy('a.createdAt', 'DESC')
        .addOrderBy('a.id', 'DESC');
      if (query.status) qb.andWhere('a.status = :status', { status: query.status });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      const rules = await consistencyRules(tx.em);
      return pageOf(
        (rows as AssessmentRow[]).map((r) => AssessmentResponse.from(r, rules)),
        total,
        query,
      );
    });
  }

  async get(actor: Actor, id: string): Promise<AssessmentResponse> {
    assertRole(actor, ANY_ROLE);
    return this.db.run(Access.forReading(actor, 'maturity.assessments.get'), async (tx) =>
      AssessmentResponse.from(await this.readOne(tx, id), await consistencyRules(tx.em)),
    );
  }

  /**
   * One status of an institution's assessments (awaiting review, returned…), newest first: an institution's users
   * always see their own institution's; the Commission any institution's or all.
   */
  async listForInstitution(actor: Actor, query: ReviewQueueQuery): Promise<Page<AssessmentResponse>> {
    assertRole(actor, ANY_ROLE);
    const institutionId = institutionFilter(actor, query.institutionId);
    return this.db.run(Access.forReading(actor, 'maturity.assessments.institution'), async (tx) => {
      const qb = this.query(tx)
        .where('a.status = :status', { status: query.status ?? 'submitted' })
        .orderBy('a.createdAt', 'DESC')
        .addOrderBy('a.id', 'DESC');
      if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      const rules = await consistencyRules(tx.em);
      return pageOf(
        (rows as AssessmentRow[]).map((r) => AssessmentResponse.from(r, rules)),
        total,
        query,
      );
    });
  }

  /** What awaits the Commission, across institutions, oldest first. */
  async reviewQueue(actor: Actor, query: ReviewQueueQuery): Promise<Page<AssessmentResponse>> {
    assertRole(actor, COMMISSION_ROLES);
    return this.db.run(Access.acrossInstitutions(actor, 'maturity.assessments.review-queue'), async (tx) => {
      const qb = this.query(tx)
        .where('a.status = :status', { status: query.status ?? 'submitted' })
        .orderBy('a.createdAt', 'ASC')
        .addOrderBy('a.id', 'ASC');
      if (query.institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId: query.institutionId });
      const [rows, total] = await qb.skip(offsetOf(query)).take(query.pageSize).getManyAndCount();
      const rules = await consistencyRules(tx.em);
      return pageOf(
        (rows as AssessmentRow[]).map((r) => AssessmentResponse.from(r, rules)),
        total,
        query,
      );
    });
  }

  validate(actor: Actor, id: string, dto: ValidateAssessmentDto): Promise<AssessmentResponse> {
    return this.review(actor, id, 'validated', blankToNull(dto.comment));
  }

  reject(actor: Actor, id: string, dto: RejectAssessmentDto): Promise<AssessmentResponse> {
    const comment = blankToNull(dto.comment);
    if (!comment || comment.length < 3) {
      throw AppException.badRequest(
        'Indique el motivo del rechazo (al menos 3 caracteres).',
        [{ field: 'comment', messages: ['es obligatorio'] }],
        ErrorCode.ValidationFailed,
      );
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
    const access = await this.db.accessToRow(actor, MaturityAssessment, id, WHAT, 'maturity.assessments.review');
    return this.db.run(access, async (tx) => {
      const repo = tx.em.getRepository(MaturityAssessment);
      const current = await tx.findForWrite(MaturityAssessment, id, WHAT);
      if (current.status !== 'submitted') {
        const when = current.reviewedAt ? ` el ${formatDateTimeGt(current.reviewedAt)}` : '';
        throw AppException.conflict(
          `La evaluación ya fue ${REVIEWED[current.status]}${when}; solo se pueden revisar evaluaciones pendientes.`,
          { status: current.status, reviewedBy: current.reviewedBy, reviewedAt: current.reviewedAt },
        );
      }
      const before = { ...current };
      const after = await repo.save(
        repo.merge(current, { status: outcome, reviewedBy: actor.userId, reviewedAt: new Date(), reviewComment: comment }),
      );
      await tx.audit({ entity: ENTITY, entityId: id, action: outcome === 'validated' ? 'validate' : 'reject', before, after });

      if (outcome === 'validated') {
        // Serialise validations of the same procedure, then take the newest submission among the validated ones.
        const procedure = await tx.findForWrite(Procedure, after.procedureId, 'El trámite');
        const latest = await repo.findOneOrFail({
          where: { institutionId: tx.institutionId, procedureId: after.procedureId, status: 'validated' },
          order: { createdAt: 'DESC', id: 'DESC' },
        });
        await recordValidatedLevel(tx, procedure, latest.resultingLevel);
      }
      const row = await this.readOne(tx, id);
      tx.emit('review.changed', reviewStep(after, row.procedure, outcome, actor));
      return AssessmentResponse.from(row, await consistencyRules(tx.em));
    });
  }

  private query(tx: UnitOfWork): SelectQueryBuilder<MaturityAssessment> {
    return tx.em
      .getRepository(MaturityAssessment)
      .createQueryBuilder('a')
      .innerJoin('a.procedure', 'p')
      .addSelect([
        'p.id',
        'p.code',
        'p.name',
        'p.feeGtq',
        'p.legalMaxDays',
        'p.formsUrl',
        'p.formsFree',
        'p.channels',
        'p.onlineUrl',
        'p.inPersonVisits',
      ])
      .innerJoin('a.institution', 'i')
      .addSelect(['i.id', 'i.code', 'i.name'])
      .innerJoin('a.model', 'm')
      .addSelect(['m.id', 'm.version'])
      .leftJoin('a.evidenceFile', 'ef')
      .addSelect(['ef.id', 'ef.fileName', 'ef.contentType', 'ef.sizeBytes']);
  }

  /** One assessment with its procedure, institution and model, within the unit of work's institution when it has one. */
  private async readOne(tx: UnitOfWork, id: string): Promise<AssessmentRow> {
    const { institutionId } = tx.access;
    const qb = this.query(tx).where('a.id = :id', { id });
    if (institutionId) qb.andWhere('a.institution_id = :institutionId', { institutionId });
    const found = await qb.getOne();
    if (!found) throw AppException.notFound(WHAT);
    return found as AssessmentRow;
  }
}

/** The review loop's event of a step taken on an assessment (notices to the Commission or to the institution). */
function reviewStep(
  a: MaturityAssessment,
  procedure: Pick<Procedure, 'code' | 'name'>,
  outcome: 'submitted' | 'validated' | 'rejected',
  actor: Actor,
): ReviewChanged {
  return {
    subject: 'assessment',
    subjectId: a.id,
    institutionId: a.institutionId,
    outcome,
    occurrence: a.version,
    comment: outcome === 'submitted' ? null : a.reviewComment,
    actorUserId: actor.userId,
    at: new Date().toISOString(),
    title: `${procedure.code} · ${procedure.name}`,
    level: a.resultingLevel,
  };
}

/** What each maturity level needs in the procedure's record (active methodology): warnings at submission and in the review queue. */
async function consistencyRules(em: EntityManager) {
  return (await activeMethodologyOf(em)).parameters.levelConsistency;
}

function answersException(modelVersion: number, mismatch: AnswerMismatch, problems: LocatedProblem[]): AppException {
  const parts = [
    mismatch.unknown.length ? `criterios desconocidos: ${mismatch.unknown.join(', ')}` : '',
    mismatch.missing.length ? `faltan: ${mismatch.missing.join(', ')}` : '',
    mismatch.notBoolean.length ? `no son verdadero o falso: ${mismatch.notBoolean.join(', ')}` : '',
  ].filter(Boolean);
  return AppException.badRequest(
    `Las respuestas deben cubrir exactamente los criterios del modelo de madurez vigente (versión ${modelVersion}); ${parts.join('; ')}.`,
    problems,
    ErrorCode.ValidationFailed,
  );
}
