import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { label, labelCap, term } from '../../../common/glossary/glossary';
import { format } from '../../../common/views/handlebars-setup';
import { DEFAULT_PLAN_REVIEW_DAYS, OVERDUE_KINDS } from '../../../modules/commission-desk/desk-rules';
import { OverdueRow } from '../../../modules/commission-desk/desk.sql';
import { DeskService } from '../../../modules/commission-desk/desk.service';
import { checkboxField, errorList, readQuery, selectField, textField } from '../../forms/form-fields';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { OverdueQuery, pager, queryLink } from './desk.queries';

const BASE = '/app/atrasos';
export const OVERDUE_PAGE_SIZE = 50;

/** "hoy", "1 día", "12 días". */
export const ageText = (days: number): string => (days <= 0 ? 'hoy' : days === 1 ? '1 día' : `${format.integer(days)} días`);

export const overdueRow = (r: OverdueRow) => ({
  kind: labelCap('overdueKind', r.kind),
  kindCode: r.kind,
  institution: r.institutionName,
  institutionCode: r.institutionCode,
  institutionHref: `/app/instituciones/${encodeURIComponent(r.institutionCode)}`,
  item: r.item,
  since: format.date(r.since),
  age: ageText(r.ageDays),
  ageDays: r.ageDays,
  reminder: r.lastReminderAt
    ? `${format.date(r.lastReminderAt)}${r.lastReminderTo ? ` a ${r.lastReminderTo}` : ''}${r.lastReminderRule ? ` («${r.lastReminderRule}»)` : ''}`
    : null,
});

/**
 * Atrasos (issue #15): everything behind in one list, oldest first — overdue milestones, quarterly reports owed and
 * never submitted, legal deadlines missed, plans waiting for review at least N days (15 unless the analyst says
 * otherwise) and institutions with no active liaison — each with its institution, its age in days and the last
 * reminder the outbox sent about it; filters by kind and "the institutions I follow", with counts per kind.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(COMMISSION_ROLES)
@Controller('app/atrasos')
export class OverdueController {
  constructor(
    private readonly desk: DeskService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get()
  async overdue(@Req() req: Request, @Res() res: Response, @Query() raw: Record<string, unknown>): Promise<void> {
    const { value: q, errors } = readQuery(OverdueQuery, raw);
    const result = await this.desk.overdue(
      req.actor as Actor,
      { kind: q.kind, followedOnly: q.followed, planReviewDays: q.days },
      { page: q.page ?? 1, pageSize: OVERDUE_PAGE_SIZE },
    );
    const keep = { kind: q.kind, followed: q.followed, days: q.days };
    const link = (page: number) => queryLink(BASE, { ...keep, page: page > 1 ? page : undefined });
    const fields = [
      selectField(
        'kind',
        'Tipo de atraso',
        OVERDUE_KINDS.map((k) => ({ value: k, text: `${labelCap('overdueKind', k)} (${format.integer(result.byKind[k])})` })),
        q.kind,
        errors,
        { any: `Todos (${format.integer(Object.values(result.byKind).reduce((s, n) => s + n, 0))})` },
      ),
      textField('days', 'Planes esperando revisión desde hace (días)', q.days ?? (errors.days ? raw.days : result.planReviewDays), errors, {
        hint: `Por omisión, ${DEFAULT_PLAN_REVIEW_DAYS} días.`,
        width: '4',
      }),
      checkboxField('followed', 'Solo las instituciones que sigo', q.followed === true, errors),
    ];
    this.pages.html(
      req,
      res,
      'workspace/desk/overdue',
      {
        fields,
        errors: errorList(fields),
        total: result.total,
        date: format.date(result.date),
        planReviewDays: result.planReviewDays,
        kindText: q.kind ? label('overdueKind', q.kind) : null,
        kinds: OVERDUE_KINDS.map((k) => ({
          text: labelCap('overdueKind', k),
          description: term('overdueKind', k)?.description ?? '',
          n: result.byKind[k],
          href: queryLink(BASE, { ...keep, kind: k }),
        })),
        items: result.items.map(overdueRow),
        ...pager(result.total, result.page, result.pageSize, link),
      },
      { title: 'Atrasos', section: 'atrasos' },
    );
  }
}
