import { QueueName } from './queue-names';

/** Every job name, named once, with the queue it travels on. The worker refuses to boot unless each has exactly one handler. */
export enum JobName {
  SendEmail = 'send-email',
  PurgeExpiredTokens = 'purge-expired-tokens',
  RecomputeAllScores = 'recompute-all-scores',
  RecomputeInstitutionScore = 'recompute-institution-score',
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.SendEmail]: QueueName.Mail,
  [JobName.PurgeExpiredTokens]: QueueName.Maintenance,
  [JobName.RecomputeAllScores]: QueueName.Scoring,
  [JobName.RecomputeInstitutionScore]: QueueName.Scoring,
};
