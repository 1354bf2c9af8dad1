import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/auth.decorators';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { normaliseTrackingCode } from '../../modules/citizen-reports/citizen-report.rules';
import { citizenReportPaths } from '../../modules/citizen-reports/citizen-report-mail';
import { CitizenReportsService } from '../../modules/citizen-reports/citizen-reports.service';
import { PageResponder } from '../pages/page-responder';
import { reportFacts, reportSteps } from './citizen-report.view';

const HOME = { text: 'Inicio', href: '/transparencia' };
const LOOKUP = { text: 'Seguimiento de denuncias', href: '/transparencia/denuncias' };

/**
 * The public side of citizens' reports: find one by its tracking code and follow its steps (received, the
 * institution's answer, the Commission's ruling) with dates. No personal data: never the e-mail nor the citizen's words.
 */
@ApiExcludeController()
@Public()
@Controller('transparencia/denuncias')
export class CitizenReportPagesController {
  constructor(
    private readonly reports: CitizenReportsService,
    private readonly pages: PageResponder,
  ) {}

  @Get()
  lookup(@Query('codigo') raw: unknown, @Res() res: Response): void {
    const typed = typeof raw === 'string' ? raw : '';
    const code = typed ? normaliseTrackingCode(typed) : null;
    if (code) return res.redirect(303, citizenReportPaths.status(code));
    this.pages.html(
      res,
      'public/citizen-report-lookup',
      { value: typed, error: typed ? 'El código tiene 8 letras y números, como K7QM-3XZD. Revíselo en el mensaje que recibió.' : null },
      {
        title: 'Seguimiento de denuncias',
        description: 'Siga el estado de su denuncia de un requisito no registrado o prohibido con su código de seguimiento.',
        path: '/transparencia/denuncias',
        section: null,
        breadcrumbs: [HOME],
        noIndex: Boolean(typed),
      },
      typed ? 400 : 200,
    );
  }

  @Get(':code')
  async status(
    @CurrentActor() actor: Actor,
    @Param('code') raw: string,
    @Query('nueva') fresh: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const r = await this.reports.byTrackingCode(actor, raw);
    if (r.tracking_code !== raw) return res.redirect(301, citizenReportPaths.status(r.tracking_code));
    this.pages.html(
      res,
      'public/citizen-report',
      {
        code: r.tracking_code,
        fresh: fresh === '1',
        facts: reportFacts(r, false),
        steps: reportSteps(r, todayInGuatemala()),
        procedureHref: `/transparencia/tramites/${encodeURIComponent(r.institution_code)}/${encodeURIComponent(r.procedure_code)}`,
      },
      {
        title: `Denuncia ${r.tracking_code}`,
        description: `Estado de la denuncia ${r.tracking_code} sobre el trámite «${r.procedure_name}».`,
        path: citizenReportPaths.status(r.tracking_code),
        section: null,
        breadcrumbs: [HOME, LOOKUP],
        noIndex: true,
      },
    );
  }
}
