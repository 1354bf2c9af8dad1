import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { articleOf, institutionPhrase } from '../../../common/text/institution-name';
import { formatDateTimeGt, todayInGuatemala } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import { InstitutionsService } from '../../../modules/institutions/institutions.service';
import { RejectAssessmentDto, ValidateAssessmentDto } from '../../../modules/inventory/maturity/dto/maturity-assessment.dto';
import { MaturityAssessmentsService } from '../../../modules/inventory/maturity/maturity-assessments.service';
import { MaturityModelsService } from '../../../modules/inventory/maturity/maturity-models.service';
import { ApprovePlanDto, ReturnPlanDto } from '../../../modules/inventory/plans/dto/plan.dto';
import { PlansService } from '../../../modules/inventory/plans/plans.service';
import { ProceduresService } from '../../../modules/inventory/procedures/procedures.service';
import { ReviewProgressReportDto } from '../../../modules/inventory/reports/dto/progress-report.dto';
import { ProgressReportsService } from '../../../modules/inventory/reports/progress-reports.service';
import { reviewWarnings } from '../../../modules/inventory/rules/review-consistency';
import { ReviewKind, ReviewQueueListQuery } from '../../../modules/review-queue/review-queue.dto';
import { ReviewQueueService } from '../../../modules/review-queue/review-queue.service';
import { errorList, FieldErrors, textField } from '../../forms/form-fields';
import { readForm, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';

const BASE = '/app/revision';
const PAGE_SIZE = 25;
const crumbs = [{ text: 'Revisión', href: BASE }];

/** The queue's kinds as the URL names them (Spanish), and back. */
const KIND_PATHS: Record<ReviewKind, string> = { assessment: 'evaluaciones', plan: 'planes', report: 'informes' };
const KIND_LABELS: Record<ReviewKind, string> = {
  assessment: 'Evaluación de madurez',
  plan: 'Plan de simplificación',
  report: 'Informe de avance',
};
const kindOfPath = (s: unknown): ReviewKind | undefined =>
  (Object.entries(KIND_PATHS).find(([, p]) => p === s)?.[0] as ReviewKind | undefined) ?? undefined;

const ageText = (days: number): string => (days <= 0 ? 'Hoy' : days === 1 ? '1 día' : `${format.integer(days)} días`);
const known = (v: unknown, unit = ''): string => (v === null || v === undefined ? 'Sin dato' : `${String(v)}${unit}`);

/** The comment box of every decision form (one per page, so one id). */
const commentField = (value: string, errors: FieldErrors, hint: string) => ({
  ...textField('comment', 'Comentario para la institución', value, errors, { hint }),
  type: 'textarea',
});

/**
 * "Revisión" (Commission): the queue of what institutions submitted — maturity assessments, simplification plans and
 * quarterly reports — oldest first with how long each has waited, filtered by kind and by the institutions the analyst
 * follows; each item's page to decide on it. An assessment shows the procedure's record beside what was declared, with
 * the consistency warnings the data raises (review-consistency.ts). Decisions call the services the API calls, so
 * their notices, audit and score effects are the same.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/revision')
export class RevisionController {
  constructor(
    private readonly queue: ReviewQueueService,
    private readonly assessments: MaturityAssessmentsService,
    private readonly models: MaturityModelsService,
    private readonly procedures: ProceduresService,
    private readonly plans: PlansService,
    private readonly reports: ProgressReportsService,
    private readonly institutions: InstitutionsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  @PageRoles(COMMISSION_ROLES)
  async list(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const kind = kindOfPath(raw.tipo);
    const followed = raw.sigo === 'si';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(typeof raw.pagina === 'string' ? raw.pagina : '1', 10) || 1));
    const result = await this.queue.list(
      req.actor as Actor,
      Object.assign(new ReviewQueueListQuery(), { kind, followed: followed || undefined, page, pageSize: PAGE_SIZE }),
    );
    const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    const link = (over: { tipo?: string | null; sigo?: boolean; pagina?: number }) => {
      const params = new URLSearchParams();
      const tipo = over.tipo === undefined ? (kind ? KIND_PATHS[kind] : null) : over.tipo;
      const sigo = over.sigo ?? followed;
      if (tipo) params.set('tipo', tipo);
      if (sigo) params.set('sigo', 'si');
      if (over.pagina && over.pagina > 1) params.set('pagina', String(over.pagina));
      const qs = params.toString();
      return qs ? `${BASE}?${qs}` : BASE;
    };
    this.pages.html(
      req,
      res,
      'workspace/revision/queue',
      {
        total: result.total,
        followed,
        kinds: [
          { text: 'Todo', href: link({ tipo: null }), current: !kind },
          ...(Object.keys(KIND_PATHS) as ReviewKind[]).map((k) => ({
            text: { assessment: 'Evaluaciones', plan: 'Planes', report: 'Informes' }[k],
            href: link({ tipo: KIND_PATHS[k] }),
            current: kind === k,
          })),
        ],
        followedLink: link({ sigo: !followed }),
        items: result.items.map((i) => ({
          kind: KIND_LABELS[i.kind],
          href: `${BASE}/${KIND_PATHS[i.kind]}/${i.id}`,
          title: i.title,
          level: i.level,
          institution: i.institutionName,
          institutionCode: i.institutionCode,
          submittedBy: i.submittedByName,
          since: format.date(todayInGuatemala(new Date(i.waitingSince))),
          age: ageText(i.ageDays),
          old: i.ageDays >= 15,
          followed: i.followed,
        })),
        page,
        pages,
        previous: page > 1 ? link({ pagina: page - 1 }) : null,
        next: page < pages ? link({ pagina: page + 1 }) : null,
      },
      { title: 'Revisión', section: 'revision' },
    );
  }

  // ------------------------------------------------------------------ assessments

  @Get('evaluaciones/:id')
  @PageRoles(COMMISSION_ROLES)
  async assessment(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.renderAssessment(req, res, id, '', {}, null);
  }

  @Post('evaluaciones/:id')
  @PageRoles(COMMISSION_ROLES)
  async decideAssessment(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const decision = body.decision === 'rechazar' ? 'rechazar' : body.decision === 'validar' ? 'validar' : null;
    const comment = typeof body.comment === 'string' ? body.comment : '';
    if (!decision) return this.renderAssessment(req, res, id, comment, {}, 'Elija validar o rechazar.', HttpStatus.BAD_REQUEST);
    if (decision === 'rechazar' && comment.trim().length < 3) {
      const errors = { comment: 'Escriba el motivo del rechazo (al menos 3 caracteres): la institución lo recibe para corregir.' };
      return this.renderAssessment(req, res, id, comment, errors, null, HttpStatus.BAD_REQUEST);
    }
    const form =
      decision === 'rechazar'
        ? readForm(RejectAssessmentDto, { comment: comment.trim() }, ['comment'])
        : readForm(ValidateAssessmentDto, comment.trim() ? { comment: comment.trim() } : {}, ['comment']);
    await submitForm(this.pages, req, res, form, {
      act: async (dto) => {
        const a =
          decision === 'rechazar'
            ? await this.assessments.reject(actor, id, dto as RejectAssessmentDto)
            : await this.assessments.validate(actor, id, dto as ValidateAssessmentDto);
        const what = `la evaluación de ${a.procedureCode} (nivel ${a.resultingLevel})`;
        return {
          to: BASE,
          notice:
            decision === 'rechazar'
              ? `Se rechazó ${what}. La institución recibe el aviso con su comentario.`
              : `Se validó ${what}. El nivel del trámite se actualizó.`,
        };
      },
      render: (errors, summary, status) => this.renderAssessment(req, res, id, comment, errors, summary, status),
    });
  }

  private async renderAssessment(
    req: Request,
    res: Response,
    id: string,
    comment: string,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const a = await this.assessments.get(actor, id);
    const [p, model, inst] = await Promise.all([
      this.procedures.get(actor, a.procedureId),
      this.models.get(actor, a.modelId),
      this.institutions.get(actor, a.institutionId),
    ]);
    const warnings = reviewWarnings(
      {
        answers: a.answers,
        resultingLevel: a.resultingLevel,
        evidenceUrl: a.evidenceUrl,
        evidenceNote: a.evidenceNote,
        hasEvidenceFile: a.evidenceFile !== null,
      },
      p,
    );
    // the methodology's own level rules (configurable), where they add something the review rules did not say
    const covered = new Set(['level3_online_channel', 'level4_no_visit', 'level2_free_forms']);
    const levelWarnings = a.warnings.filter((w) => !covered.has(w.code) || !warnings.length).map((w) => w.message);
    const fields = [commentField(comment, errors, 'Obligatorio para rechazar: diga qué debe corregir. Opcional para validar.')];
    this.pages.html(
      req,
      res,
      'workspace/revision/assessment',
      {
        a: {
          id: a.id,
          level: a.resultingLevel,
          status: a.status,
          statusText: labelCap('assessmentStatus', a.status),
          submittedAt: formatDateTimeGt(new Date(a.createdAt)),
          reviewedAt: a.reviewedAt ? formatDateTimeGt(new Date(a.reviewedAt)) : null,
          comment: a.reviewComment,
          evidenceUrl: a.evidenceUrl,
          evidenceNote: a.evidenceNote,
          file: a.evidenceFile ? { href: `/app/evidencia/${a.evidenceFile.id}`, name: a.evidenceFile.fileName } : null,
        },
        heading: `${a.procedureCode} · ${a.procedureName}`,
        institutionOf: institutionPhrase({ name: inst.name, article: articleOf(inst.article) }, 'de'),
        record: [
          { key: 'Canales', value: p.channels.length ? p.channels.map((c) => labelCap('channel', c)).join(', ') : 'Sin dato' },
          { key: 'Dirección en línea', value: p.onlineUrl, link: true },
          { key: 'Formularios', value: p.formsUrl, link: true },
          { key: 'Formularios gratuitos', value: p.formsFree === null ? 'Sin dato' : p.formsFree ? 'Sí' : 'No' },
          { key: 'Costo', value: p.feeGtq === null ? 'Sin dato' : format.gtq(p.feeGtq) },
          { key: 'Visitas presenciales', value: known(p.inPersonVisits) },
          { key: 'Plazo legal', value: known(p.legalMaxDays, ' días') },
          { key: 'Nivel vigente (validado)', value: String(p.currentLevel) },
        ],
        levels: model.levels
          .filter((l) => l.criteria.length)
          .map((l) => ({
            heading: `Nivel ${l.level}: ${l.name}`,
            criteria: l.criteria.map((c) => ({ label: c.label, holds: a.answers[c.key] === true })),
          })),
        modelName: model.name,
        warnings: [...warnings.map((w) => w.message), ...levelWarnings],
        pending: a.status === 'submitted',
        fields,
        errors: errorList(fields),
        summary,
      },
      { title: `Evaluación de ${a.procedureCode}`, section: 'revision', breadcrumbs: crumbs },
      status,
    );
  }

  // ------------------------------------------------------------------ plans

  @Get('planes/:id')
  @PageRoles(COMMISSION_ROLES)
  async plan(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.renderPlan(req, res, id, {}, {}, null);
  }

  @Post('planes/:id')
  @PageRoles(COMMISSION_ROLES)
  async decidePlan(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = {
      comment: typeof body.comment === 'string' ? body.comment : '',
      approvalAct: typeof body.approvalAct === 'string' ? body.approvalAct : '',
    };
    const decision = body.decision === 'aprobar' ? 'aprobar' : body.decision === 'devolver' ? 'devolver' : null;
    if (!decision) return this.renderPlan(req, res, id, values, {}, 'Elija aprobar o devolver.', HttpStatus.BAD_REQUEST);
    if (decision === 'devolver' && values.comment.trim().length < 3) {
      const errors = { comment: 'Escriba qué debe corregir la institución (al menos 3 caracteres) para devolver el plan.' };
      return this.renderPlan(req, res, id, values, errors, null, HttpStatus.BAD_REQUEST);
    }
    if (decision === 'aprobar' && values.approvalAct.trim().length < 3) {
      const errors = { approvalAct: 'Indique el acto de aprobación (al menos 3 caracteres) para aprobar el plan.' };
      return this.renderPlan(req, res, id, values, errors, null, HttpStatus.BAD_REQUEST);
    }
    const plain: Record<string, string> = {};
    if (values.comment.trim()) plain.comment = values.comment.trim();
    if (decision === 'aprobar') plain.approvalAct = values.approvalAct.trim();
    const form = decision === 'aprobar' ? readForm(ApprovePlanDto, plain) : readForm(ReturnPlanDto, plain);
    await submitForm<ApprovePlanDto | ReturnPlanDto>(this.pages, req, res, form, {
      act: async (dto) => {
        const p =
          decision === 'aprobar'
            ? await this.plans.approve(actor, id, dto as ApprovePlanDto)
            : await this.plans.returnToDraft(actor, id, dto as ReturnPlanDto);
        return {
          to: BASE,
          notice:
            decision === 'aprobar'
              ? `Se aprobó el plan «${p.title}» (revisión ${p.revision}).`
              : `Se devolvió el plan «${p.title}» (revisión ${p.revision}). La institución recibe el aviso con su comentario.`,
        };
      },
      render: (errors, summary, status) => this.renderPlan(req, res, id, values, errors, summary, status),
    });
  }

  private async renderPlan(
    req: Request,
    res: Response,
    id: string,
    values: { comment?: string; approvalAct?: string },
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const p = await this.plans.get(actor, id);
    const inst = await this.institutions.get(actor, p.institutionId);
    const fields = [
      textField('approvalAct', 'Acto de aprobación (para aprobar)', values.approvalAct ?? '', errors, {
        hint: 'Por ejemplo, «Resolución Ministerial 045-2026».',
      }),
      commentField(values.comment ?? '', errors, 'Obligatorio para devolver: diga qué debe corregir. Opcional para aprobar.'),
    ];
    this.pages.html(
      req,
      res,
      'workspace/revision/plan',
      {
        id: p.id,
        heading: `«${p.title}» (revisión ${p.revision})`,
        institutionOf: institutionPhrase({ name: inst.name, article: articleOf(inst.article) }, 'de'),
        facts: [
          { key: 'Estado', value: labelCap('planStatus', p.status) },
          { key: 'Periodo', value: `${format.date(p.periodStart)} al ${format.date(p.periodEnd)}` },
          { key: 'Presupuesto', value: format.gtq(p.budgetGtq) },
          ...(p.submittedAt ? [{ key: 'Enviado', value: formatDateTimeGt(new Date(p.submittedAt)) }] : []),
          ...(p.approvalAct ? [{ key: 'Acto de aprobación', value: p.approvalAct }] : []),
          ...(p.reviewComment ? [{ key: 'Último comentario de la Comisión', value: p.reviewComment }] : []),
        ],
        milestones: p.milestones.map((m) => ({
          target: m.target,
          kind: labelCap('milestoneKind', m.kind),
          dueDate: format.date(m.dueDate),
          status: labelCap('milestoneStatus', m.status),
        })),
        pending: p.status === 'submitted',
        fields,
        errors: errorList(fields),
        summary,
      },
      { title: `Plan ${p.title}`, section: 'revision', breadcrumbs: crumbs },
      status,
    );
  }

  // ------------------------------------------------------------------ reports

  @Get('informes/:id')
  @PageRoles(COMMISSION_ROLES)
  async report(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.renderReport(req, res, id, '', {}, null);
  }

  @Post('informes/:id')
  @PageRoles(COMMISSION_ROLES)
  async decideReport(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const actor = req.actor as Actor;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const comment = typeof body.comment === 'string' ? body.comment : '';
    const decision = body.decision === 'aceptar' ? 'accepted' : body.decision === 'devolver' ? 'returned' : null;
    if (!decision) return this.renderReport(req, res, id, comment, {}, 'Elija aceptar o devolver.', HttpStatus.BAD_REQUEST);
    if (decision === 'returned' && comment.trim().length < 3) {
      const errors = { comment: 'Escriba qué debe corregir la institución (al menos 3 caracteres) para devolver el informe.' };
      return this.renderReport(req, res, id, comment, errors, null, HttpStatus.BAD_REQUEST);
    }
    const form = readForm(ReviewProgressReportDto, { decision, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    await submitForm(this.pages, req, res, form, {
      act: async (dto) => {
        const r = await this.reports.review(actor, id, dto);
        return {
          to: BASE,
          notice:
            decision === 'accepted'
              ? `Se aceptó el informe del trimestre ${r.quarter} de ${r.year}.`
              : `Se devolvió el informe del trimestre ${r.quarter} de ${r.year}. La institución recibe el aviso con su comentario.`,
        };
      },
      render: (errors, summary, status) => this.renderReport(req, res, id, comment, errors, summary, status),
    });
  }

  private async renderReport(
    req: Request,
    res: Response,
    id: string,
    comment: string,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const r = await this.reports.get(actor, id);
    const inst = await this.institutions.get(actor, r.institutionId);
    const fields = [commentField(comment, errors, 'Obligatorio para devolver: diga qué debe corregir. Opcional para aceptar.')];
    this.pages.html(
      req,
      res,
      'workspace/revision/report',
      {
        id: r.id,
        heading: `Informe del trimestre ${r.quarter} de ${r.year}`,
        institutionOf: institutionPhrase({ name: inst.name, article: articleOf(inst.article) }, 'de'),
        facts: [
          { key: 'Estado', value: labelCap('reviewStatus', r.status) },
          { key: 'Presentado', value: formatDateTimeGt(new Date(r.submittedAt)) },
          { key: 'Fecha límite', value: format.date(r.dueDate) },
          { key: 'A tiempo', value: r.onTime ? 'Sí' : 'No' },
          ...(r.reviewComment ? [{ key: 'Último comentario de la Comisión', value: r.reviewComment }] : []),
        ],
        content: r.content,
        pending: r.status === 'submitted',
        fields,
        errors: errorList(fields),
        summary,
      },
      { title: `Informe ${r.quarter}.º trimestre ${r.year}`, section: 'revision', breadcrumbs: crumbs },
      status,
    );
  }
}
