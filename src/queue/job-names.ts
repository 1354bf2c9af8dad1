import { QueueName } from './queue-names';

/** Every job name, named once, with the queue it travels on. The worker refuses to boot unless each has exactly one handler. */
export enum JobName {
  SendEmail = 'send-email',
  PurgeExpiredTokens = 'purge-expired-tokens',
  ImportInventory = 'import-inventory',
  RecomputeAllScores = 'recompute-all-scores',
  RecomputeInstitutionScore = 'recompute-institution-score',
  RecomputeNationalScore = 'recompute-national-score',
  PruneScoreSnapshots = 'prune-score-snapshots',
  EvaluateReminders = 'evaluate-reminders',
  DeliverNotification = 'deliver-notification',
  DeliverNotifications = 'deliver-notifications',
  SendNotificationDigest = 'send-notification-digest',
  DispatchWebhooks = 'dispatch-webhooks',
  DeliverWebhook = 'deliver-webhook',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Mail,
  [JobName.PurgeExpiredTokens]: QueueName.Maintenance,
  [JobName.ImportInventory]: QueueName.Imports,
  [JobName.RecomputeAllScores]: QueueName.Scoring,
  [JobName.RecomputeInstitutionScore]: QueueName.Scoring,
  [JobName.RecomputeNationalScore]: QueueName.Scoring,
  [JobName.PruneScoreSnapshots]: QueueName.Scoring,
  [JobName.EvaluateReminders]: QueueName.Reminders,
  [JobName.DeliverNotification]: QueueName.Mail,
  [JobName.DeliverNotifications]: QueueName.Mail,
  [JobName.SendNotificationDigest]: QueueName.Mail,
  [JobName.DispatchWebhooks]: QueueName.Webhooks,
  [JobName.DeliverWebhook]: QueueName.Webhooks,
};
