import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { CitizenReportNotices } from './citizen-report-notices';
import { NotificationDelivery } from './notification-delivery';
import { NotificationsController } from './notifications.controller';
import { NotificationsJobs } from './notifications.jobs';
import { NotificationsService } from './notifications.service';
import { ReminderEvaluator } from './reminder-evaluator';
import { ReminderRulesController } from './reminder-rules.controller';
import { ReminderRulesService } from './reminder-rules.service';
import { ReviewNotifier } from './review-notifier';
import { UnsubscribeTokens } from './unsubscribe-token';

/**
 * Reminders and notifications: rules as data, the daily evaluation into the outbox (idempotent by a unique key),
 * SMTP delivery with retries, digests, preferences with one-click unsubscribe, and the in-app list.
 */
@Module({
  controllers: [NotificationsController, ReminderRulesController],
  providers: [
    ReminderEvaluator,
    NotificationDelivery,
    NotificationsService,
    ReminderRulesService,
    NotificationsJobs,
    ReviewNotifier,
    CitizenReportNotices,
    // one signing key for the links the e-mails carry and the endpoint that verifies them
    { provide: UnsubscribeTokens, inject: [AppConfig], useFactory: (config: AppConfig) => new UnsubscribeTokens(config.auth.jwtSecret) },
  ],
  exports: [ReminderEvaluator, NotificationsService, ReminderRulesService, ReviewNotifier],
})
export class NotificationsModule {}
