import { Injectable } from '@nestjs/common';
import { subjectPagePath } from '../../common/http/page-links';
import { Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { EntityManager } from 'typeorm';
import { systemActor } from '../../common/auth/actor';
import { Slots } from '../../common/concurrency/slots';
import { AppConfig } from '../../config/app-config';
import { Access } from '../../common/auth/access';
import { Database } from '../../database/database.service';
import { MailTemplate, MailTemplates, RenderedMail, isMailTemplate } from '../../mail/mail-templates';
import { AfterSendError, MailTransport, OutgoingMail } from '../../mail/mail-transport';
import { daysPhrase, formatDateEs } from './reminder-format';
import { label, term } from '../../common/glossary/glossary';
import { StaleProcedure, staleProcedureLines, staleSummary } from './stale-inventory';
import type { DeliverNotificationJob, DeliverNotificationsJob, NotificationDigestJob } from './reminder-evaluator';
import { SentMarks } from './sent-marks';
import { ALL_OPTIONAL_KINDS, UnsubscribeTokens } from './unsubscribe-token';
import {
  closeOutboxRows,
  COMMISSION_REASONS,
  claimOutboxRows,
  lockDigestRows,
  markOutboxFailure,
  markOutboxSent,
  markOutboxSentEachSql,
  OutboxDeliveryRow,
} from './notification-delivery.sql';

/** An outbox row as the delivery needs it (see notification-delivery.sql.ts). */
export type OutboxRow = OutboxDeliveryRow;
import { articleOf, institutionPhrase } from '../../common/text/institution-name';
import { ReviewNoticePayload, reviewSubjectOf, reviewWording } from './review-notices';

/** Why an SMTP failure should not be retried: the server answered 5xx (mailbox unknown, policy refusal…). */
export const isPermanentSmtpError = (e: unknown): boolean => {
  const code = (e as { responseCode?: unknown })?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
};

const describeError = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 1000);

/** One-click unsubscribe (RFC 8058) on every optional reminder; none on mandatory ones. */
const unsubscribeHeaders = (url: string | null): Record<string, string> =>
  url ? { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};

/** What a batch delivery did with its rows (pending: a transient failure, to be retried). */
export interface DeliveryCounts {
  sent: number;
  skipped: number;
  cancelled: number;
  failed: number;
  pending: number;
}

/**
 * Batch deliveries of this process holding their claim at once. Each holds one database connection while its rows
 * go out (and the marks need another), and one batch already fills the SMTP pool; a second overlaps the first's tail.
 */
const CLAIMS_AT_ONCE = 2;

/** Tries of one write of sent marks (200 ms, then 400 ms apart). */
const MARK_ATTEMPTS = 3;

/** A row of a batch left unsent because the batch stopped (a sent mark failed). */
class NotSentError extends Error {}

/** The still-valid outbox rows a delivery job sends as one message, and how to build that message. */
interface Outgoing {
  rows: OutboxRow[];
  unsubscribeUrl: string | null;
  render: () => RenderedMail;
}

/**
 * Worker side of reminders: one job per outbox row (immediate) or per recipient and day (digest). Each job locks its
 * rows, re-checks that the subject still calls for a reminder (a milestone deleted or completed meanwhile → nothing is
 * sent), sends over SMTP and records status, attempts, last error and sent time. 5xx answers are permanent
 * (UnrecoverableError: no retry); 4xx and connection errors are retried with exponential backoff up to the limit.
 */
@Injectable()
export class NotificationDelivery {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly templates: MailTemplates,
    private readonly transport: MailTransport,
    private readonly unsubscribe: UnsubscribeTokens,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(NotificationDelivery.name);
  }

  private readonly claims = new Slots(CLAIMS_AT_ONCE);

  /** A sent mark failed since the last successful claim: no batch of this process sends anything more (deliverClaimed). */
  private marksFailing = false;

  /**
   * Sent marks of every batch of this process, written together (see deliverMany). A failed write is tried again on
   * another connection (the marks are idempotent): after PostgreSQL restarts, the pool still holds connections to the
   * old server, and a mark lost on one of them would send its message again.
   */
  private readonly sentMarks = new SentMarks<{ id: string; email: string }>(async (sent) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.writeInOneTrip(Access.administrative(systemActor(), 'reminders: sent'), markOutboxSentEachSql(sent));
      } catch (e) {
        if (attempt >= MARK_ATTEMPTS) throw e;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  });

  /** One outbox row (jobs queued one per row before batches; the notices of a single step). */
  async deliver(data: DeliverNotificationJob, job?: Job): Promise<{ status: string }> {
    const counts = await this.deliverMany({ ids: [data.notificationId] }, job);
    const status = (Object.keys(counts) as Array<keyof DeliveryCounts>).find((k) => counts[k] > 0) ?? 'missing';
    return { status };
  }

  /**
   * A batch of immediate outbox rows. The job claims the rows still pending (claimOutboxRows: skipped when another
   * delivery holds them, re-checked in the same statement), closes those no longer called for, and sends the others
   * at once through the transport's pool; each row is marked sent as soon as the server accepted its message (SentMarks:
   * many rows per statement, each committed before its pool slot is released), so at most one message per pool
   * connection can be sent but not yet recorded when the process dies. The claim is held until every row is recorded.
   * A permanent failure (5xx, a message that cannot be built, or the last attempt) marks the row failed; a transient one
   * records the attempt and, once the batch is done, fails the job so BullMQ retries it (rows sent meanwhile are skipped).
   */
  async deliverMany(data: DeliverNotificationsJob, job?: Job): Promise<DeliveryCounts> {
    return this.claims.run(() => this.deliverClaimed(data.ids, job));
  }

  private async deliverClaimed(ids: readonly string[], job: Job | undefined): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { sent: 0, skipped: 0, cancelled: 0, failed: 0, pending: 0 };
    let retry: unknown = null;
    await this.db.run(Access.administrative(systemActor(), 'reminders: deliver'), async ({ em }) => {
      const rows = await claimOutboxRows(em, ids);
      const closing = new Map<string, { status: 'skipped' | 'cancelled'; reason: string; ids: string[] }>();
      const valid: OutboxRow[] = [];
      for (const row of rows) {
        const invalid = this.invalidReason(row);
        if (!invalid) {
          valid.push(row);
          continue;
        }
        const key = `${invalid.status}:${invalid.reason}`;
        if (!closing.has(key)) closing.set(key, { ...invalid, ids: [] });
        closing.get(key)!.ids.push(row.id);
        counts[invalid.status] += 1;
      }
      for (const c of closing.values()) await closeOutboxRows(em, c.ids, c.status, c.reason);

      // Once a sent mark fails (PostgreSQL is gone), the rest of this batch and of every other batch of the process is
      // not sent: only messages already on their way can go out unrecorded, at most one per pool connection. A claim
      // that succeeds again shows PostgreSQL is back.
      this.marksFailing = false;
      let markFailure: unknown = null;
      const outcomes = await Promise.allSettled(
        valid.map((row) =>
          this.transport.send(
            () => {
              if (markFailure || this.marksFailing) throw new NotSentError();
              return this.immediateMessage(row);
            },
            () =>
              this.sentMarks.record({ id: row.id, email: row.recipient_email as string }).catch((e: unknown) => {
                markFailure ??= e;
                this.marksFailing = true;
                throw e;
              }),
          ),
        ),
      );
      const lastJobAttempt = !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      let unrecorded: unknown = null;
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.status === 'fulfilled') {
          counts.sent += 1;
          continue;
        }
        const e: unknown = outcome.reason;
        if (e instanceof AfterSendError) {
          unrecorded ??= e.original;
          continue;
        }
        if (e instanceof NotSentError) continue; // left pending for the retry
        const row = valid[i];
        const final =
          isPermanentSmtpError(e) ||
          e instanceof UnrecoverableError ||
          lastJobAttempt ||
          row.attempts + 1 >= this.config.reminders.maxAttempts;
        this.logger.warn({ err: e, notificationId: row.id, permanent: final }, 'reminder delivery failed');
        await markOutboxFailure(em, [row.id], describeError(e), final);
        counts[final ? 'failed' : 'pending'] += 1;
        if (!final) retry ??= e;
      }
      // Sent but not recorded (PostgreSQL failed meanwhile): the job fails and its retry sends those rows again.
      if (unrecorded) throw unrecorded;
    });
    if (retry) throw retry instanceof Error ? retry : new Error(describeError(retry));
    return counts;
  }

  /** The message of one immediate row; a row that cannot become one (unknown template, missing data) fails for good. */
  private immediateMessage(row: OutboxRow): OutgoingMail {
    try {
      const unsubscribeUrl = row.mandatory ? null : this.unsubscribeUrl(row.recipient_id, row.kind);
      const rendered = this.templates.render(this.templateOf(row), {
        ...this.itemData(row),
        recipientName: row.recipient_name,
        unsubscribeUrl,
      });
      return { to: row.recipient_email as string, ...rendered, headers: unsubscribeHeaders(unsubscribeUrl) };
    } catch (e) {
      throw e instanceof UnrecoverableError ? e : new UnrecoverableError(describeError(e));
    }
  }

  async digest(data: NotificationDigestJob, job?: Job): Promise<{ status: string; items: number }> {
    return this.sendLocked('reminders: digest', `digest ${data.recipientId} ${data.date}`, job, async (em) => {
      const rows = await lockDigestRows(em, data.recipientId, data.date);
      const valid: OutboxRow[] = [];
      for (const row of rows) {
        const invalid = this.invalidReason(row);
        if (invalid) await this.close(em, [row.id], invalid.status, invalid.reason);
        else valid.push(row);
      }
      if (!valid.length) return 'empty';
      const unsubscribeUrl = valid.some((r) => !r.mandatory) ? this.unsubscribeUrl(data.recipientId, ALL_OPTIONAL_KINDS) : null;
      return {
        rows: valid,
        unsubscribeUrl,
        render: () =>
          this.templates.render(MailTemplate.Digest, {
            recipientName: valid[0].recipient_name,
            date: formatDateEs(data.date),
            count: valid.length,
            single: valid.length === 1,
            items: valid.map((r) => ({
              ...this.itemData(r),
              title: term('notificationKind', r.kind)?.label ?? 'Aviso',
            })),
            unsubscribeUrl,
          }),
      };
    });
  }

  /**
   * The one send path of both jobs, in one transaction: `pick` locks and re-checks the rows (or says why there is
   * nothing to send); the message is rendered and sent to the rows' recipient; the rows are marked sent, or the
   * failure is recorded on them (failed when permanent or out of attempts) and re-thrown for BullMQ.
   */
  private async sendLocked(
    purpose: string,
    what: string,
    job: Job | undefined,
    pick: (em: EntityManager) => Promise<Outgoing | string>,
  ): Promise<{ status: string; items: number }> {
    let failure: unknown = null;
    const result = await this.db.run(Access.administrative(systemActor(), purpose), async ({ em }) => {
      const picked = await pick(em);
      if (typeof picked === 'string') return { status: picked, items: 0 };
      const ids = picked.rows.map((r) => r.id);
      const recipient = picked.rows[0].recipient_email as string;
      try {
        await this.transport.send({ to: recipient, ...picked.render(), headers: unsubscribeHeaders(picked.unsubscribeUrl) });
      } catch (e) {
        failure = e;
        const final = isPermanentSmtpError(e) || !job || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await markOutboxFailure(em, ids, describeError(e), final);
        return { status: final ? 'failed' : 'pending', items: ids.length };
      }
      await markOutboxSent(em, ids, recipient);
      return { status: 'sent', items: ids.length };
    });
    if (failure) this.fail(failure, what);
    return result;
  }

  unsubscribeUrl(userId: string, kind: string): string {
    return `${this.config.http.publicUrl}/api/v1/notifications/unsubscribe?token=${encodeURIComponent(this.unsubscribe.sign({ userId, kind }))}`;
  }

  /**
   * Variables shared by every reminder template (strict mode: each must be present, null when it does not apply).
   * Wording depends on the audience: `forCommission` (an analyst escalated to, or following the institution) reads
   * "del Ministerio de Economía" with the people to contact and how long the item is overdue, never "su plan".
   */
  itemData(
    row: Pick<OutboxRow, 'payload' | 'subject_type' | 'due_date' | 'days_until_due' | 'reason'> &
      Partial<Pick<OutboxRow, 'institution_article' | 'institution_contacts'>>,
  ): Record<string, unknown> {
    const p = row.payload;
    const contacts = row.institution_contacts ?? [];
    const institution = { name: String(p.institutionName ?? ''), article: articleOf(row.institution_article) };
    const forCommission = isCommissionReason(row.reason);
    const review = reviewSubjectOf(row.subject_type);
    const wording = review ? reviewWording(p as unknown as ReviewNoticePayload, institution, formatDateEs(row.due_date)) : null;
    const overdueDays = !review && row.days_until_due < 0 ? -row.days_until_due : null;
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
      link: `${this.config.http.publicUrl}${subjectPagePath(p.path)}`,
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
      institutionOf: institutionPhrase(institution, 'de'),
      institutionTo: institutionPhrase(institution, 'a'),
      institutionIn: institutionPhrase(institution, 'en'),
      institutionThe: institutionPhrase(institution),
      institutionSubject: institutionPhrase(institution, '', true),
      forCommission,
      overdueDays,
      overdueSingle: overdueDays === 1,
      contacts: forCommission ? contacts.map((c) => ({ name: c.name, email: c.email, roleLabel: label('role', c.role) })) : null,
      noContacts: forCommission && contacts.length === 0,
      reviewHeadline: wording?.headline ?? null,
      reviewSentence: wording?.sentence ?? null,
      reviewAction: wording?.action ?? null,
      reviewComment: review ? ((p.comment as string | null) ?? null) : null,
    };
  }

  private templateOf(row: OutboxRow): MailTemplate {
    if (!isMailTemplate(row.template)) throw new UnrecoverableError(`Plantilla de correo desconocida: ${row.template}`);
    return row.template;
  }

  private fail(e: unknown, what: string): never {
    this.logger.warn({ err: e, what, permanent: isPermanentSmtpError(e) }, 'reminder delivery failed');
    if (isPermanentSmtpError(e) || e instanceof UnrecoverableError) throw new UnrecoverableError(describeError(e));
    throw e instanceof Error ? e : new Error(describeError(e));
  }

  private async close(em: EntityManager, ids: string[], status: 'skipped' | 'cancelled', reason: string): Promise<string> {
    await closeOutboxRows(em, ids, status, reason);
    return status;
  }

  /**
   * Re-checked at send time: the person must still want and be able to get it, and the subject must still call for this
   * reminder (`subject_current`, evaluated by the statement that locked the row).
   */
  private invalidReason(row: OutboxRow): { status: 'skipped' | 'cancelled'; reason: string } | null {
    if (row.recipient_status === 'disabled') return { status: 'cancelled', reason: 'El destinatario está deshabilitado' };
    if (!row.mandatory && row.opted_out && (row.opted_out.includes(row.kind) || row.opted_out.includes(ALL_OPTIONAL_KINDS))) {
      return { status: 'cancelled', reason: 'El destinatario se dio de baja de este tipo de aviso' };
    }
    if (!row.recipient_email || !row.recipient_email.includes('@'))
      return { status: 'skipped', reason: 'El destinatario no tiene correo electrónico' };
    if (row.subject_current) return null;
    switch (row.subject_type) {
      case 'milestone':
        return { status: 'cancelled', reason: 'El hito fue eliminado, cumplido, cancelado o cambió de fecha' };
      case 'progress_report': {
        const quarters = row.payload.quarters as unknown[] | undefined;
        const several = Array.isArray(quarters) && quarters.length > 1;
        return { status: 'cancelled', reason: several ? 'Los informes ya fueron presentados' : 'El informe ya fue presentado' };
      }
      case 'legal_deadline_missed':
        return { status: 'cancelled', reason: 'El plazo legal ya se cumple o el hallazgo fue descartado' };
      case 'legal_deadline':
        return { status: 'cancelled', reason: 'El plazo legal fue eliminado o cambió de fecha' };
      case 'stale_inventory':
        return { status: 'cancelled', reason: 'Los trámites señalados ya fueron revisados o dados de baja: no queda ninguno sin revisión' };
      case 'assessment_review':
      case 'plan_review':
      case 'report_review':
        return { status: 'cancelled', reason: 'Ya fue revisado: no queda nada pendiente' };
      case 'citizen_report':
        return { status: 'cancelled', reason: 'La denuncia ya fue respondida o resuelta por la Comisión' };
      default:
        return null;
    }
  }
}

/** A person at the institution whom a Commission recipient can contact. */
const isCommissionReason = (reason: string): boolean => (COMMISSION_REASONS as readonly string[]).includes(reason);
