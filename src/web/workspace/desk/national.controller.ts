import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { entries, labelCap, term } from '../../../common/glossary/glossary';
import { format } from '../../../common/views/handlebars-setup';
import { addDays } from '../../../modules/notifications/reminder-format';
import { DeskService } from '../../../modules/commission-desk/desk.service';
import { NationalQuery, NationalTrendQuery } from '../../../modules/scoring/dto/scoring.dto';
import { ScoresService } from '../../../modules/scoring/scores.service';
import { trendChart } from '../../charts/charts';
import { errorList, readQuery, selectField } from '../../forms/form-fields';
import { numberAt, sample } from '../../public/view-format';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { NationalPageQuery } from './desk.queries';

/** How far back the national trend goes. */
export const NATIONAL_TREND_DAYS = 365;

const BURDEN_PARAMETERS: Array<[string, string, (v: unknown) => string]> = [
  ['hourValueGtq', 'Valor de una hora de una persona', format.gtq],
  ['visitCostGtq', 'Costo de una visita presencial', format.gtq],
  ['dailyOpportunityCostGtq', 'Costo de oportunidad por día de espera', format.gtq],
  ['hoursPerRequirement', 'Horas para reunir cada requisito', format.decimal],
  ['hoursPerVisit', 'Horas de cada visita', format.decimal],
];

/**
 * Nacional (issue #15): the national figures the scoring service computes (ScoresService.nationalScore, the method the
 * API and the public site serve) with their breakdown — components with weights, indicators, the ranking and the
 * institutions without inventory apart — the trend over the score history (nationalTrend, with the same filters) and the
 * burden saved (GTQ and hours, with the parameters beside the figures). Filters: coverage, type, sector.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(COMMISSION_ROLES)
@Controller('app/nacional')
export class NationalPageController {
  constructor(
    private readonly scores: ScoresService,
    private readonly desk: DeskService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async national(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const { value: q, errors } = readQuery(NationalPageQuery, raw);
    const filters = { coverage: q.coverage, type: q.type, sector: q.sector };
    const n = await this.scores.nationalScore(actor, Object.assign(new NationalQuery(), filters));
    const trend = await this.scores.nationalTrend(
      actor,
      Object.assign(new NationalTrendQuery(), filters, { from: addDays(n.date, -NATIONAL_TREND_DAYS), to: n.date }),
    );
    const sectors = await this.desk.sectors(actor);
    const points = trend.items.filter((p) => p.score !== null).map((p) => ({ date: p.date, value: p.score! }));
    const summary =
      points.length > 1
        ? `El puntaje medio pasó de ${format.decimal(points[0].value)} el ${format.date(points[0].date)} a ${format.decimal(points[points.length - 1].value)} el ${format.date(points[points.length - 1].date)}.`
        : 'Aún no hay una serie de mediciones con estos filtros.';
    const ind = n.indicators;
    const b = n.burden;
    const registered = numberAt(ind, 'procedures', 'registered');
    const online = numberAt(ind, 'procedures', 'online');
    const fields = [
      selectField(
        'coverage',
        'Cobertura',
        entries('coverage').map((e) => ({ value: e.code, text: labelCap('coverage', e.code) })),
        q.coverage,
        errors,
        { any: 'Obligadas y adheridas' },
      ),
      selectField(
        'type',
        'Tipo de institución',
        entries('institutionType').map((e) => ({ value: e.code, text: labelCap('institutionType', e.code) })),
        q.type,
        errors,
        { any: 'Todos los tipos' },
      ),
      selectField(
        'sector',
        'Sector',
        sectors.map((s) => ({ value: s, text: s })),
        q.sector,
        errors,
        { any: 'Todos los sectores' },
      ),
    ];
    const institution = (r: (typeof n.ranking)[number]) => ({
      name: r.name,
      code: r.code,
      href: `/app/instituciones/${encodeURIComponent(r.code)}`,
      type: labelCap('institutionType', r.type),
      coverage: labelCap('coverage', r.coverage),
      score: r.score === null ? 'sin puntaje' : format.decimal(r.score),
    });
    const params = (b.parameters ?? {}) as Record<string, unknown>;
    this.pages.html(
      req,
      res,
      'workspace/desk/national',
      {
        fields,
        errors: errorList(fields),
        filtered: Boolean(q.coverage || q.type || q.sector),
        date: format.date(n.date),
        methodologyVersion: n.methodologyVersion,
        score: n.score === null ? null : format.decimal(n.score),
        weighted: n.scoreWeightedByProcedures === null ? null : format.decimal(n.scoreWeightedByProcedures),
        counts: n.institutions,
        components: n.components.map((c) => ({
          name: labelCap('institutionComponent', c.component),
          description: term('institutionComponent', c.component)?.description ?? '',
          value: c.meanValue === null ? 'no aplica' : format.percent(c.meanValue),
          points: format.decimal(c.meanPoints),
          weight: format.decimal(c.weight),
          applicableIn: c.applicableIn,
        })),
        indicators: [
          ['Trámites registrados', format.integer(registered)],
          ['Trámites priorizados', format.integer(numberAt(ind, 'procedures', 'prioritized'))],
          ['Trámites en proceso de simplificación (con hitos abiertos)', format.integer(numberAt(ind, 'procedures', 'inProgress'))],
          [
            'Trámites completamente en línea (nivel 4 o más)',
            `${format.integer(online)}${registered ? ` (${format.percent((online ?? 0) / registered)})` : ''}`,
          ],
          ['Requisitos vigentes con base legal', format.percent(numberAt(ind, 'requirements', 'withLegalBasisShare'))],
          ['Requisitos prohibidos aún exigidos', format.integer(numberAt(ind, 'requirements', 'prohibitedActive'))],
          ['Requisitos eliminados desde la línea base', format.integer(numberAt(ind, 'requirements', 'eliminatedSinceBaseline'))],
          ['Hitos cumplidos a tiempo', format.integer(numberAt(ind, 'milestones', 'metOnTime'))],
          ['Hitos cumplidos tarde', format.integer(numberAt(ind, 'milestones', 'metLate'))],
          ['Hitos vencidos sin cumplir', format.integer(numberAt(ind, 'milestones', 'overdue'))],
        ].map(([what, value]) => ({ what, value })),
        burden: {
          savingsGtq: format.gtq(numberAt(b, 'savingsGtq')),
          savingsHours: format.integer(numberAt(b, 'savingsHours')),
          baselineGtq: format.gtq(numberAt(b, 'baselineYearlyCostGtq')),
          currentGtq: format.gtq(numberAt(b, 'currentYearlyCostGtq')),
          baselineHours: format.integer(numberAt(b, 'baselineYearlyHours')),
          currentHours: format.integer(numberAt(b, 'currentYearlyHours')),
          unknown: numberAt(b, 'proceduresWithUnknownFigures'),
          parameters: BURDEN_PARAMETERS.filter(([k]) => params[k] !== undefined).map(([k, what, fmt]) => ({ what, value: fmt(params[k]) })),
        },
        trend: {
          chart: trendChart('Puntaje medio de las instituciones en el tiempo', summary, points),
          rows: sample(points, 12).map((p) => ({ date: format.date(p.date), score: format.decimal(p.value) })),
          summary,
        },
        ranking: n.ranking.map(institution),
        withoutInventory: n.withoutInventory.map(institution),
      },
      { title: 'Nacional', section: 'nacional' },
    );
  }
}
