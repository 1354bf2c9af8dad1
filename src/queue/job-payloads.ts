import type { SendEmailJob } from '../mail/mail.service';
import type { ImportInventoryJobData } from '../modules/inventory/import-export/import-export.jobs';
import type {
  DeliverNotificationJob,
  DeliverNotificationsJob,
  EvaluateRemindersJob,
  NotificationDigestJob,
} from '../modules/notifications/reminder-evaluator';
import type { DeliverWebhookJob } from '../modules/webhooks/webhooks.service';
import type { RecomputeInstitutionJob } from '../modules/scoring/scoring.jobs';
import { JobName } from './job-names';

type NoPayload = Record<string, never>;

/** The payload of every job, by name: ids and tenant ids, never entities. Producers and handlers are checked against it. */
export interface JobPayloads {
  [JobName.SendEmail]: SendEmailJob;
  [JobName.PurgeExpiredTokens]: NoPayload;
  [JobName.ImportInventory]: ImportInventoryJobData;
  [JobName.RecomputeAllScores]: NoPayload;
  [JobName.RecomputeInstitutionScore]: RecomputeInstitutionJob;
  [JobName.RecomputeNationalScore]: NoPayload;
  [JobName.PruneScoreSnapshots]: NoPayload;
  [JobName.EvaluateReminders]: EvaluateRemindersJob;
  [JobName.DeliverNotification]: DeliverNotificationJob;
  [JobName.DeliverNotifications]: DeliverNotificationsJob;
  [JobName.SendNotificationDigest]: NotificationDigestJob;
  [JobName.DispatchWebhooks]: NoPayload;
  [JobName.DeliverWebhook]: DeliverWebhookJob;
}
