import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { entries, labelCap } from '../../../common/glossary/glossary';
import { format } from '../../../common/views/handlebars-setup';
import { BOARD_SORTS, BoardSort, isBoardSort } from '../../../modules/commission-desk/desk-rules';
import { BoardRow, TREND_DAYS } from '../../../modules/commission-desk/desk.sql';
import { DeskService } from '../../../modules/commission-desk/desk.service';
import { checkboxField, errorList, readQuery, selectField } from '../../forms/form-fields';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { BoardQuery, pager, queryLink } from './desk.queries';

const BASE = '/app/tablero';
/** Rows per page: a screen an analyst scans; 90 institutions fit in two pages. */
export const BOARD_PAGE_SIZE = 50;

/** "+3.2", "−1.5", "0.0", or "sin dato" (unknown is not zero). */
export const signed = (v: number | null): string =>
  v === null ? 'sin dato' : v > 0 ? `+${format.decimal(v)}` : v < 0 ? `−${format.decimal(-v)}` : format.decimal(0);

const row = (r: BoardRow) => ({
  code: r.code,
  name: r.name,
  href: `/app/instituciones/${encodeURIComponent(r.code)}`,
  type: labelCap('institutionType', r.type),
  coverage: labelCap('coverage', r.coverage),
  sector: r.sector ?? 'sin dato',
  score: r.score === null ? null : format.decimal(r.score),
  trend: signed(r.trend),
  trendDirection: r.trend === null ? 'unknown' : r.trend > 0 ? 'up' : r.trend < 0 ? 'down' : 'flat',
  overdue: r.overdue,
  overdueDetail: `${r.overdueMilestones} ${r.overdueMilestones === 1 ? 'hito vencido' : 'hitos vencidos'}, ${r.missingReports} ${r.missingReports === 1 ? 'informe no presentado' : 'informes no presentados'}, ${r.missedDeadlines} ${r.missedDeadlines === 1 ? 'plazo legal incumplido' : 'plazos legales incumplidos'}`,
  lastActivity: r.lastActivityAt ? format.date(r.lastActivityAt) : 'sin actividad registrada',
  noInventory: r.procedures === 0,
  noLiaison: r.activeLiaisons === 0,
  procedures: r.procedures,
  followed: r.followed,
});

/**
 * Tablero (issue #15): every institution ranked, sortable by score, trend, overdue items and last activity, filtered
 * by type, coverage, sector and "the institutions I follow"; those without inventory or without an active liaison are
 * called out above the table and tagged in their row. One query for the page (DeskService.board).
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(COMMISSION_ROLES)
@Controller('app/tablero')
export class BoardController {
  constructor(
    private readonly desk: DeskService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async board(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const { value: q, errors } = readQuery(BoardQuery, raw);
    const sort: BoardSort = isBoardSort(q.sort) ? q.sort : '-score';
    const filter = { type: q.type, coverage: q.coverage, sector: q.sector, followedOnly: q.followed, attentionOnly: q.attention };
    const result = await this.desk.board(req.actor as Actor, filter, sort, { page: q.page ?? 1, pageSize: BOARD_PAGE_SIZE });
    const keep = { type: q.type, coverage: q.coverage, sector: q.sector, followed: q.followed, attention: q.attention };
    const link = (page: number) =>
      queryLink(BASE, { ...keep, sort: sort === '-score' ? undefined : sort, page: page > 1 ? page : undefined });
    const fields = [
      selectField(
        'type',
        'Tipo de institución',
        entries('institutionType').map((e) => ({ value: e.code, text: labelCap('institutionType', e.code) })),
        q.type,
        errors,
        { any: 'Todos los tipos' },
      ),
      selectField(
        'coverage',
        'Cobertura',
        entries('coverage').map((e) => ({ value: e.code, text: labelCap('coverage', e.code) })),
        q.coverage,
        errors,
        { any: 'Obligadas y adheridas' },
      ),
      selectField(
        'sector',
        'Sector',
        result.sectors.map((s) => ({ value: s, text: s })),
        q.sector,
        errors,
        { any: 'Todos los sectores' },
      ),
      selectField('sort', 'Ordenar por', [...BOARD_SORTS], sort, errors),
      checkboxField('followed', 'Solo las instituciones que sigo', q.followed === true, errors),
      checkboxField('attention', 'Solo sin inventario o sin enlace activo', q.attention === true, errors),
    ];
    this.pages.html(
      req,
      res,
      'workspace/desk/board',
      {
        fields,
        errors: errorList(fields),
        total: result.total,
        withoutInventory: result.withoutInventory,
        withoutLiaison: result.withoutLiaison,
        attentionHref: queryLink(BASE, { ...keep, attention: true, sort: sort === '-score' ? undefined : sort }),
        attentionOn: q.attention === true,
        trendDays: TREND_DAYS,
        date: format.date(result.date),
        sortText: BOARD_SORTS.find((s) => s.value === sort)!.text,
        items: result.items.map(row),
        ...pager(result.total, result.page, result.pageSize, link),
      },
      { title: 'Tablero', section: 'tablero' },
    );
  }
}
