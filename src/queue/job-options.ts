import type { BackoffOptions, DefaultJobOptions } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { JobName } from './job-names';

/** Bounded retries with exponential backoff; bounded retention so Redis does not grow without end. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** What a job name changes from the defaults. */
export interface JobPolicy {
  attempts?: number;
  backoff?: BackoffOptions;
  /** Debounced jobs wait this long before running… */
  delay?: number;
  /** …and, when queued with a deduplication id, absorb further requests with that id for this long. */
  deduplicationTtl?: number;
}

/** Every job's options, in one table (exhaustive: a new job name does not compile until it is listed here). */
export const jobPolicies = (config: AppConfig): Record<JobName, JobPolicy> => {
  const scoreDebounce = config.worker.scoreDebounceMs;
  const reminderRetries: JobPolicy = {
    attempts: config.reminders.maxAttempts,
    backoff: { type: 'exponential', delay: config.reminders.retryDelayMs },
  };
  return {
    [JobName.SendEmail]: {},
    [JobName.PurgeExpiredTokens]: {},
    [JobName.ImportInventory]: { attempts: 3 },
    [JobName.RecomputeAllScores]: {},
    // A burst of edits becomes one recompute per institution, and one national recompute.
    [JobName.RecomputeInstitutionScore]: { delay: scoreDebounce, deduplicationTtl: scoreDebounce },
    [JobName.RecomputeNationalScore]: { delay: scoreDebounce, deduplicationTtl: scoreDebounce },
    [JobName.PruneScoreSnapshots]: {},
    [JobName.EvaluateReminders]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 } },
    [JobName.DeliverNotification]: reminderRetries,
    [JobName.DeliverNotifications]: reminderRetries,
    [JobName.SendNotificationDigest]: reminderRetries,
    // The deduplication window closes before the job runs, so a write committed after the job has read the feed always queues another.
    [JobName.DispatchWebhooks]: { delay: 300, deduplicationTtl: 200 },
    [JobName.DeliverWebhook]: {},
  };
};
