import { Controller, Get, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor, anonymousActor, isCommission } from '../../../common/auth/actor';
import { Public } from '../../../common/auth/auth.decorators';
import { todayInGuatemala } from '../../../common/time/guatemala-time';
import { InstitutionsService } from '../../../modules/institutions/institutions.service';
import { MaturityAssessmentsService } from '../../../modules/inventory/maturity/maturity-assessments.service';
import { ReviewQueueQuery } from '../../../modules/inventory/maturity/dto/maturity-assessment.dto';
import { MilestoneQuery } from '../../../modules/inventory/plans/dto/milestone.dto';
import { MilestonesService } from '../../../modules/inventory/plans/milestones.service';
import { MyNotificationsQuery } from '../../../modules/notifications/dto/notification.dto';
import { NotificationsService } from '../../../modules/notifications/notifications.service';
import { addDays } from '../../../modules/notifications/reminder-format';
import { PublicApiService } from '../../../modules/public-api/public-api.service';
import { ImprovementActionsQuery } from '../../../modules/scoring/dto/scoring.dto';
import { ScoresService } from '../../../modules/scoring/scores.service';
import { orNull } from '../../public/transparency.controller';
import { SignInRedirectFilter, WorkspaceGuard } from '../session/workspace.guard';
import { WorkspaceResponder } from '../workspace-responder';
import { commissionSummary, DUE_SOON_DAYS, homeView, noticeRows } from './home.view';
import { DeskService } from '../../../modules/commission-desk/desk.service';

const query = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

/**
 * "Inicio" of an institution's user: the score and what would raise it most (the scoring service's ranked actions),
 * milestones due soon and overdue, the quarterly reports owed (the one reports-owed rule, as the public institution
 * page shows it), assessments awaiting review or returned, and recent notifications. Each block is a call to the
 * service the API calls; the view builder only arranges them.
 */
@ApiExcludeController()
@Public()
@UseGuards(WorkspaceGuard)
@UseFilters(SignInRedirectFilter)
@Controller('app')
export class WorkspaceHomeController {
  constructor(
    private readonly pages: WorkspaceResponder,
    private readonly institutions: InstitutionsService,
    private readonly scores: ScoresService,
    private readonly milestones: MilestonesService,
    private readonly assessments: MaturityAssessmentsService,
    private readonly notifications: NotificationsService,
    private readonly publicApi: PublicApiService,
    private readonly desk: DeskService,
  ) {}

  @Get()
  async home(@Req() req: Request, @Res() res: Response): Promise<void> {
    const actor = req.actor as Actor;
    const notifications = await this.notifications.listMine(actor, query(MyNotificationsQuery, { pageSize: 5 }));
    if (isCommission(actor) || !actor.institutionId) {
      const summary = isCommission(actor) ? await this.desk.summary(actor) : null;
      return this.pages.html(
        req,
        res,
        'workspace/home-commission',
        { notifications: noticeRows(notifications.items), summary: summary && commissionSummary(summary) },
        { title: 'Inicio', section: 'inicio' },
      );
    }
    const institutionId = actor.institutionId;
    const today = todayInGuatemala();
    const [institution, actions, overdue, upcoming, awaiting, returned] = await Promise.all([
      this.institutions.get(actor, institutionId),
      orNull(this.scores.improvementActions(actor, institutionId, query(ImprovementActionsQuery, { limit: 5 }))),
      this.milestones.list(actor, query(MilestoneQuery, { overdue: true, pageSize: 10 })),
      this.milestones.list(
        actor,
        query(MilestoneQuery, { overdue: false, dueAfter: today, dueBefore: addDays(today, DUE_SOON_DAYS), pageSize: 50 }),
      ),
      this.assessments.listForInstitution(actor, query(ReviewQueueQuery, { status: 'submitted', pageSize: 10 })),
      this.assessments.listForInstitution(actor, query(ReviewQueueQuery, { status: 'rejected', pageSize: 5 })),
    ]);
    const published = await orNull(this.publicApi.institution(anonymousActor(actor.requestId), institution.code));
    this.pages.html(
      req,
      res,
      'workspace/home',
      homeView({
        institution,
        actions,
        overdue: overdue.items,
        upcoming: upcoming.items,
        reports: published?.reports ?? [],
        awaiting: awaiting.items,
        returned: returned.items,
        notifications: notifications.items,
        today,
      }),
      { title: 'Inicio', section: 'inicio' },
    );
  }
}
