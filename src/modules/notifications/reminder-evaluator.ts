import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { PinoLogger } from 'nestjs-pino';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Access } from '../../common/auth/access';
import { Database } from '../../database/database.service';
import { JobName } from '../../queue/job-names';
import { JobQueue } from '../../queue/job-queue';
import { ReminderRule } from './entities/reminder-rule.entity';
import { evaluationContext, insertDueNotifications } from './reminder.sql';
import { NotificationIdRow, PENDING_DIGEST_RECIPIENTS_SQL, PENDING_IMMEDIATE_SQL } from './notifications.sql';

/** Delivery jobs queued per Redis round trip. */
const ENQUEUE_BATCH = 1000;

export interface EvaluateRemindersJob {
  /** ISO instant to evaluate "as of" (tests, catch-up); default now. "Today" is its Guatemala calendar day. */
  at?: string;
}

export interface DeliverNotificationJob {
  notificationId: string;
}

/** Immediate outbox rows delivered by one job (NotificationDelivery.deliverMany). */
export interface DeliverNotificationsJob {
  ids: string[];
}

/** Immediate outbox rows per delivery job: one job fills the SMTP pool, and its claim is short. */
export const DELIVERY_BATCH = 100;

/**
 * The delivery jobs for these immediate outbox rows, `DELIVERY_BATCH` rows each. A job's id is derived from its rows, so
 * queueing the same rows twice adds nothing; rows in two jobs (queued at different times) are sent once: each job
 * claims its rows and skips those already sent or held by the other.
 */
export function deliveryJobs(ids: readonly string[]): Array<{ payload: DeliverNotificationsJob; jobId: string }> {
  const jobs: Array<{ payload: DeliverNotificationsJob; jobId: string }> = [];
  for (let i = 0; i < ids.length; i += DELIVERY_BATCH) {
    const batch = ids.slice(i, i + DELIVERY_BATCH);
    jobs.push({ payload: { ids: batch }, jobId: `notifications-${createHash('sha1').update(batch.join(',')).digest('hex')}` });
  }
  return jobs;
}

export interface NotificationDigestJob {
  recipientId: string;
  date: string;
}

export interface EvaluationResult {
  today: string;
  created: number;
  byRule: Record<string, number>;
  queued: number;
  digests: number;
}

/**
 * The daily evaluation: for each enabled rule one set-based INSERT … SELECT writes the notifications due today into
 * the outbox. The unique key (rule, subject, due date, stage, recipient) with ON CONFLICT DO NOTHING makes re-runs,
 * concurrent workers and retries harmless. Stages are windows, so a day missed (worker down) is caught up the next day.
 */
@Injectable()
export class ReminderEvaluator {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReminderEvaluator.name);
  }

  /** Evaluates every enabled rule as of `now` and queues delivery of what is pending. */
  async evaluate(now: Date = new Date(), opts: { enqueue?: boolean } = {}): Promise<EvaluationResult> {
    const today = todayInGuatemala(now);
    const actor = systemActor();
    const byRule: Record<string, number> = {};
    const rules = await this.db.run(Access.administrative(actor, 'reminders: rules'), ({ em }) =>
      em.getRepository(ReminderRule).find({ where: { enabled: true }, order: { code: 'ASC' } }),
    );
    const ctx = await this.db.run(Access.administrative(actor, 'reminders: methodology'), ({ em }) => evaluationContext(em));
    for (const rule of rules) {
      byRule[rule.code] = await this.db.run(Access.administrative(actor, `reminders: evaluate ${rule.code}`), ({ em }) =>
        insertDueNotifications(em, rule, today, ctx),
      );
    }
    const created = Object.values(byRule).reduce((a, b) => a + b, 0);
    const { queued, digests } = opts.enqueue === false ? { queued: 0, digests: 0 } : await this.enqueuePending(today);
    this.logger.info({ today, created, byRule, queued, digests }, 'reminders evaluated');
    return { today, created, byRule, queued, digests };
  }

  /**
   * Queues the delivery of every pending immediate notification (deliveryJobs: batches of rows) and one digest job per
   * recipient with pending digest items. Job ids are derived from the rows, so queueing twice (two workers, a retry) adds nothing.
   */
  async enqueuePending(today: string): Promise<{ queued: number; digests: number }> {
    const { immediate, digest } = await this.db.run(Access.administrative(systemActor(), 'reminders: pending'), async ({ em }) => ({
      immediate: (await em.query(PENDING_IMMEDIATE_SQL)) as NotificationIdRow[],
      digest: (await em.query(PENDING_DIGEST_RECIPIENTS_SQL)) as NotificationIdRow[],
    }));
    // in batches, so a large backlog never becomes one huge Redis command (nor its copy in memory)
    for (let i = 0; i < immediate.length; i += ENQUEUE_BATCH) {
      await this.jobs.enqueueMany(JobName.DeliverNotifications, deliveryJobs(immediate.slice(i, i + ENQUEUE_BATCH).map((r) => r.id)));
    }
    for (let i = 0; i < digest.length; i += ENQUEUE_BATCH) {
      await this.jobs.enqueueMany(
        JobName.SendNotificationDigest,
        digest.slice(i, i + ENQUEUE_BATCH).map((r) => ({ payload: { recipientId: r.id, date: today }, jobId: `digest-${r.id}-${today}` })),
      );
    }
    return { queued: immediate.length, digests: digest.length };
  }
}
