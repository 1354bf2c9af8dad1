import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { createValidationPipe } from './common/validation/validation-pipe';
import { LoggingModule } from './common/logging/logging.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { MailModule } from './mail/mail.module';
import { AnalystFollowsModule } from './modules/analyst-follows/analyst-follows.module';
import { ReviewQueueModule } from './modules/review-queue/review-queue.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { CitizenReportsModule } from './modules/citizen-reports/citizen-reports.module';
import { FindingsModule } from './modules/findings/findings.module';
import { HealthModule } from './modules/health/health.module';
import { InstitutionsModule } from './modules/institutions/institutions.module';
import { PartnerApiKeysModule } from './modules/partner-api-keys/partner-api-keys.module';
import { UsersModule } from './modules/users/users.module';
import { LegalDeadlinesModule } from './modules/inventory/deadlines/legal-deadlines.module';
import { ImportExportModule } from './modules/inventory/import-export/import-export.module';
import { MaturityModule } from './modules/inventory/maturity/maturity.module';
import { PlansModule } from './modules/inventory/plans/plans.module';
import { ProceduresModule } from './modules/inventory/procedures/procedures.module';
import { ProgressReportsModule } from './modules/inventory/reports/progress-reports.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PublicApiModule } from './modules/public-api/public-api.module';
import { ScoringModule } from './modules/scoring/scoring.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { QueueModule } from './queue/queue.module';
import { RedisModule } from './redis/redis.module';
import { WebModule } from './web/web.module';
import { WorkspaceModule } from './web/workspace/workspace.module';

/** Platform modules shared by the API and the worker. */
export const PLATFORM_MODULES = [
  ConfigModule,
  LoggingModule,
  EventsModule,
  DatabaseModule,
  RedisModule,
  QueueModule,
  RateLimitModule,
  MailModule,
  AuditModule,
];

/** Feature modules: their services serve HTTP in the API and jobs in the worker. */
export const FEATURE_MODULES = [
  InstitutionsModule,
  UsersModule,
  AuthModule,
  PartnerApiKeysModule,
  ProceduresModule,
  MaturityModule,
  PlansModule,
  ProgressReportsModule,
  LegalDeadlinesModule,
  ImportExportModule,
  ScoringModule,
  NotificationsModule,
  AnalystFollowsModule,
  ReviewQueueModule,
  FindingsModule,
  CitizenReportsModule,
  PublicApiModule,
  WebhooksModule,
];

@Module({
  imports: [...PLATFORM_MODULES, ...FEATURE_MODULES, HealthModule, WebModule, WorkspaceModule],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {}
