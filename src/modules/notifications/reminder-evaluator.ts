import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';
import { QueueName } from '../../queue/queue-names';
import { ReminderRule } from './entities/reminder-rule.entity';
import { insertDueNotifications } from './reminder-sql';

/** Delivery jobs queued per Redis round trip. */
const ENQUEUE_BATCH = 1000;

export interface EvaluateRemindersJob {
  /** ISO instant to evaluate "as of" (tests, catch-up); default now. "Today" is its Guatemala calendar day. */
  at?: string;
}

export interface DeliverNotificationJob {
  notificationId: string;
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
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
    @InjectQueue(QueueName.Mail) private readonly mailQueue: Queue,
  ) {
    this.logger.setContext(ReminderEvaluator.name);
  }

  @JobHandler(JobName.EvaluateReminders)
  async run(job: EvaluateRemindersJob): Promise<EvaluationResult> {
    return this.evaluate(job?.at ? new Date(job.at) : new Date());
  }

  /** Evaluates every enabled rule as of `now` and queues delivery of what is pending. */
  async evaluate(now: Date = new Date(), opts: { enqueue?: boolean } = {}): Promise<EvaluationResult> {
    const today = todayInGuatemala(now);
    const actor = systemActor();
    const byRule: Record<string, number> = {};
    const rules = await this.db.asAdministrator(actor, 'reminders: rules', (em) =>
      em.getRepository(ReminderRule).find({ where: { enabled: true }, order: { code: 'ASC' } }),
    );
    for (const rule of rules) {
      byRule[rule.code] = await this.db.asAdministrator(actor, `reminders: evaluate ${rule.code}`, (em) => insertDueNotifications(em, rule, today));
    }
    const created = Object.values(byRule).reduce((a, b) => a + b, 0);
    const { queued, digests } = opts.enqueue === false ? { queued: 0, digests: 0 } : await this.enqueuePending(today);
    this.logger.info({ today, created, byRule, queued, digests }, 'reminders evaluated');
    return { today, created, byRule, queued, digests };
  }

  /**
   * Queues one delivery job per pending immediate notification and one digest job per recipient with pending digest
   * items. Job ids are derived from the rows, so queueing twice (two workers, a retry) adds nothing.
   */
  async enqueuePending(today: string): Promise<{ queued: number; digests: number }> {
    const { immediate, digest } = await this.db.asAdministrator(systemActor(), 'reminders: pending', async (em) => ({
      immediate: (await em.query(`SELECT id FROM notifications WHERE status = 'pending' AND delivery = 'immediate' ORDER BY created_at`)) as Array<{ id: string }>,
      digest: (await em.query(`SELECT DISTINCT recipient_id AS id FROM notifications WHERE status = 'pending' AND delivery = 'digest'`)) as Array<{ id: string }>,
    }));
    const opts = {
      attempts: this.config.reminders.maxAttempts,
      backoff: { type: 'exponential' as const, delay: this.config.reminders.retryDelayMs },
    };
    const immediateJob = (r: { id: string }) => ({
      name: JobName.DeliverNotification,
      data: { notificationId: r.id } satisfies DeliverNotificationJob,
      opts: { ...opts, jobId: `notification-${r.id}` },
    });
    const digestJob = (r: { id: string }) => ({
      name: JobName.SendNotificationDigest,
      data: { recipientId: r.id, date: today } satisfies NotificationDigestJob,
      opts: { ...opts, jobId: `digest-${r.id}-${today}` },
    });
    // in batches, so a large backlog never becomes one huge Redis command (nor its copy in memory)
    for (let i = 0; i < immediate.length; i += ENQUEUE_BATCH) await this.mailQueue.addBulk(immediate.slice(i, i + ENQUEUE_BATCH).map(immediateJob));
    for (let i = 0; i < digest.length; i += ENQUEUE_BATCH) await this.mailQueue.addBulk(digest.slice(i, i + ENQUEUE_BATCH).map(digestJob));
    return { queued: immediate.length, digests: digest.length };
  }
}
