import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { formatDateTimeGt } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import { evidenceTooLarge, EvidenceFilesService } from '../../../modules/evidence/evidence-files.service';
import { sendEvidence } from '../../../modules/evidence/evidence-files.controller';
import { EVIDENCE_ACCEPT, EVIDENCE_KINDS_TEXT, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_LABEL } from '../../../modules/evidence/sniff-evidence';
import {
  AssessmentQuery,
  AssessmentResponse,
  ReviewQueueQuery,
  SubmitAssessmentDto,
} from '../../../modules/inventory/maturity/dto/maturity-assessment.dto';
import { MaturityAssessmentsService } from '../../../modules/inventory/maturity/maturity-assessments.service';
import { MaturityModelsService } from '../../../modules/inventory/maturity/maturity-models.service';
import { ProcedureQuery, ProcedureResponse } from '../../../modules/inventory/procedures/dto/procedure.dto';
import { ProceduresService } from '../../../modules/inventory/procedures/procedures.service';
import { errorList, FieldErrors, readQuery, textField } from '../../forms/form-fields';
import { dtoFrom, listOf } from '../forms';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { fileOf, readMultipart, uploadRefusal } from '../uploads';
import { WorkspaceResponder } from '../workspace-responder';

const BASE = '/app/madurez';
const PAGE_SIZE = 25;
const crumbs = [{ text: 'Madurez', href: BASE }];

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 100, fieldSize: 10_000, parts: 120 },
  defParamCharset: 'utf8',
}).fields([{ name: 'evidenceFile', maxCount: 1 }]);

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${format.decimal(bytes / (1024 * 1024))} MB` : `${format.integer(Math.max(1, Math.round(bytes / 1024)))} KB`;

/** An assessment as the pages show it: status in Spanish, level, comment, evidence with its download link. */
function assessmentView(a: AssessmentResponse) {
  return {
    id: a.id,
    procedureId: a.procedureId,
    procedureCode: a.procedureCode,
    procedureName: a.procedureName,
    level: a.resultingLevel,
    status: a.status,
    statusText: labelCap('assessmentStatus', a.status),
    submittedAt: formatDateTimeGt(new Date(a.createdAt)),
    reviewedAt: a.reviewedAt ? formatDateTimeGt(new Date(a.reviewedAt)) : null,
    comment: a.reviewComment,
    evidenceUrl: a.evidenceUrl,
    evidenceNote: a.evidenceNote,
    file: a.evidenceFile
      ? { href: `/app/evidencia/${a.evidenceFile.id}`, name: a.evidenceFile.fileName, size: sizeText(a.evidenceFile.sizeBytes) }
      : null,
    warnings: a.warnings.map((w) => w.message),
  };
}

/**
 * "Madurez": the institution's procedures with their validated level and latest assessment; the active model's
 * criteria in Spanish (grouped by level, with the level's name as help) to answer for one procedure, with evidence as
 * a link, a note and/or a file (PDF, image, office document ≤ 10 MB, stored under row-level security); the result and
 * the analyst's comment. Every action calls MaturityAssessmentsService / MaturityModelsService, as the API.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app')
export class MaturityController {
  constructor(
    private readonly assessments: MaturityAssessmentsService,
    private readonly models: MaturityModelsService,
    private readonly procedures: ProceduresService,
    private readonly evidence: EvidenceFilesService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get('madurez')
  async list(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const { value: q, errors } = readQuery(ProcedureQuery, raw);
    const query = Object.assign(new ProcedureQuery(), { q: q.q, page: q.page ?? 1, pageSize: PAGE_SIZE, status: 'active', sort: 'code' });
    const queue = (status: 'submitted' | 'rejected' | 'validated') =>
      this.assessments.listForInstitution(actor, Object.assign(new ReviewQueueQuery(), { status, pageSize: 10 }));
    const [result, submitted, rejected, validated] = await Promise.all([
      this.procedures.list(actor, query),
      queue('submitted'),
      queue('rejected'),
      queue('validated'),
    ]);
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (page: number) => `${BASE}?${new URLSearchParams({ ...(q.q ? { q: q.q } : {}), page: String(page) })}`;
    const fields = [textField('q', 'Buscar trámite por nombre o código', q.q, errors)];
    this.pages.html(
      req,
      res,
      'workspace/maturity/list',
      {
        fields,
        errors: errorList(fields),
        total: result.total,
        page: result.page,
        pages,
        previous: result.page > 1 ? link(result.page - 1) : null,
        next: result.page < pages ? link(result.page + 1) : null,
        items: result.items.map((p: ProcedureResponse) => ({
          id: p.id,
          code: p.code,
          name: p.name,
          level: p.currentLevel,
          declared: p.declaredLevel,
        })),
        submitted: submitted.items.map(assessmentView),
        rejected: rejected.items.map(assessmentView),
        validated: validated.items.map(assessmentView),
      },
      { title: 'Madurez', section: 'madurez' },
    );
  }

  @Get('madurez/evaluaciones/:id')
  async result(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const a = await this.assessments.get(actor, id);
    const model = await this.models.get(actor, a.modelId);
    const levels = model.levels
      .filter((l) => l.criteria.length)
      .map((l) => ({
        heading: `Nivel ${l.level}: ${l.name}`,
        criteria: l.criteria.map((c) => ({ label: c.label, holds: a.answers[c.key] === true })),
      }));
    this.pages.html(
      req,
      res,
      'workspace/maturity/result',
      { a: assessmentView(a), levels, modelName: model.name },
      {
        title: `Evaluación de ${a.procedureCode}`,
        section: 'madurez',
        breadcrumbs: [...crumbs, { text: `${a.procedureCode} · ${a.procedureName}`, href: `${BASE}/${a.procedureId}` }],
      },
    );
  }

  @Get('madurez/:procedureId')
  async form(@Req() req: Request, @Res() res: Response, @Param('procedureId', uuidPipe) procedureId: string): Promise<void> {
    await this.renderForm(req, res, procedureId, null, {}, {}, null);
  }

  @Post('madurez/:procedureId')
  async submit(@Req() req: Request, @Res() res: Response, @Param('procedureId', uuidPipe) procedureId: string): Promise<void> {
    const actor = req.actor as Actor;
    try {
      await readMultipart(req, res, upload, () => evidenceTooLarge());
    } catch (e) {
      const r = uploadRefusal(e);
      return this.renderForm(req, res, procedureId, null, r.errors, {}, r.summary, r.status);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const model = await this.models.active(actor);
    const chosen = new Set(listOf(body.criteria));
    const answers = Object.fromEntries(model.levels.flatMap((l) => l.criteria.map((c) => [c.key, chosen.has(c.key)] as const)));
    const text = (name: string) => listOf(body[name])[0] ?? '';
    const values = { evidenceUrl: text('evidenceUrl'), evidenceNote: text('evidenceNote') };
    const plain: Record<string, unknown> = { answers };
    if (values.evidenceUrl.trim()) plain.evidenceUrl = values.evidenceUrl.trim();
    if (values.evidenceNote.trim()) plain.evidenceNote = values.evidenceNote.trim();
    const { dto, errors } = dtoFrom(SubmitAssessmentDto, plain);
    const file = fileOf(req, 'evidenceFile');
    if (!dto) return this.renderForm(req, res, procedureId, chosen, errors, values, null, HttpStatus.BAD_REQUEST, Boolean(file));
    try {
      const saved = await this.assessments.submit(
        actor,
        procedureId,
        dto,
        file ? { originalname: file.originalname, buffer: file.buffer } : undefined,
      );
      this.pages.redirect(
        res,
        `${BASE}/evaluaciones/${saved.id}`,
        req,
        `Se envió la evaluación de ${saved.procedureCode} (nivel ${saved.resultingLevel}). La Comisión la revisará.`,
      );
    } catch (e) {
      const r = uploadRefusal(e);
      this.renderForm(req, res, procedureId, chosen, r.errors, values, r.summary, r.status, Boolean(file) && !r.errors.evidenceFile);
    }
  }

  /** An evidence file: only to its institution's users and the Commission (anyone else: 404), always as a download. */
  @Get('evidencia/:id')
  async download(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    sendEvidence(res, await this.evidence.download(req.actor as Actor, id));
  }

  private async renderForm(
    req: Request,
    res: Response,
    procedureId: string,
    chosen: Set<string> | null,
    errors: FieldErrors,
    values: Record<string, string>,
    summary: string | null,
    status = 200,
    fileLost = false,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const [p, model, history] = await Promise.all([
      this.procedures.get(actor, procedureId),
      this.models.active(actor),
      this.assessments.listForProcedure(actor, procedureId, Object.assign(new AssessmentQuery(), { pageSize: 20 })),
    ]);
    const last = history.items[0];
    // a new form starts from the latest answers, so a returned assessment is corrected rather than retyped
    const start =
      chosen ??
      new Set(
        last && last.modelId === model.id
          ? Object.entries(last.answers)
              .filter(([, v]) => v)
              .map(([k]) => k)
          : [],
      );
    const levels = model.levels
      .filter((l) => l.criteria.length)
      .map((l) => ({
        id: `nivel-${l.level}`,
        heading: `Nivel ${l.level}: ${l.name}`,
        hint: `Marque lo que el trámite ya cumple. El nivel ${l.level} se alcanza cuando se cumplen todos sus criterios y los de los niveles anteriores.`,
        criteria: l.criteria.map((c, i) => ({ id: `c-${l.level}-${i}`, key: c.key, label: c.label, checked: start.has(c.key) })),
      }));
    const fields = [
      textField('evidenceUrl', 'Enlace a la evidencia (opcional)', values.evidenceUrl ?? last?.evidenceUrl ?? '', errors, {
        hint: 'Por ejemplo, la página del trámite en el portal de la institución. Empiece con https://',
        type: 'url',
      }),
      {
        ...textField('evidenceNote', 'Nota para la Comisión (opcional)', values.evidenceNote ?? '', errors, {
          hint: 'Explique dónde se comprueba cada criterio marcado.',
        }),
        type: 'textarea',
      },
    ];
    const fileField = { id: 'f-evidenceFile', error: errors.evidenceFile ?? null };
    const errorLinks = [
      ...(errors.answers ? [{ href: '#nivel-1', text: errors.answers }] : []),
      ...errorList(fields),
      ...(fileField.error ? [{ href: '#f-evidenceFile', text: fileField.error }] : []),
    ];
    this.pages.html(
      req,
      res,
      'workspace/maturity/form',
      {
        p,
        levels,
        fields,
        fileField,
        errors: errorLinks,
        summary,
        modelName: model.name,
        answersError: errors.answers ?? null,
        fileLost,
        accept: EVIDENCE_ACCEPT,
        kindsText: EVIDENCE_KINDS_TEXT,
        maxLabel: MAX_EVIDENCE_LABEL,
        history: history.items.map(assessmentView),
      },
      {
        title: `Evaluar ${p.code}`,
        section: 'madurez',
        breadcrumbs: [...crumbs, { text: `${p.code} · ${p.name}`, href: `${BASE}/${p.id}` }],
      },
      status,
    );
  }
}
