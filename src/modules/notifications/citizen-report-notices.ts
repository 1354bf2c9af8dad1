import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Access } from '../../common/auth/access';
import { systemActor } from '../../common/auth/actor';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { Database } from '../../database/database.service';
import type { CitizenReportStepped } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';
import { JobName } from '../../queue/job-names';
import { JobQueue } from '../../queue/job-queue';
import { ReminderRule } from './entities/reminder-rule.entity';
import { deliveryJobs } from './reminder-evaluator';
import { evaluationContext, insertDueNotifications } from './reminder.sql';
import { NotificationIdRow, PENDING_REPORT_NOTICES_SQL } from './notifications.sql';

/**
 * A citizen's report received: the institution's liaisons and admin, and the analysts following it, are told at once —
 * the `citizen_report_received` rule evaluated right after the report commits (the same outbox rows, dedupe key and
 * delivery as every reminder; the daily evaluation would catch up anything missed here). Before the deadline and once
 * overdue the daily evaluation sends the `citizen_report_due` / `citizen_report_overdue` reminders (with escalation).
 */
@Injectable()
export class CitizenReportNotices {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CitizenReportNotices.name);
  }

  @OnEvent('citizen-report.stepped')
  async onStepped(events: readonly CitizenReportStepped[]): Promise<void> {
    const received = events.filter((e) => e.step === 'received').map((e) => e.reportId);
    if (!received.length) return;
    try {
      await this.notifyReceived(received);
    } catch (err) {
      // the report is filed; the daily evaluation will write these notices if this attempt failed
      this.logger.error({ err, reports: received }, 'citizen report notices not written');
    }
  }

  async notifyReceived(reportIds: readonly string[], now: Date = new Date()): Promise<number> {
    const today = todayInGuatemala(now);
    const actor = systemActor();
    const pending = await this.db.run(Access.administrative(actor, 'citizen-reports: notices'), async ({ em }) => {
      const rules = await em.getRepository(ReminderRule).find({ where: { kind: 'citizen_report_received', enabled: true } });
      const ctx = await evaluationContext(em);
      for (const rule of rules) await insertDueNotifications(em, rule, today, ctx);
      return (await em.query(PENDING_REPORT_NOTICES_SQL, [reportIds])) as NotificationIdRow[];
    });
    if (pending.length) await this.jobs.enqueueMany(JobName.DeliverNotifications, deliveryJobs(pending.map((r) => r.id)));
    return pending.length;
  }
}
