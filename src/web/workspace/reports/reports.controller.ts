import { Body, Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, anonymousActor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { label, labelCap } from '../../../common/glossary/glossary';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { format } from '../../../common/views/handlebars-setup';
import { InstitutionsService } from '../../../modules/institutions/institutions.service';
import {
  CreateProgressReportDto,
  ProgressReportQuery,
  ProgressReportResponse,
  UpdateProgressReportDto,
} from '../../../modules/inventory/reports/dto/progress-report.dto';
import { ProgressReportsService } from '../../../modules/inventory/reports/progress-reports.service';
import { draftReportText, QuarterSummary } from '../../../modules/inventory/rules/quarter-summary';
import { quarterStart } from '../../../modules/inventory/rules/report-due-date';
import { PublicApiService } from '../../../modules/public-api/public-api.service';
import { orNull } from '../../public/transparency.controller';
import { errorList, FieldErrors, textField } from '../../forms/form-fields';
import { dtoFrom, formObject, FieldKind, submitForm } from '../forms';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';

const BASE = '/app/informes';
const crumbs = [{ text: 'Informes', href: BASE }];
const REPORT_FORM: Record<string, FieldKind> = { year: 'int', quarter: 'int', content: 'text' };
const period = (year: number, quarter: number) => `${quarter}.º trimestre de ${year}`;

/** The latest quarter that has begun (today's). */
function currentQuarter(today: string): { year: number; quarter: number } {
  return { year: Number(today.slice(0, 4)), quarter: Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 };
}

/**
 * "Informes": the quarterly progress reports — the ones owed (the one reports-owed rule, as on Inicio and the public
 * institution page), those presented with their review, and the form to write one, pre-filled with what the system
 * already knows about the quarter (ProgressReportsService.quarterSummary) for the liaison to edit. A returned report
 * is corrected and presented again here. Every action calls ProgressReportsService, as the API does.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app/informes')
export class ReportsController {
  constructor(
    private readonly reports: ProgressReportsService,
    private readonly institutions: InstitutionsService,
    private readonly publicApi: PublicApiService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const actor = req.actor as Actor;
    const [presented, institution] = await Promise.all([
      this.reports.list(actor, Object.assign(new ProgressReportQuery(), { pageSize: 100 })),
      actor.institutionId ? this.institutions.get(actor, actor.institutionId) : null,
    ]);
    const published = institution ? await orNull(this.publicApi.institution(anonymousActor(actor.requestId), institution.code)) : null;
    const today = todayInGuatemala();
    const owed = (published?.reports ?? []).filter((r) => r.situation === 'missing' || r.situation === 'upcoming');
    this.pages.html(
      req,
      res,
      'workspace/reports/list',
      {
        owed: owed.map((r) => ({
          period: period(r.year, r.quarter),
          dueDate: format.date(r.dueDate),
          situation: labelCap('reportSituation', r.situation),
          missing: r.situation === 'missing',
          href: quarterStart(r.year, r.quarter) <= today ? `${BASE}/nuevo?anio=${r.year}&trimestre=${r.quarter}` : null,
        })),
        items: presented.items.map((r) => ({
          id: r.id,
          period: period(r.year, r.quarter),
          submittedAt: format.date(todayInGuatemala(r.submittedAt)),
          onTime: r.onTime,
          status: labelCap('reviewStatus', r.status),
          returned: r.status === 'returned',
        })),
      },
      { title: 'Informes trimestrales', section: 'informes' },
    );
  }

  @Get('nuevo')
  async createPage(@Req() req: Request, @Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    const current = currentQuarter(todayInGuatemala());
    const year = /^\d{4}$/.test(String(q.anio ?? '')) ? Number(q.anio) : current.year;
    const quarter = /^[1-4]$/.test(String(q.trimestre ?? '')) ? Number(q.trimestre) : current.quarter;
    const summary = await this.summaryOf(req.actor as Actor, year, quarter);
    await this.renderForm(
      req,
      res,
      { year: String(year), quarter: String(quarter), content: summary ? draftReportText(summary) : '' },
      {},
      null,
      summary,
    );
  }

  @Post('nuevo')
  async create(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const { plain, values } = formObject(body, REPORT_FORM, 'create');
    const typed = values as Record<string, string>;
    await submitForm(this.pages, req, res, dtoFrom(CreateProgressReportDto, plain), {
      act: async (dto) => {
        const r = await this.reports.create(actor, dto);
        return {
          to: `${BASE}/${r.id}`,
          notice: `Se presentó el informe del ${period(r.year, r.quarter)}${r.onTime ? '' : ', después de su fecha límite'}.`,
        };
      },
      // A valid form's year and quarter are the digits typed, so the refused form shows the same quarter's facts.
      render: async (errors, summary, status) =>
        this.renderForm(req, res, typed, errors, summary, await this.summaryOf(actor, Number(values.year), Number(values.quarter)), status),
    });
  }

  @Get(':id')
  async detail(@Req() req: Request, @Res() res: Response, @Param('id', uuidPipe) id: string): Promise<void> {
    const r = await this.reports.get(req.actor as Actor, id);
    this.renderReport(req, res, r, { content: r.content }, {}, null);
  }

  /** Corrects a returned report and presents it again. */
  @Post(':id')
  async correct(
    @Req() req: Request,
    @Res() res: Response,
    @Param('id', uuidPipe) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const actor = req.actor as Actor;
    const r = await this.reports.get(actor, id);
    const { plain, values } = formObject(body, { content: 'text' }, 'create');
    const version = Number(body.version);
    const typed = values as Record<string, string>;
    await submitForm(this.pages, req, res, dtoFrom(UpdateProgressReportDto, { ...plain, version }), {
      act: (dto) =>
        this.reports
          .update(actor, id, dto)
          .then(() => ({ to: `${BASE}/${id}`, notice: `Se presentó de nuevo el informe del ${period(r.year, r.quarter)}.` })),
      render: (errors, summary, status) => this.renderReport(req, res, r, typed, errors, summary, status, version),
      renderRefused: async (errors, summary, status) =>
        this.renderReport(req, res, await this.reports.get(actor, id), typed, errors, summary, status, version),
      conflict: async () =>
        this.renderReport(
          req,
          res,
          await this.reports.get(actor, id),
          typed,
          {},
          'Otra persona guardó este informe mientras usted lo editaba. Abajo está su texto; la versión guardada se muestra arriba. Si presenta su texto, reemplazará la versión guardada.',
          HttpStatus.CONFLICT,
        ),
    });
  }

  /** The quarter's facts, or null when the quarter is not one (the form then says so beside the field). */
  private async summaryOf(actor: Actor, year: number, quarter: number): Promise<QuarterSummary | null> {
    if (!Number.isInteger(year) || year < 2021 || year > 2100 || !Number.isInteger(quarter) || quarter < 1 || quarter > 4) return null;
    return this.reports.quarterSummary(actor, year, quarter);
  }

  private async renderForm(
    req: Request,
    res: Response,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    facts: QuarterSummary | null,
    status = 200,
  ): Promise<void> {
    const fields = [
      textField('year', 'Año', values.year, errors, { width: '4' }),
      textField('quarter', 'Trimestre (1 a 4)', values.quarter, errors, { width: '2' }),
      {
        ...textField('content', 'Contenido del informe', values.content, errors, {
          hint: 'Preparado con lo que el sistema ya sabe del trimestre: revíselo, complete lo que está entre corchetes y agregue lo que falte.',
        }),
        type: 'textarea',
        rows: 22,
      },
    ];
    const y = Number(values.year);
    const q = Number(values.quarter);
    this.pages.html(
      req,
      res,
      'workspace/reports/form',
      {
        fields,
        errors: errorList(fields),
        summary,
        facts: facts ? factsView(facts) : null,
        heading: facts ? `Informe del ${period(y, q)}` : 'Informe trimestral de avance',
        refresh: facts ? `${BASE}/nuevo?anio=${y}&trimestre=${q}` : null,
      },
      { title: 'Presentar un informe trimestral', section: 'informes', breadcrumbs: crumbs },
      status,
    );
  }

  private renderReport(
    req: Request,
    res: Response,
    r: ProgressReportResponse,
    values: Record<string, string>,
    errors: FieldErrors,
    summary: string | null,
    status = 200,
    version?: number,
  ): void {
    const returned = r.status === 'returned';
    const fields = returned ? [{ ...textField('content', 'Informe corregido', values.content, errors), type: 'textarea', rows: 22 }] : [];
    this.pages.html(
      req,
      res,
      'workspace/reports/report',
      {
        r,
        returned,
        fields,
        errors: errorList(fields),
        summary,
        version: version ?? r.version,
        heading: `Informe del ${period(r.year, r.quarter)}`,
        facts: [
          { key: 'Estado', value: labelCap('reviewStatus', r.status) },
          {
            key: 'Presentado',
            value: `${format.date(todayInGuatemala(r.submittedAt))} (${r.onTime ? 'a tiempo' : 'después de la fecha límite'})`,
          },
          { key: 'Fecha límite', value: format.date(r.dueDate) },
          ...(r.reviewedAt ? [{ key: 'Revisado', value: format.date(todayInGuatemala(r.reviewedAt)) }] : []),
        ],
      },
      { title: `Informe del ${period(r.year, r.quarter)}`, section: 'informes', breadcrumbs: crumbs },
      status,
    );
  }
}

/** The quarter's facts as the form shows them beside the text. */
function factsView(s: QuarterSummary) {
  return {
    period: `del ${format.date(s.start)} al ${format.date(s.end)}`,
    met: s.met.map((m) => `${m.target} — ${format.date(m.completedOn)}${m.late ? ' (con retraso)' : ''}`),
    missed: s.missed.map((m) => `${m.target} — vencía el ${format.date(m.dueDate)}`),
    eliminated: s.eliminated.map((r) => `${r.procedureCode}: ${r.name} (${label('requirementStatus', r.status)})`),
    levels: s.levelsRaised.map((l) => `${l.procedureCode}: nivel ${l.from ?? 'sin dato'} → ${l.to}`),
    score:
      s.scoreChange !== null
        ? `${format.decimal(s.scoreBefore)} → ${format.decimal(s.scoreAfter)} (${Number(s.scoreChange) > 0 ? '+' : ''}${format.decimal(s.scoreChange)})`
        : 'sin dato suficiente para comparar',
  };
}
