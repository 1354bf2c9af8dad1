import { Body, Controller, Get, HttpStatus, Param, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { AppException } from '../../../common/errors/app.exception';
import { labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import {
  CompleteMilestoneDto,
  CreateMilestoneDto,
  MilestoneResponse,
  UpdateMilestoneDto,
} from '../../../modules/inventory/plans/dto/milestone.dto';
import { CreatePlanDto, PlanDetailResponse, PlanQuery, UpdatePlanDto } from '../../../modules/inventory/plans/dto/plan.dto';
import { MilestonesService } from '../../../modules/inventory/plans/milestones.service';
import { PlansService } from '../../../modules/inventory/plans/plans.service';
import { ProcedureQuery } from '../../../modules/inventory/procedures/dto/procedure.dto';
import { ProceduresService } from '../../../modules/inventory/procedures/procedures.service';
import { errorList, FieldErrors } from '../../forms/form-fields';
import { dtoFrom, formObject, submitAction, submitForm } from '../forms';
import { fileOf, readMultipart, uploadRefusal } from '../uploads';
import { evidenceTooLarge } from '../../../modules/evidence/evidence-files.service';
import { EVIDENCE_ACCEPT, EVIDENCE_KINDS_TEXT, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_LABEL } from '../../../modules/evidence/sniff-evidence';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import {
  COMPLETE_FORM,
  completeFields,
  conflictRows,
  MILESTONE_EDIT_FORM,
  MILESTONE_FORM,
  MILESTONE_LABELS,
  milestoneFields,
  milestoneValues,
  PLAN_FORM,
  PLAN_LABELS,
  planFields,
  planValues,
} from './plan.forms';

const BASE = '/app/plan';
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 20, fieldSize: 10_000, parts: 30 },
  defParamCharset: 'utf8',
}).fields([{ name: 'evidenceFile', maxCount: 1 }]);
const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${format.decimal(bytes / (1024 * 1024))} MB` : `${format.integer(Math.max(1, Math.round(bytes / 1024)))} KB`;
const crumbs = [{ text: 'Plan', href: BASE }];
type Values = Record<string, unknown>;

const planTitle = (p: { title: string; revision: number }) => (p.revision > 1 ? `${p.title} (revisión ${p.revision})` : p.title);

/**
 * "Plan": the institution's simplification plans — create and edit a draft and its milestones, submit it, see it
 * returned with the analyst's comment, ask for a revision of an approved plan, and mark milestones done with their
 * evidence. Every action calls PlansService / MilestonesService, as the API does; another institution's plan is
 * "not found" (404). The reminders' `/app/plan/:plan/hitos/:id` links land on the milestone's page here.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/plan')
export class PlanController {
  constructor(
    private readonly plans: PlansService,
    private readonly milestones: MilestonesService,
    private readonly procedures: ProceduresService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const result = await this.plans.list(req.actor as Actor, Object.assign(new PlanQuery(), { pageSize: 100 }));
    this.pages.html(
      req,
      res,
      'workspace/plan/list',
      {
        items: result.items.map((p) => ({
          id: p.id,
          title: planTitle(p),
          period: `${format.date(p.periodStart)} al ${format.date(p.periodEnd)}`,
          status: labelCap('planStatus', p.status),
          returned: p.status === 'draft' && p.reviewComment !== null,
        })),
      },
      { title: 'Plan de simplificación', section: 'plan' },
    );
  }

  // ---- The plan ------------------------------------------------------------------------------------------------

  @Get('nuevo')
  createPage(@Req() req: Request, @Res() res: Response): void {
    const year = todayInGuatemala().slice(0, 4);
    this.renderPlanForm(req, res, null, { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }, {}, null);
  }

  @Post('nuevo')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const { plain, values } = formObject(body, PLAN_FORM, 'create');
    await submitForm(this.pages, req, res, dtoFrom(CreatePlanDto, plain), {
      act: async (dto) => {
        const plan = await this.plans.create(req.actor as Actor, dto);
        return { to: `${BASE}/${plan.id}`, notice: 'Se registró el plan en borrador. Agregue ahora sus hitos y envíelo a la Comisión.' };
      },
      render: (errors, summary, status) => this.renderPlanForm(req, res, null, values, errors, summary, status),
    });
  }

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const p = await this.plans.get(req.actor as Actor, id);
    const draft = p.status === 'draft';
    this.pages.html(
      req,
      res,
      'workspace/plan/plan',
      {
        p: { ...p, heading: planTitle(p), statusText: labelCap('planStatus', p.status) },
        draft,
        approved: p.status === 'approved',
        submitted: p.status === 'submitted',
        returned: draft && p.reviewComment !== null,
        facts: [
          { key: 'Estado', value: labelCap('planStatus', p.status) },
          { key: 'Periodo', value: `${format.date(p.periodStart)} al ${format.date(p.periodEnd)}` },
          { key: 'Presupuesto', value: format.gtq(p.budgetGtq) },
          { key: 'Revisión', value: String(p.revision) },
          ...(p.submittedAt ? [{ key: 'Enviado', value: format.date(todayInGuatemala(p.submittedAt)) }] : []),
          ...(p.approvalAct ? [{ key: 'Acto de aprobación', value: p.approvalAct }] : []),
        ],
        summary: p.summary,
        milestones: p.milestones.map((m) => milestoneRow(p, m)),
      },
      { title: planTitle(p), section: 'plan', breadcrumbs: crumbs },
    );
  }

  @Get(':id/editar')
  async editPage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const p = await this.plans.get(req.actor as Actor, id);
    this.renderPlanForm(req, res, p, planValues(p), {}, null);
  }

  @Post(':id/editar')
  async edit(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { plain, values } = formObject(body, PLAN_FORM, 'update');
    const version = Number(body.version);
    await submitForm(this.pages, req, res, dtoFrom(UpdatePlanDto, { ...plain, version }), {
      act: (dto) => this.plans.update(actor, id, dto).then(() => ({ to: `${BASE}/${id}`, notice: 'Se guardaron los cambios del plan.' })),
      render: async (errors, summary, status) =>
        this.renderPlanForm(req, res, await this.plans.get(actor, id), values, errors, summary, status, version),
      conflict: async () => {
        const current = await this.plans.get(actor, id);
        this.renderConflict(
          req,
          res,
          {
            what: 'este plan',
            name: planTitle(current),
            rows: conflictRows(PLAN_LABELS, values, planValues(current), showPlan),
            hidden: hiddenOf(values),
            version: current.version,
            action: `${BASE}/${id}/editar`,
            discard: `${BASE}/${id}/editar`,
          },
          planTitle(current),
          [...crumbs, { text: planTitle(current), href: `${BASE}/${id}` }],
        );
      },
    });
  }

  @Post(':id/enviar')
  async submit(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    await submitAction(this.pages, req, res, {
      act: async () => {
        await this.plans.submit(req.actor as Actor, id);
        return { to: `${BASE}/${id}`, notice: 'Se envió el plan a la Comisión para su revisión.' };
      },
      back: `${BASE}/${id}`,
      failed: 'No se pudo enviar el plan.',
    });
  }

  @Post(':id/revision')
  async revise(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    await submitAction(this.pages, req, res, {
      act: async () => {
        const revision = await this.plans.createRevision(req.actor as Actor, id);
        return {
          to: `${BASE}/${revision.id}`,
          notice: `Se creó la revisión ${revision.revision} en borrador, con los hitos aún abiertos.`,
        };
      },
      back: `${BASE}/${id}`,
      failed: 'No se pudo crear la revisión.',
    });
  }

  private renderPlanForm(
    req: Request,
    res: Response,
    p: PlanDetailResponse | null,
    values: Values,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): void {
    const fields = planFields(values, errors, { revision: p?.revision });
    this.pages.html(
      req,
      res,
      'workspace/plan/form',
      {
        heading: p ? `Editar «${planTitle(p)}»` : 'Registrar un plan de simplificación',
        fields,
        errors: errorList(fields),
        summary,
        version: version ?? p?.version ?? null,
        action: p ? `${BASE}/${p.id}/editar` : `${BASE}/nuevo`,
        cancel: p ? `${BASE}/${p.id}` : BASE,
        submitText: p ? 'Guardar los cambios' : 'Registrar el plan',
      },
      {
        title: p ? `Editar ${planTitle(p)}` : 'Registrar un plan',
        section: 'plan',
        breadcrumbs: p ? [...crumbs, { text: planTitle(p), href: `${BASE}/${p.id}` }] : crumbs,
      },
      status,
    );
  }

  // ---- Milestones ----------------------------------------------------------------------------------------------

  @Get(':id/hitos/nuevo')
  async milestonePage(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const p = await this.plans.get(req.actor as Actor, id);
    await this.renderMilestoneForm(req, res, p, null, { kind: 'raise_level' }, {}, null);
  }

  @Post(':id/hitos/nuevo')
  async addMilestone(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const p = await this.plans.get(actor, id);
    const { plain, values } = formObject(body, MILESTONE_FORM, 'create');
    await submitForm(this.pages, req, res, dtoFrom(CreateMilestoneDto, plain), {
      act: async (dto) => {
        const m = await this.milestones.create(actor, id, dto);
        return { to: `${BASE}/${id}`, notice: `Se agregó el hito «${m.target}».` };
      },
      render: (errors, summary, status) => this.renderMilestoneForm(req, res, p, null, values, errors, summary, status),
    });
  }

  /** One milestone: where the reminders' links land. */
  @Get(':id/hitos/:mid')
  async milestone(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('mid', uuidPipe) mid: string,
  ): Promise<void> {
    const { p, m } = await this.planAndMilestone(req.actor as Actor, id, mid);
    const row = milestoneRow(p, m);
    this.pages.html(
      req,
      res,
      'workspace/plan/milestone',
      {
        p,
        m: row,
        facts: [
          { key: 'Tipo', value: row.kind },
          { key: 'Fecha límite', value: row.dueDate },
          { key: 'Estado', value: row.status },
          ...(m.completedOn
            ? [{ key: 'Cumplido el', value: `${format.date(m.completedOn)}${m.completedLate ? ' (con retraso)' : ''}` }]
            : []),
        ],
        evidence: m.evidence,
        evidenceLinks: linksIn(m.evidence),
        file: m.evidenceFile
          ? { href: `/app/evidencia/${m.evidenceFile.id}`, name: m.evidenceFile.fileName, size: sizeText(m.evidenceFile.sizeBytes) }
          : null,
      },
      { title: m.target, section: 'plan', breadcrumbs: [...crumbs, { text: planTitle(p), href: `${BASE}/${p.id}` }] },
    );
  }

  @Get(':id/hitos/:mid/editar')
  async milestoneEditPage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('mid', uuidPipe) mid: string,
  ): Promise<void> {
    const { p, m } = await this.planAndMilestone(req.actor as Actor, id, mid);
    await this.renderMilestoneForm(req, res, p, m, milestoneValues(m), {}, null);
  }

  @Post(':id/hitos/:mid/editar')
  async editMilestone(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('mid', uuidPipe) mid: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { p, m } = await this.planAndMilestone(actor, id, mid);
    const { plain, values } = formObject(body, MILESTONE_EDIT_FORM, 'update');
    const version = Number(body.version);
    // A plan already sent or approved moves only the progress: the page sends only what changed.
    const changed =
      p.status === 'draft'
        ? plain
        : Object.fromEntries(Object.entries(plain).filter(([k, v]) => (v ?? '') !== (milestoneValues(m)[k] ?? '')));
    await submitForm(this.pages, req, res, dtoFrom(UpdateMilestoneDto, { ...changed, version }), {
      act: (dto) =>
        this.milestones
          .update(actor, mid, dto)
          .then(() => ({ to: `${BASE}/${id}/hitos/${mid}`, notice: 'Se guardaron los cambios del hito.' })),
      render: (errors, summary, status) => this.renderMilestoneForm(req, res, p, m, values, errors, summary, status, version),
      renderRefused: async (errors, summary, status) =>
        this.renderMilestoneForm(req, res, p, await this.milestones.get(actor, mid), values, errors, summary, status, version),
      conflict: async () => {
        const current = await this.milestones.get(actor, mid);
        this.renderConflict(
          req,
          res,
          {
            what: 'este hito',
            name: current.target,
            rows: conflictRows(MILESTONE_LABELS, values, milestoneValues(current), showMilestone),
            hidden: hiddenOf(values),
            version: current.version,
            action: `${BASE}/${id}/hitos/${mid}/editar`,
            discard: `${BASE}/${id}/hitos/${mid}/editar`,
          },
          current.target,
          [...crumbs, { text: planTitle(p), href: `${BASE}/${id}` }],
        );
      },
    });
  }

  @Get(':id/hitos/:mid/cumplir')
  async completePage(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('mid', uuidPipe) mid: string,
  ): Promise<void> {
    const { p, m } = await this.planAndMilestone(req.actor as Actor, id, mid);
    this.renderComplete(req, res, p, m, { completedOn: todayInGuatemala() }, {}, null);
  }

  /** A multipart form (the evidence may be a file): the CSRF token comes in the action URL (ADR 0010). */
  @Post(':id/hitos/:mid/cumplir')
  async complete(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Param('mid', uuidPipe) mid: string,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { p, m } = await this.planAndMilestone(actor, id, mid);
    try {
      await readMultipart(req, res, upload, () => evidenceTooLarge());
    } catch (e) {
      const r = uploadRefusal(e);
      return this.renderComplete(req, res, p, m, {}, r.errors, r.summary, r.status);
    }
    const { plain, values } = formObject(req.body, COMPLETE_FORM, 'create');
    const file = fileOf(req, 'evidenceFile');
    const { dto, errors } = dtoFrom(CompleteMilestoneDto, plain);
    if (!dto) return this.renderComplete(req, res, p, m, values, errors, null, HttpStatus.BAD_REQUEST, Boolean(file));
    try {
      const done = await this.milestones.complete(
        actor,
        mid,
        dto,
        file ? { originalname: file.originalname, buffer: file.buffer } : undefined,
      );
      this.pages.redirect(
        res,
        `${BASE}/${id}/hitos/${mid}`,
        req,
        `Se registró el hito «${done.target}» como cumplido el ${format.date(done.completedOn)}${done.completedLate ? ', después de su fecha límite' : ''}.`,
      );
    } catch (e) {
      const r = uploadRefusal(e);
      this.renderComplete(req, res, p, m, values, r.errors, r.summary, r.status, Boolean(file) && !r.errors.evidenceFile);
    }
  }

  private async planAndMilestone(actor: Actor, id: string, mid: string): Promise<{ p: PlanDetailResponse; m: MilestoneResponse }> {
    const [p, m] = await Promise.all([this.plans.get(actor, id), this.milestones.get(actor, mid)]);
    if (m.planId !== p.id) throw AppException.notFound('El hito');
    return { p, m };
  }

  private async renderMilestoneForm(
    req: Request,
    res: Response,
    p: PlanDetailResponse,
    m: MilestoneResponse | null,
    values: Values,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): Promise<void> {
    const procedures = await this.procedures.list(req.actor as Actor, Object.assign(new ProcedureQuery(), { pageSize: 200, sort: 'code' }));
    const fields = milestoneFields(
      values,
      errors,
      procedures.items.map((x) => ({ value: x.id, text: `${x.code} · ${x.name}` })),
      m !== null,
    );
    this.pages.html(
      req,
      res,
      'workspace/plan/form',
      {
        heading: m ? 'Editar el hito' : 'Agregar un hito',
        caption: planTitle(p),
        fields,
        errors: errorList(fields),
        summary,
        version: version ?? m?.version ?? null,
        action: m ? `${BASE}/${p.id}/hitos/${m.id}/editar` : `${BASE}/${p.id}/hitos/nuevo`,
        cancel: m ? `${BASE}/${p.id}/hitos/${m.id}` : `${BASE}/${p.id}`,
        submitText: m ? 'Guardar los cambios' : 'Agregar el hito',
        note:
          m && p.status !== 'draft'
            ? 'El plan ya fue enviado o aprobado: solo puede cambiarse el avance (pendiente o en curso). Para cambiar metas o fechas, cree una revisión del plan.'
            : null,
      },
      {
        title: m ? `Editar hito: ${m.target}` : 'Agregar un hito',
        section: 'plan',
        breadcrumbs: [...crumbs, { text: planTitle(p), href: `${BASE}/${p.id}` }],
      },
      status,
    );
  }

  private renderComplete(
    req: Request,
    res: Response,
    p: PlanDetailResponse,
    m: MilestoneResponse,
    values: Values,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    fileLost = false,
  ): void {
    const fields = completeFields(values, errors);
    const fileError = errors.evidenceFile ?? null;
    this.pages.html(
      req,
      res,
      'workspace/plan/complete',
      {
        heading: 'Marcar el hito como cumplido',
        caption: m.target,
        fields,
        summary,
        errors: [...errorList(fields), ...(fileError ? [{ href: '#f-evidenceFile', text: fileError }] : [])],
        fileError,
        fileLost,
        accept: EVIDENCE_ACCEPT,
        kindsText: EVIDENCE_KINDS_TEXT,
        maxLabel: MAX_EVIDENCE_LABEL,
        intro: `Fecha límite: ${format.date(m.dueDate)}. Una vez registrado, el cumplimiento no se modifica.`,
        action: `${BASE}/${p.id}/hitos/${m.id}/cumplir`,
        cancel: `${BASE}/${p.id}/hitos/${m.id}`,
        submitText: 'Registrar el cumplimiento',
      },
      {
        title: `Marcar cumplido: ${m.target}`,
        section: 'plan',
        breadcrumbs: [
          ...crumbs,
          { text: planTitle(p), href: `${BASE}/${p.id}` },
          { text: m.target, href: `${BASE}/${p.id}/hitos/${m.id}` },
        ],
      },
      status,
    );
  }

  /** Someone else saved first: both versions side by side; the person keeps theirs (over the new version) or drops it. */
  private renderConflict(
    req: Request,
    res: Response,
    model: object,
    name: string,
    breadcrumbs: Array<{ text: string; href: string }>,
  ): void {
    this.pages.html(
      req,
      res,
      'workspace/plan/conflict',
      model,
      { title: `Otra persona guardó antes: ${name}`, section: 'plan', breadcrumbs },
      HttpStatus.CONFLICT,
    );
  }
}

function milestoneRow(p: PlanDetailResponse, m: MilestoneResponse) {
  const open = m.status === 'pending' || m.status === 'in_progress';
  return {
    id: m.id,
    target: m.target,
    kind: labelCap('milestoneKind', m.kind),
    dueDate: format.date(m.dueDate),
    status: m.status === 'completed' && m.completedLate ? 'Completado con retraso' : labelCap('milestoneStatus', m.status),
    overdue: m.overdue,
    done: m.status === 'completed',
    href: `${BASE}/${p.id}/hitos/${m.id}`,
    canComplete: open,
    canEdit: m.status !== 'completed' && (p.status === 'draft' || open),
  };
}

const hiddenOf = (values: Record<string, unknown>) => Object.entries(values).map(([name, value]) => ({ name, value: String(value ?? '') }));
const showPlan = (name: string, v: unknown): string =>
  v === null || v === undefined || v === '' ? 'sin dato' : name === 'budgetGtq' ? format.gtq(v) : String(v);
const showMilestone = (name: string, v: unknown): string => {
  if (v === null || v === undefined || v === '') return 'sin dato';
  if (name === 'kind') return labelCap('milestoneKind', String(v));
  if (name === 'status') return labelCap('milestoneStatus', String(v));
  return String(v);
};

/** The web addresses in an evidence text, to show them as links (only http and https). */
export function linksIn(text: string | null): string[] {
  return text ? [...new Set(text.match(/https?:\/\/[^\s<>"']+/g) ?? [])].map((u) => u.replace(/[.,;)]+$/, '')) : [];
}
