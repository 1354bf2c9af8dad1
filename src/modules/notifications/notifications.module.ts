import { Module } from '@nestjs/common';
import { NotificationDelivery } from './notification-delivery';
import { NotificationsController } from './notifications.controller';
import { NotificationsJobs } from './notifications.jobs';
import { NotificationsService } from './notifications.service';
import { ReminderEvaluator } from './reminder-evaluator';
import { ReminderRulesController } from './reminder-rules.controller';
import { ReminderRulesService } from './reminder-rules.service';

/**
 * Reminders and notifications: rules as data, the daily evaluation into the outbox (idempotent by a unique key),
 * SMTP delivery with retries, digests, preferences with one-click unsubscribe, and the in-app list.
 */
@Module({
  controllers: [NotificationsController, ReminderRulesController],
  providers: [ReminderEvaluator, NotificationDelivery, NotificationsService, ReminderRulesService, NotificationsJobs],
  exports: [ReminderEvaluator],
})
export class NotificationsModule {}
