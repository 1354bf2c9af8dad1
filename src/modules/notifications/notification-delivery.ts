import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { EntityManager } from 'typeorm';
import { systemActor } from '../../common/auth/actor';
import { AppConfig } from '../../config/app-config';
import { Access } from '../../common/auth/access';
import { Database } from '../../database/database.service';
import { MailTemplate, MailTemplates, RenderedMail, isMailTemplate } from '../../mail/mail-templates';
import { daysPhrase, formatDateEs } from './reminder-format';
import { label, term } from '../../common/glossary/glossary';
import { StaleProcedure, staleProcedureCondition, staleProcedureLines, staleSummary } from './stale-inventory';
import type { DeliverNotificationJob, NotificationDigestJob } from './reminder-evaluator';
import { ALL_OPTIONAL_KINDS, UnsubscribeTokens } from './unsubscribe-token';
import { openMilestoneSql } from '../inventory/plans/plan-rules';

/** An outbox row as the delivery needs it (raw SQL: snake_case columns, dates as text). */
export interface OutboxRow {
  id: string;
  institution_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  due_date: string;
  stage: string;
  recipient_id: string;
  reason: string;
  escalation: boolean;
  mandatory: boolean;
  days_until_due: number;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  template: string;
  recipient_name: string;
  recipient_email: string | null;
  recipient_status: string;
  opted_out: string[] | null;
}

const SELECT_OUTBOX = `
  SELECT n.id, n.institution_id, n.kind, n.subject_type, n.subject_id, n.due_date::text AS due_date, n.stage, n.recipient_id, n.reason,
         n.escalation, n.mandatory, n.days_until_due, n.payload, n.status, n.attempts, r.template,
         u.name AS recipient_name, NULLIF(btrim(u.email), '') AS recipient_email, u.status::text AS recipient_status, p.opted_out
    FROM notifications n
    JOIN reminder_rules r ON r.id = n.rule_id
    JOIN users u ON u.id = n.recipient_id
    LEFT JOIN notification_preferences p ON p.user_id = n.recipient_id`;

/** Why an SMTP failure should not be retried: the server answered 5xx (mailbox unknown, policy refusal…). */
export const isPermanentSmtpError = (e: unknown): boolean => {
  const code = (e as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/**
 * Worker side of reminders: one job per outbox row (immediate) or per recipient and day (digest). Each job locks its
 * rows, re-checks that the subject still calls for a reminder (a milestone deleted or completed meanwhile → nothing is
 * sent), sends over SMTP and records status, attempts, last error and sent time. 5xx answers are permanent
 * (UnrecoverableError: no retry); 4xx and connection errors are retried with exponential backoff up to the limit.
 */
@Injectable()
export class NotificationDelivery implements OnApplicationShutdown {
  private readonly transport: Transporter;
  readonly unsubscribe: UnsubscribeTokens;

  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly templates: MailTemplates,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(NotificationDelivery.name);
    // A pool of SMTP connections (one per concurrent job), reused across messages.
    const options: SMTPPool.Options = { url: config.mail.smtpUrl, pool: true, maxConnections: Math.max(1, config.worker.concurrency) };
    this.transport = nodemailer.createTransport(options);
    this.unsubscribe = new UnsubscribeTokens(config.auth.jwtSecret);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  async deliver(data: DeliverNotificationJob, job?: Job): Promise<{ status: string }> {
    let failure: unknown = null;
    const status = await this.db.run(Access.administrative(systemActor(), 'reminders: deliver'), async ({ em }) => {
      const [row] = (await em.query(`${SELECT_OUTBOX} WHERE n.id = $1 FOR UPDATE OF n`, [data.notificationId])) as OutboxRow[];
      if (!row || row.status !== 'pending') return row?.status ?? 'missing';
      const invalid = await this.invalidReason(em, row);
      if (invalid) return this.close(em, [row.id], invalid.status, invalid.reason);
      const recipient = row.recipient_email as string;
      const unsubscribeUrl = row.mandatory ? null : this.unsubscribeUrl(row.recipient_id, row.kind);
      try {
        const mail = this.templates.render(this.templateOf(row), { ...this.itemData(row), recipientName: row.recipient_name, unsubscribeUrl });
        await this.send(recipient, mail, unsubscribeUrl);
      } catch (e) {
        failure = e;
        const final = isPermanentSmtpError(e) || !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await em.query(
          `UPDATE notifications SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = $1`,
          [row.id, describeError(e), final],
        );
        return final ? 'failed' : 'pending';
      }
      await em.query(`UPDATE notifications SET attempts = attempts + 1, status = 'sent', sent_at = now(), recipient_email = $2, last_error = NULL WHERE id = $1`, [row.id, recipient]);
      return 'sent';
    });
    if (failure) this.fail(failure, data.notificationId);
    return { status };
  }

  async digest(data: NotificationDigestJob, job?: Job): Promise<{ status: string; items: number }> {
    let failure: unknown = null;
    const result = await this.db.run(Access.administrative(systemActor(), 'reminders: digest'), async ({ em }) => {
      const rows = (await em.query(
        `${SELECT_OUTBOX} WHERE n.recipient_id = $1 AND n.status = 'pending' AND n.delivery = 'digest' AND n.evaluated_on <= $2::date
          ORDER BY n.due_date, n.created_at FOR UPDATE OF n SKIP LOCKED`,
        [data.recipientId, data.date],
      )) as OutboxRow[];
      const valid: OutboxRow[] = [];
      for (const row of rows) {
        const invalid = await this.invalidReason(em, row);
        if (invalid) await this.close(em, [row.id], invalid.status, invalid.reason);
        else valid.push(row);
      }
      if (!valid.length) return { status: 'empty', items: 0 };
      const ids = valid.map((r) => r.id);
      const optional = valid.some((r) => !r.mandatory);
      const unsubscribeUrl = optional ? this.unsubscribeUrl(data.recipientId, ALL_OPTIONAL_KINDS) : null;
      const recipient = valid[0].recipient_email as string;
      try {
        const mail = this.templates.render(MailTemplate.Digest, {
          recipientName: valid[0].recipient_name,
          date: formatDateEs(data.date),
          count: valid.length,
          single: valid.length === 1,
          items: valid.map((r) => ({ ...this.itemData(r), title: term('notificationKind', r.kind)?.label ?? 'Aviso' })),
          unsubscribeUrl,
        });
        await this.send(recipient, mail, unsubscribeUrl);
      } catch (e) {
        failure = e;
        const final = isPermanentSmtpError(e) || !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await em.query(
          `UPDATE notifications SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = ANY ($1::uuid[])`,
          [ids, describeError(e), final],
        );
        return { status: final ? 'failed' : 'pending', items: ids.length };
      }
      await em.query(
        `UPDATE notifications SET attempts = attempts + 1, status = 'sent', sent_at = now(), recipient_email = $2, last_error = NULL WHERE id = ANY ($1::uuid[])`,
        [ids, recipient],
      );
      return { status: 'sent', items: ids.length };
    });
    if (failure) this.fail(failure, `digest ${data.recipientId} ${data.date}`);
    return result;
  }

  unsubscribeUrl(userId: string, kind: string): string {
    return `${this.config.http.publicUrl}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(this.unsubscribe.sign({ userId, kind }))}`;
  }

  /** Variables shared by every reminder template (strict mode: each must be present, null when it does not apply). */
  itemData(row: Pick<OutboxRow, 'payload' | 'subject_type' | 'due_date' | 'days_until_due' | 'reason'>): Record<string, unknown> {
    const p = row.payload;
    const stale = row.subject_type === 'stale_inventory';
    const staleCount = stale ? Number(p.count) : null;
    const staleList = stale ? staleProcedureLines((p.procedures ?? []) as StaleProcedure[]) : null;
    const staleMore = staleList && staleCount !== null && staleCount > staleList.length ? staleCount - staleList.length : null;
    return {
      institutionName: p.institutionName,
      item: p.item,
      itemLabel: term('notificationSubject', row.subject_type)?.label ?? 'Asunto',
      dueDate: formatDateEs(row.due_date),
      daysPhrase: stale ? staleSummary(staleCount ?? 0, Number(p.days)) : daysPhrase(row.days_until_due),
      link: `${this.config.http.publicUrl}${String(p.path ?? '/')}`,
      reasonLabel: label('notificationReason', row.reason),
      previousScore: p.previousScore ?? null,
      score: p.score ?? null,
      drop: p.drop ?? null,
      staleProcedures: staleList,
      staleCount,
      staleSingle: staleCount === 1,
      staleDays: stale ? Number(p.days) : null,
      staleReviewedBefore: stale ? formatDateEs(String(p.reviewedBefore)) : null,
      staleMore,
      staleMoreSingle: staleMore === 1,
    };
  }

  private templateOf(row: OutboxRow): MailTemplate {
    if (!isMailTemplate(row.template)) throw new UnrecoverableError(`Plantilla de correo desconocida: ${row.template}`);
    return row.template;
  }

  private async send(to: string, mail: RenderedMail, unsubscribeUrl: string | null): Promise<void> {
    const headers: Record<string, string> = unsubscribeUrl
      ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
      : {};
    await this.transport.sendMail({ from: this.config.mail.from, to, subject: mail.subject, html: mail.html, text: mail.text, headers });
  }

  private fail(e: unknown, what: string): never {
    this.logger.warn({ err: e, what, permanent: isPermanentSmtpError(e) }, 'reminder delivery failed');
    if (isPermanentSmtpError(e) || e instanceof UnrecoverableError) throw new UnrecoverableError(describeError(e));
    throw e instanceof Error ? e : new Error(describeError(e));
  }

  private async close(em: EntityManager, ids: string[], status: 'skipped' | 'cancelled', reason: string): Promise<string> {
    await em.query(`UPDATE notifications SET status = $2, skip_reason = $3 WHERE id = ANY ($1::uuid[])`, [ids, status, reason]);
    return status;
  }

  /** Re-checked at send time: the subject must still call for this reminder, and the person must still want and be able to get it. */
  private async invalidReason(em: EntityManager, row: OutboxRow): Promise<{ status: 'skipped' | 'cancelled'; reason: string } | null> {
    if (row.recipient_status === 'disabled') return { status: 'cancelled', reason: 'El destinatario está deshabilitado' };
    if (!row.mandatory && row.opted_out && (row.opted_out.includes(row.kind) || row.opted_out.includes(ALL_OPTIONAL_KINDS))) {
      return { status: 'cancelled', reason: 'El destinatario se dio de baja de este tipo de aviso' };
    }
    if (!row.recipient_email || !row.recipient_email.includes('@')) return { status: 'skipped', reason: 'El destinatario no tiene correo electrónico' };
    const still = async (sql: string, params: unknown[]) => ((await em.query(sql, params)) as unknown[]).length > 0;
    switch (row.subject_type) {
      case 'milestone':
        if (row.kind === 'milestone_due' || row.kind === 'milestone_overdue') {
          const ok = await still(`SELECT 1 FROM milestones m WHERE m.id = $1 AND ${openMilestoneSql('m')} AND m.due_date = $2::date`, [row.subject_id, row.due_date]);
          if (!ok) return { status: 'cancelled', reason: 'El hito fue eliminado, cumplido, cancelado o cambió de fecha' };
        }
        return null;
      case 'progress_report': {
        const submitted = await still(`SELECT 1 FROM progress_reports WHERE institution_id = $1 AND year = $2 AND quarter = $3`, [
          row.institution_id, row.payload.year, row.payload.quarter,
        ]);
        return submitted ? { status: 'cancelled', reason: 'El informe ya fue presentado' } : null;
      }
      case 'legal_deadline': {
        const ok = await still(`SELECT 1 FROM legal_deadlines WHERE id = $1 AND due_date = $2::date`, [row.subject_id, row.due_date]);
        return ok ? null : { status: 'cancelled', reason: 'El plazo legal fue eliminado o cambió de fecha' };
      }
      case 'stale_inventory': {
        const ok = await still(`SELECT 1 FROM procedures p WHERE p.institution_id = $1 AND ${staleProcedureCondition('p', '$2::date')} LIMIT 1`, [
          row.institution_id, row.payload.reviewedBefore,
        ]);
        return ok ? null : { status: 'cancelled', reason: 'Los trámites señalados ya fueron revisados o dados de baja: no queda ninguno sin revisión' };
      }
      default:
        return null;
    }
  }
}
