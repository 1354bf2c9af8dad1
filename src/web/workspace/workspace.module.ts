import { OpinionsController } from './opinions/opinions.controller';
import { RatingsModule } from '../../modules/ratings/ratings.module';
import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { WebModule } from '../web.module';
import { AuthModule } from '../../modules/auth/auth.module';
import { InstitutionsModule } from '../../modules/institutions/institutions.module';
import { MaturityModule } from '../../modules/inventory/maturity/maturity.module';
import { EvidenceModule } from '../../modules/evidence/evidence.module';
import { PlansModule } from '../../modules/inventory/plans/plans.module';
import { NotificationsModule } from '../../modules/notifications/notifications.module';
import { PublicApiModule } from '../../modules/public-api/public-api.module';
import { ScoringModule } from '../../modules/scoring/scoring.module';
import { UsersModule } from '../../modules/users/users.module';
import { AccountController } from './account/account.controller';
import { AccountPages } from './account/account.pages';
import { CONFIG_CONTROLLERS, CONFIG_IMPORTS } from './config/config-controllers';
import { RevealOnce } from './config/reveal-once';
import { AnalystFollowsModule } from '../../modules/analyst-follows/analyst-follows.module';
import { DeskModule } from '../../modules/commission-desk/desk.module';
import { BoardController } from './desk/board.controller';
import { InstitutionPageController } from './desk/institution.controller';
import { NationalPageController } from './desk/national.controller';
import { OverdueController } from './desk/overdue.controller';
import { CitizenReportsController } from './citizen-reports/citizen-reports.controller';
import { CitizenReportsModule } from '../../modules/citizen-reports/citizen-reports.module';
import { WorkspaceHomeController } from './home/home.controller';
import { NoticesController } from './notices/notices.controller';
import { MaturityController } from './maturity/maturity.controller';
import { ImportsController } from './imports/imports.controller';
import { ImportExportModule } from '../../modules/inventory/import-export/import-export.module';
import { InventoryController } from './inventory/inventory.controller';
import { PlanController } from './plan/plan.controller';
import { ReportsController } from './reports/reports.controller';
import { RevisionController } from './revision/revision.controller';
import { ReviewQueueModule } from '../../modules/review-queue/review-queue.module';
import { ProgressReportsModule } from '../../modules/inventory/reports/progress-reports.module';
import { ProceduresModule } from '../../modules/inventory/procedures/procedures.module';
import { PageSessions } from './session/page-session';
import { WorkspaceSessionMiddleware } from './session/workspace-session.middleware';
import { WorkspaceResponder } from './workspace-responder';

/** Every workspace page controller: the session middleware (session, expiry, revocation, CSRF) runs before each. */
export const WORKSPACE_CONTROLLERS = [
  AccountController,
  WorkspaceHomeController,
  NoticesController,
  InventoryController,
  ImportsController,
  MaturityController,
  PlanController,
  ReportsController,
  RevisionController,
  BoardController,
  OverdueController,
  InstitutionPageController,
  NationalPageController,
  CitizenReportsController,
  OpinionsController,
  ...CONFIG_CONTROLLERS,
];

/**
 * The workspace of institutions' users under /app (docs/adr/0010-page-sessions-and-csrf.md): server-side sessions in
 * Redis, CSRF on every form, and page controllers over the same services as the API. The view engine and error
 * pages come from the web module (imported by WebModule, which provides them).
 */
@Module({
  imports: [
    WebModule,
    ProceduresModule,
    AuthModule,
    UsersModule,
    InstitutionsModule,
    ScoringModule,
    PlansModule,
    MaturityModule,
    EvidenceModule,
    ImportExportModule,
    NotificationsModule,
    PublicApiModule,
    RatingsModule,
    ProgressReportsModule,
    ...CONFIG_IMPORTS,
    ReviewQueueModule,
    DeskModule,
    AnalystFollowsModule,
    CitizenReportsModule,
  ],
  controllers: WORKSPACE_CONTROLLERS,
  providers: [PageSessions, WorkspaceSessionMiddleware, WorkspaceResponder, AccountPages, RevealOnce],
  exports: [PageSessions, WorkspaceResponder],
})
export class WorkspaceModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(WorkspaceSessionMiddleware).forRoutes(...WORKSPACE_CONTROLLERS);
  }
}
