import { Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { COMMISSION_ROLES } from '../../../common/auth/roles';
import { AppException } from '../../../common/errors/app.exception';
import { label, labelCap, term } from '../../../common/glossary/glossary';
import { format } from '../../../common/views/handlebars-setup';
import { AnalystFollowQuery } from '../../../modules/analyst-follows/dto/analyst-follow.dto';
import { AnalystFollowsService } from '../../../modules/analyst-follows/analyst-follows.service';
import { DeskService } from '../../../modules/commission-desk/desk.service';
import { ProcedureQuery } from '../../../modules/inventory/procedures/dto/procedure.dto';
import { ProceduresService } from '../../../modules/inventory/procedures/procedures.service';
import { ReviewQueueQuery } from '../../../modules/inventory/maturity/dto/maturity-assessment.dto';
import { MaturityAssessmentsService } from '../../../modules/inventory/maturity/maturity-assessments.service';
import { MilestoneQuery } from '../../../modules/inventory/plans/dto/milestone.dto';
import { PlanQuery } from '../../../modules/inventory/plans/dto/plan.dto';
import { MilestonesService } from '../../../modules/inventory/plans/milestones.service';
import { PlansService } from '../../../modules/inventory/plans/plans.service';
import { ProgressReportQuery } from '../../../modules/inventory/reports/dto/progress-report.dto';
import { ProgressReportsService } from '../../../modules/inventory/reports/progress-reports.service';
import { OutboxQuery } from '../../../modules/notifications/dto/notification.dto';
import { NotificationsService } from '../../../modules/notifications/notifications.service';
import { ScoresService } from '../../../modules/scoring/scores.service';
import { orNull } from '../../public/transparency.controller';
import { readQuery } from '../../forms/form-fields';
import { PageRoles, SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { InstitutionPageQuery, pager, queryLink } from './desk.queries';
import { overdueRow } from './overdue.controller';

const query = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);
export const OUTBOX_PAGE_SIZE = 20;
export const AUDIT_PAGE_SIZE = 25;
/** Stable identifiers are short upper-case codes; anything else is not an institution. */
const CODE = /^[A-Za-z0-9_-]{1,20}$/;

/**
 * Institución (issue #15): what the institution's liaison sees, read-only — the score and its explanation, the
 * inventory, plans and milestones, quarterly reports and maturity assessments — plus what is behind, its people, the
 * outbox (who was reminded of what and why), its audit trail with people's names (paged), and follow / unfollow
 * (POST forms with the session's CSRF token, through AnalystFollowsService: audited under the institution).
 * Each block is a call to the service the API calls. An unknown code is 404.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@PageRoles(COMMISSION_ROLES)
@Controller('app/instituciones')
export class InstitutionPageController {
  constructor(
    private readonly desk: DeskService,
    private readonly follows: AnalystFollowsService,
    private readonly scores: ScoresService,
    private readonly procedures: ProceduresService,
    private readonly plans: PlansService,
    private readonly milestones: MilestonesService,
    private readonly reports: ProgressReportsService,
    private readonly assessments: MaturityAssessmentsService,
    private readonly notifications: NotificationsService,
    private readonly pages: WorkspaceResponder,
  ) {}

  @Get(':code')
  async show(@Req() req: Request, @Res() res: Response, @Param('code') code: string, @Query() raw: Record<string, unknown>): Promise<void> {
    const actor = req.actor as Actor;
    const { institution: i, people } = await this.lookup(actor, code);
    const { value: q } = readQuery(InstitutionPageQuery, raw);
    const outboxPage = q.outbox ?? 1;
    const auditPage = q.audit ?? 1;
    const id = i.id;
    const [score, procedures, plans, milestones, reports, submitted, validated, rejected, outbox, audit, behind, followers] =
      await Promise.all([
        orNull(this.scores.institutionScore(actor, id)),
        this.procedures.list(actor, query(ProcedureQuery, { institutionId: id, pageSize: 200, sort: 'code' })),
        this.plans.list(actor, query(PlanQuery, { institutionId: id, pageSize: 20, sort: '-periodStart' })),
        this.milestones.list(actor, query(MilestoneQuery, { institutionId: id, pageSize: 200, sort: 'dueDate' })),
        this.reports.list(actor, query(ProgressReportQuery, { institutionId: id, pageSize: 40, sort: '-year,-quarter' })),
        this.assessments.listForInstitution(actor, query(ReviewQueueQuery, { institutionId: id, status: 'submitted', pageSize: 20 })),
        this.assessments.listForInstitution(actor, query(ReviewQueueQuery, { institutionId: id, status: 'validated', pageSize: 20 })),
        this.assessments.listForInstitution(actor, query(ReviewQueueQuery, { institutionId: id, status: 'rejected', pageSize: 20 })),
        this.notifications.outbox(actor, query(OutboxQuery, { institutionId: id, page: outboxPage, pageSize: OUTBOX_PAGE_SIZE })),
        this.desk.auditTrail(actor, id, { page: auditPage, pageSize: AUDIT_PAGE_SIZE }),
        this.desk.overdue(actor, { institutionId: id }, { page: 1, pageSize: 100 }),
        this.follows.list(actor, query(AnalystFollowQuery, { institutionId: id, pageSize: 200 })),
      ]);
    const base = `/app/instituciones/${encodeURIComponent(i.code)}`;
    const mine = followers.items.find((f) => f.userId === actor.userId);
    const plansById = new Map(plans.items.map((p) => [p.id, p.title]));
    const assessment = (a: (typeof submitted.items)[number]) => ({
      procedure: `${a.procedureCode} · ${a.procedureName}`,
      level: a.resultingLevel,
      status: labelCap('assessmentStatus', a.status),
      date: format.date(a.createdAt),
      comment: a.reviewComment,
    });
    this.pages.html(
      req,
      res,
      'workspace/desk/institution',
      {
        i: {
          code: i.code,
          name: i.name,
          type: labelCap('institutionType', i.type),
          coverage: labelCap('coverage', i.coverage),
          adhesion: i.coverage === 'opted_in' ? `desde el ${format.date(i.optedInAt)} (${i.adhesionAct ?? 'sin acto registrado'})` : null,
          sector: i.sector ?? 'sin dato',
          website: i.website,
          active: i.active,
          publicHref: `/transparencia/instituciones/${encodeURIComponent(i.code)}`,
        },
        followed: !!mine,
        followId: mine?.id ?? null,
        canFollow: actor.role === 'analyst',
        followers: followers.items.map((f) => f.userName),
        people: people.map((p) => ({
          name: p.name,
          email: p.email,
          role: labelCap('role', p.role),
          active: p.status === 'active',
          status: p.status,
        })),
        noLiaison: !people.some((p) => p.status === 'active'),
        score: score
          ? {
              value: score.score === null ? null : format.decimal(score.score),
              date: format.date(score.date),
              methodologyVersion: score.methodologyVersion,
              components: score.components.map((c) => ({
                name: labelCap('institutionComponent', c.component),
                description: term('institutionComponent', c.component)?.description ?? '',
                applicable: c.applicable,
                value: c.value === null ? 'no aplica' : format.percent(c.value),
                weight: format.decimal(c.weight),
                points: format.decimal(c.points),
              })),
            }
          : null,
        procedures: procedures.items.map((p) => ({
          code: p.code,
          name: p.name,
          level: p.currentLevel,
          target: p.targetLevel,
          status: labelCap('procedureStatus', p.status),
          publicHref: `/transparencia/tramites/${encodeURIComponent(i.code)}/${encodeURIComponent(p.code)}`,
        })),
        proceduresTotal: procedures.total,
        proceduresShown: procedures.items.length,
        plans: plans.items.map((p) => ({
          title: p.title,
          period: `${format.date(p.periodStart)} – ${format.date(p.periodEnd)}`,
          revision: p.revision,
          status: labelCap('planStatus', p.status),
          submittedAt: p.submittedAt ? format.date(p.submittedAt) : null,
          approvedAt: p.approvedAt ? format.date(p.approvedAt) : null,
          comment: p.reviewComment,
        })),
        milestones: milestones.items.map((m) => ({
          plan: plansById.get(m.planId) ?? '',
          target: m.target,
          kind: labelCap('milestoneKind', m.kind),
          dueDate: format.date(m.dueDate),
          status: labelCap('milestoneStatus', m.status),
          completedOn: m.completedOn ? format.date(m.completedOn) : null,
          overdue: m.overdue,
        })),
        milestonesTotal: milestones.total,
        reports: reports.items.map((r) => ({
          period: `${r.quarter}.º trimestre de ${r.year}`,
          submittedAt: format.date(r.submittedAt),
          onTime: r.onTime,
          status: labelCap('reviewStatus', r.status),
          comment: r.reviewComment,
        })),
        assessments: [...submitted.items, ...rejected.items, ...validated.items].map(assessment),
        behind: behind.items.map(overdueRow),
        behindTotal: behind.total,
        outbox: outbox.items.map((n) => ({
          to: n.recipientName || 'sin nombre',
          email: n.recipientEmail,
          kind: term('notificationKind', n.kind)?.label ?? n.kind,
          item: n.item,
          why: n.why,
          status: label('notificationStatus', n.status),
          when: n.sentAt ? format.date(n.sentAt) : format.date(n.createdAt),
          sent: !!n.sentAt,
        })),
        outboxTotal: outbox.total,
        outboxPager: pager(
          outbox.total,
          outboxPage,
          OUTBOX_PAGE_SIZE,
          (p) => `${queryLink(base, { outbox: p > 1 ? p : undefined, audit: q.audit })}#avisos`,
        ),
        audit: audit.items.map((a) => ({
          when: format.date(a.occurredAt),
          who: a.actorName ?? (a.actorKind === 'system' ? 'El sistema' : a.actorKind === 'partner' ? 'Un socio (API)' : 'Sin nombre'),
          role: a.actorRole ? label('role', a.actorRole) : null,
          action: term('auditAction', a.action)?.label ?? a.action,
          entity: term('auditEntity', a.entity)?.label ?? a.entity,
        })),
        auditTotal: audit.total,
        auditPager: pager(
          audit.total,
          auditPage,
          AUDIT_PAGE_SIZE,
          (p) => `${queryLink(base, { outbox: q.outbox, audit: p > 1 ? p : undefined })}#registro`,
        ),
        followAction: `${base}/seguir`,
        unfollowAction: `${base}/dejar-de-seguir`,
      },
      { title: i.name, section: 'tablero', breadcrumbs: [{ text: 'Tablero', href: '/app/tablero' }] },
    );
  }

  @Post(':code/seguir')
  async follow(@Req() req: Request, @Res() res: Response, @Param('code') code: string): Promise<void> {
    const actor = req.actor as Actor;
    const { institution } = await this.lookup(actor, code);
    if (actor.role !== 'analyst') throw AppException.forbidden('Solo un analista da seguimiento en su propio nombre.');
    await this.follows.follow(actor, { institutionId: institution.id });
    this.pages.redirect(
      res,
      `/app/instituciones/${encodeURIComponent(institution.code)}`,
      req,
      `Ahora sigue a ${institution.name}: recibirá sus escalamientos.`,
    );
  }

  @Post(':code/dejar-de-seguir')
  async unfollow(@Req() req: Request, @Res() res: Response, @Param('code') code: string): Promise<void> {
    const actor = req.actor as Actor;
    const { institution } = await this.lookup(actor, code);
    const followers = await this.follows.list(
      actor,
      query(AnalystFollowQuery, { institutionId: institution.id, userId: actor.userId!, pageSize: 1 }),
    );
    if (followers.items[0]) await this.follows.unfollow(actor, followers.items[0].id);
    this.pages.redirect(res, `/app/instituciones/${encodeURIComponent(institution.code)}`, req, `Ya no sigue a ${institution.name}.`);
  }

  private lookup(actor: Actor, code: string) {
    if (!CODE.test(code)) throw AppException.notFound('La institución');
    return this.desk.institution(actor, code);
  }
}
