import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';
import { DeliveryCounts, NotificationDelivery } from './notification-delivery';
import {
  DeliverNotificationJob,
  DeliverNotificationsJob,
  EvaluateRemindersJob,
  EvaluationResult,
  NotificationDigestJob,
  ReminderEvaluator,
} from './reminder-evaluator';

/** Worker side of reminders: the daily evaluation, and the delivery of each notification or digest it queues. */
@Injectable()
export class NotificationsJobs {
  constructor(
    private readonly evaluator: ReminderEvaluator,
    private readonly delivery: NotificationDelivery,
  ) {}

  @JobHandler(JobName.EvaluateReminders)
  async evaluate(data: EvaluateRemindersJob): Promise<EvaluationResult> {
    return this.evaluator.evaluate(data?.at ? new Date(data.at) : new Date());
  }

  @JobHandler(JobName.DeliverNotification)
  async deliver(data: DeliverNotificationJob, job: Job): Promise<{ status: string }> {
    return this.delivery.deliver(data, job);
  }

  @JobHandler(JobName.DeliverNotifications)
  async deliverMany(data: DeliverNotificationsJob, job: Job): Promise<DeliveryCounts> {
    return this.delivery.deliverMany(data, job);
  }

  @JobHandler(JobName.SendNotificationDigest)
  async digest(data: NotificationDigestJob, job: Job): Promise<{ status: string; items: number }> {
    return this.delivery.digest(data, job);
  }
}
