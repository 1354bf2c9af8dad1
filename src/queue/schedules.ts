import { AppConfig } from '../config/app-config';
import { JobName } from './job-names';

/** Time zone of every schedule: the law's deadlines and people's working days are in Guatemala. */
export const SCHEDULE_TIMEZONE = 'America/Guatemala';

export interface Schedule {
  /** Stable key: upserting the same key twice keeps one scheduler (safe with several workers). */
  key: string;
  job: JobName;
  pattern: string;
}

/** Every repeatable job, in one table. The worker upserts them at boot and removes unknown ones. */
export const schedules = (config: AppConfig): Schedule[] => [
  { key: 'maintenance:purge-expired-tokens', job: JobName.PurgeExpiredTokens, pattern: config.worker.maintenanceCron },
  { key: 'scoring:nightly-recompute', job: JobName.RecomputeAllScores, pattern: config.worker.scoringCron },
  // Retention of score snapshots (ADR 0004): daily for 90 days, then one per month; with the nightly maintenance.
  { key: 'scoring:snapshot-retention', job: JobName.PruneScoreSnapshots, pattern: config.worker.maintenanceCron },
  { key: 'reminders:daily-evaluation', job: JobName.EvaluateReminders, pattern: config.reminders.cron },
];
