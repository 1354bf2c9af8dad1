import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import type { ReviewChanged } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';
import { JobName } from '../../queue/job-names';
import { JobQueue } from '../../queue/job-queue';
import { ReminderRule } from './entities/reminder-rule.entity';
import { deliveryJobs } from './reminder-evaluator';
import { REVIEW_OUTCOME, REVIEW_SUBJECT_TYPES, REVIEW_WAITING, ReviewNoticePayload, reviewItem, reviewPagePath } from './review-notices';
import { InsertedNoticeRow, insertReviewNotices, reviewContext, ReviewNoticeCandidate } from './review-notices.sql';

/**
 * The review loop's notices: each committed step (`review.changed`, emitted by the services' transitions) becomes outbox
 * rows — to the analysts following the institution when something is submitted, to its liaisons and administrators when
 * the Commission decides — then immediate ones are queued for delivery (digest ones wait for the recipient's daily
 * digest). The outbox's unique key makes a replay harmless; if queueing fails, the daily evaluation queues every
 * pending row anyway (ReminderEvaluator.enqueuePending).
 */
@Injectable()
export class ReviewNotifier {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(ReviewNotifier.name);
  }

  @OnEvent('review.changed')
  async onReviewChanged(events: readonly ReviewChanged[]): Promise<void> {
    await this.record(events);
  }

  /** Writes the notices of these steps (one transaction) and queues the immediate ones; returns the rows written. */
  async record(events: readonly ReviewChanged[]): Promise<InsertedNoticeRow[]> {
    if (!events.length) return [];
    const inserted = await this.db.run(Access.administrative(systemActor(), 'review notices'), async ({ em }) => {
      const rules = await em.getRepository(ReminderRule).find({ where: { enabled: true } });
      const out: InsertedNoticeRow[] = [];
      for (const e of events) {
        const kind = e.outcome === 'submitted' ? REVIEW_WAITING : REVIEW_OUTCOME;
        const ctx = await reviewContext(em, e.institutionId, e.actorUserId);
        if (!ctx) continue;
        const audience = e.outcome === 'submitted' ? 'commission' : 'institution';
        const payload: ReviewNoticePayload = {
          institutionName: ctx.institution_name,
          item: reviewItem(e.subject, e.title),
          path: reviewPagePath(e.subject, e.subjectId, audience),
          subject: e.subject,
          outcome: e.outcome,
          title: e.title,
          comment: e.comment,
          actorName: ctx.actor_name,
          level: e.level ?? null,
        };
        const today = todayInGuatemala(new Date(e.at));
        for (const rule of rules.filter((r) => r.kind === kind)) {
          const candidate: ReviewNoticeCandidate = {
            institution_id: e.institutionId,
            subject_type: REVIEW_SUBJECT_TYPES[e.subject],
            subject_id: e.subjectId,
            due_date: today,
            stage: `${e.outcome}-${e.occurrence}`,
            payload: payload as unknown as Record<string, unknown>,
            audience: rule.recipients,
            actor_id: e.actorUserId,
          };
          out.push(...(await insertReviewNotices(em, rule, today, [candidate])));
        }
      }
      return out;
    });
    const immediate = inserted.filter((r) => r.delivery === 'immediate' && r.status === 'pending');
    await this.jobs.enqueueMany(JobName.DeliverNotifications, deliveryJobs(immediate.map((r) => r.id)));
    this.logger.info({ steps: events.length, notices: inserted.length, queued: immediate.length }, 'review notices written');
    return inserted;
  }
}
