import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { ANY_ROLE, CITIZEN_REPORT_ANSWER_ROLES, CITIZEN_REPORT_RULING_ROLES } from '../../../common/auth/roles';
import { labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import { CITIZEN_REPORT_STATUSES } from '../../../modules/citizen-reports/citizen-report.rules';
import { REPORTS_PAGE_SIZE, CitizenReportsService } from '../../../modules/citizen-reports/citizen-reports.service';
import { CitizenReportRow } from '../../../modules/citizen-reports/citizen-reports.sql';
import { AnswerCitizenReportDto, RuleCitizenReportDto } from '../../../modules/citizen-reports/dto/citizen-report.dto';
import { citizenReportPaths } from '../../../modules/citizen-reports/citizen-report-mail';
import { errorList, FieldErrors, selectField, textField } from '../../forms/form-fields';
import { reportFacts, reportSteps } from '../../public/citizen-report.view';
import { dtoFrom, formObject, FormSteps, submitForm } from '../forms';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';

const BASE = '/app/denuncias';
const crumbs = [{ text: 'Denuncias', href: BASE }];

/**
 * "Denuncias": citizens' reports of requirements not in the registry or prohibited. An institution's users see their
 * institution's reports only (row-level security) and answer them; the Commission sees every institution's and rules
 * founded or unfounded. Every action calls CitizenReportsService.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/denuncias')
export class CitizenReportsController {
  constructor(
    private readonly reports: CitizenReportsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  @PageRoles(ANY_ROLE)
  async list(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const status = typeof q.estado === 'string' && (CITIZEN_REPORT_STATUSES as readonly string[]).includes(q.estado) ? q.estado : null;
    const page = /^\d{1,5}$/.test(String(q.pagina ?? '')) ? Math.max(1, Number(q.pagina)) : 1;
    const { rows, total } = await this.reports.list(actor, { status, page });
    const pages = Math.max(1, Math.ceil(total / REPORTS_PAGE_SIZE));
    const href = (p: number) => `${BASE}?${new URLSearchParams({ ...(status ? { estado: status } : {}), pagina: String(p) }).toString()}`;
    const today = todayInGuatemala();
    this.pages.html(
      req,
      res,
      'workspace/citizen-reports/list',
      {
        commission: CITIZEN_REPORT_RULING_ROLES.includes(actor.role!),
        filter: selectField(
          'estado',
          'Estado',
          CITIZEN_REPORT_STATUSES.map((s) => ({ value: s, text: labelCap('citizenReportStatus', s) })),
          status,
          {},
          { any: 'Todas' },
        ),
        total,
        items: rows.map((r) => ({
          href: `${BASE}/${r.id}`,
          code: r.tracking_code,
          procedure: r.procedure_name,
          institution: r.institution_name,
          received: format.date(r.received_on),
          due: format.date(r.answer_due_on),
          overdue: r.status === 'received' && today > r.answer_due_on,
          status: labelCap('citizenReportStatus', r.status),
        })),
        page,
        pages,
        previous: page > 1 ? href(page - 1) : null,
        next: page < pages ? href(page + 1) : null,
      },
      { title: 'Denuncias ciudadanas', section: 'denuncias' },
    );
  }

  @Get(':id')
  @PageRoles(ANY_ROLE)
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const r = await this.reports.get(req.actor as Actor, id);
    this.render(req, res, r, {}, {}, null);
  }

  @Post(':id/respuesta')
  @PageRoles(CITIZEN_REPORT_ANSWER_ROLES)
  async answer(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { plain, values } = formObject(body, { answer: 'text', version: 'int' }, 'create');
    await submitForm(this.pages, req, res, dtoFrom(AnswerCitizenReportDto, plain), {
      act: (dto) =>
        this.reports.answer(actor, id, dto).then(() => ({
          to: `${BASE}/${id}`,
          notice: 'Se registró la respuesta de la institución. La persona que denunció la verá en su página de seguimiento.',
        })),
      ...this.formAgain(req, res, id, values),
    });
  }

  @Post(':id/resolucion')
  @PageRoles(CITIZEN_REPORT_RULING_ROLES)
  async rule(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const { plain, values } = formObject(body, { founded: 'text', reason: 'text', version: 'int' }, 'create');
    await submitForm(this.pages, req, res, dtoFrom(RuleCitizenReportDto, plain), {
      act: (dto) =>
        this.reports.rule(actor, id, dto).then(() => ({
          to: `${BASE}/${id}`,
          notice: dto.founded ? 'La denuncia quedó declarada fundada.' : 'La denuncia quedó declarada infundada.',
        })),
      ...this.formAgain(req, res, id, values),
    });
  }

  /** A decision form drawn again (with the report as it is now): its messages, the service's refusal, or the conflict. */
  private formAgain(req: Request, res: Response, id: string, values: Record<string, unknown>): Omit<FormSteps<object>, 'act'> {
    return {
      render: async (errors, summary, status) =>
        this.render(req, res, await this.reports.get(req.actor as Actor, id), values as Record<string, string>, errors, summary, status),
      conflict: 'Otra persona actuó sobre esta denuncia mientras usted escribía. Revise su estado actual.',
    };
  }

  private render(
    req: Request,
    res: Response,
    r: CitizenReportRow,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
  ): void {
    const actor = req.actor as Actor;
    const today = todayInGuatemala();
    const canAnswer = CITIZEN_REPORT_ANSWER_ROLES.includes(actor.role!) && r.status === 'received';
    const canRule =
      CITIZEN_REPORT_RULING_ROLES.includes(actor.role!) &&
      (r.status === 'answered' || (r.status === 'received' && today > r.answer_due_on));
    const answerFields = canAnswer
      ? [
          {
            ...textField('answer', 'Respuesta de la institución', values.answer, errors, {
              hint: 'Se publica en la página de seguimiento de la denuncia: explique si el requisito se exige y con qué base legal, o qué corrigió. No incluya datos personales.',
            }),
            type: 'textarea',
            rows: 8,
          },
        ]
      : [];
    const ruleFields = canRule
      ? [
          selectField(
            'founded',
            'Decisión',
            [
              { value: 'true', text: 'Fundada: no se lo podían pedir' },
              { value: 'false', text: 'Infundada: el requisito se ajusta a la ley' },
            ],
            values.founded,
            errors,
            { any: 'Elija una decisión' },
          ),
          {
            ...textField('reason', 'Motivo', values.reason, errors, {
              hint: 'Se publica en la página de seguimiento. Si es fundada y el requisito no tiene base legal (o no está en el registro), queda como hallazgo del trámite.',
            }),
            type: 'textarea',
            rows: 6,
          },
        ]
      : [];
    this.pages.html(
      req,
      res,
      'workspace/citizen-reports/report',
      {
        r,
        heading: `Denuncia ${r.tracking_code}`,
        facts: [...reportFacts(r, true), { key: 'Recibida', value: format.date(r.received_on) }],
        steps: reportSteps(r, today),
        publicHref: citizenReportPaths.status(r.tracking_code),
        procedureHref: `/transparencia/tramites/${encodeURIComponent(r.institution_code)}/${encodeURIComponent(r.procedure_code)}`,
        answerFields,
        ruleFields,
        errors: errorList([...answerFields, ...ruleFields]),
        summary,
        version: r.version,
        waitingForAnswer: CITIZEN_REPORT_RULING_ROLES.includes(actor.role!) && r.status === 'received' && !canRule,
      },
      { title: `Denuncia ${r.tracking_code}`, section: 'denuncias', breadcrumbs: crumbs },
      status,
    );
  }
}
