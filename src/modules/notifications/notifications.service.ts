import { Injectable } from '@nestjs/common';
import { subjectPagePath } from '../../common/http/page-links';
import { Actor, anonymousActor, isCommission } from '../../common/auth/actor';
import { Access, assertRole, institutionFilter } from '../../common/auth/access';
import { AppException } from '../../common/errors/app.exception';
import { offsetOf, Page, pageOf } from '../../common/pagination/page';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { JobName } from '../../queue/job-names';
import { JobQueue } from '../../queue/job-queue';
import {
  MyNotificationsQuery,
  NotificationResponse,
  OutboxEntry,
  OutboxQuery,
  PreferencesResponse,
  UnsubscribeResponse,
  UpdatePreferencesDto,
} from './dto/notification.dto';
import {
  KindRow,
  listOutbox,
  listRecipientNotifications,
  MANDATORY_KINDS_SQL,
  markNotificationRead,
  NotificationIdRow,
  NotificationRow,
  OPT_OUT_SQL,
  PREFERENCES_SQL,
  PreferencesRow,
  UPSERT_PREFERENCES_SQL,
  USER_EXISTS_SQL,
} from './notifications.sql';
import { daysPhrase, formatDateEs } from './reminder-format';
import { label, term } from '../../common/glossary/glossary';
import { ALL_OPTIONAL_KINDS, UnsubscribeTokens } from './unsubscribe-token';
import { REVIEW_OUTCOME, REVIEW_WAITING, ReviewNoticePayload, reviewSubjectOf, reviewWording } from './review-notices';
import { articleOf } from '../../common/text/institution-name';
import { ADMIN_ROLES, OUTBOX_READER_ROLES } from '../../common/auth/roles';

type Row = NotificationRow;

/** In-app notifications (the caller's own), the outbox view (what was sent to whom and why), preferences and unsubscribe. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly tokens: UnsubscribeTokens,
    private readonly jobs: JobQueue,
  ) {}

  private requireUser(actor: Actor): string {
    if (actor.kind !== 'user' || !actor.userId) throw AppException.forbidden();
    return actor.userId;
  }

  async listMine(actor: Actor, q: MyNotificationsQuery): Promise<Page<NotificationResponse>> {
    const userId = this.requireUser(actor);
    return this.db.run(Access.self(actor, 'notifications.mine'), async ({ em }) => {
      const { total, rows } = await listRecipientNotifications(em, userId, q.unread, { limit: q.pageSize, offset: offsetOf(q) });
      return pageOf(
        rows.map((r) => this.toResponse(r)),
        total,
        q,
      );
    });
  }

  async markRead(actor: Actor, id: string): Promise<NotificationResponse> {
    const userId = this.requireUser(actor);
    return this.db.run(Access.self(actor, 'notifications.mine'), async ({ em }) => {
      const row = await markNotificationRead(em, id, userId);
      if (!row) throw AppException.notFound('La notificación');
      return this.toResponse(row);
    });
  }

  async outbox(actor: Actor, q: OutboxQuery): Promise<Page<OutboxEntry>> {
    assertRole(actor, OUTBOX_READER_ROLES);
    const institutionId = institutionFilter(actor, q.institutionId);
    return this.db.run(Access.forReading(actor, 'notifications outbox'), async ({ em }) => {
      const { total, rows } = await listOutbox(
        em,
        { institutionId, status: q.status, subjectId: q.subjectId },
        { limit: q.pageSize, offset: offsetOf(q) },
      );
      // Institution admins see the addresses of their institution's people only, not the Commission staff's.
      const mayReadEmail = (r: { recipientInstitutionId: string | null }) =>
        isCommission(actor) || (!!r.recipientInstitutionId && r.recipientInstitutionId === actor.institutionId);
      return pageOf(
        rows.map(({ recipientInstitutionId, ...r }) => ({
          ...r,
          recipientEmail: mayReadEmail({ recipientInstitutionId }) ? r.recipientEmail : null,
          recipientName: r.recipientName ?? '',
          why: this.why(r),
        })),
        total,
        q,
      );
    });
  }

  private why(r: Omit<OutboxEntry, 'why'>): string {
    if (r.kind === REVIEW_WAITING || r.kind === REVIEW_OUTCOME) {
      return `Regla «${r.ruleName}»: «${r.item}» (${r.kind === REVIEW_WAITING ? 'enviado' : 'revisado'} el ${formatDateEs(r.dueDate)}); destinatario como ${label('notificationReason', r.reason)}.`;
    }
    const when =
      r.daysUntilDue >= 0
        ? `vence el ${formatDateEs(r.dueDate)} (${daysPhrase(r.daysUntilDue).toLowerCase()})`
        : `venció el ${formatDateEs(r.dueDate)} (${daysPhrase(r.daysUntilDue).toLowerCase()})`;
    const context =
      r.kind === 'score_drop'
        ? `(medición del ${formatDateEs(r.dueDate)})`
        : r.kind === 'stale_inventory'
          ? `(trámites sin revisión al ${formatDateEs(r.dueDate)})`
          : when;
    const base = `Regla «${r.ruleName}», etapa ${r.stage}: «${r.item}» ${context}`;
    return `${base}; destinatario como ${label('notificationReason', r.reason)}${r.escalation ? ' (escalamiento obligatorio)' : ''}.`;
  }

  async getPreferences(actor: Actor): Promise<PreferencesResponse> {
    const userId = this.requireUser(actor);
    return this.db.run(Access.self(actor, 'notifications.mine'), async ({ em }) => this.readPreferences(em, userId));
  }

  async updatePreferences(actor: Actor, dto: UpdatePreferencesDto): Promise<PreferencesResponse> {
    const userId = this.requireUser(actor);
    return this.db.run(Access.self(actor, 'notifications.mine'), async ({ em }) => {
      const mandatory = await this.mandatoryKinds(em);
      const refused = (dto.optedOut ?? []).filter((k) => mandatory.includes(k));
      if (refused.length) throw AppException.badRequest(`Estos avisos son obligatorios y no admiten baja: ${refused.join(', ')}.`);
      await em.query(UPSERT_PREFERENCES_SQL, [userId, dto.delivery ?? null, dto.optedOut ? [...new Set(dto.optedOut)] : null]);
      return this.readPreferences(em, userId);
    });
  }

  /** One-click unsubscribe (RFC 8058): the signed token names the person and the kind; no sign-in needed. */
  async unsubscribe(token: string): Promise<UnsubscribeResponse> {
    const claim = this.tokens.verify(token);
    if (!claim) throw AppException.badRequest('El enlace para darse de baja no es válido.');
    return this.db.run(Access.administrative(anonymousActor(), 'one-click unsubscribe'), async ({ em }) => {
      const [user] = (await em.query(USER_EXISTS_SQL, [claim.userId])) as NotificationIdRow[];
      if (!user) throw AppException.notFound('La persona');
      const mandatory = await this.mandatoryKinds(em);
      if (mandatory.includes(claim.kind)) throw AppException.badRequest('Este aviso es obligatorio y no admite baja.');
      await em.query(OPT_OUT_SQL, [claim.userId, claim.kind]);
      const prefs = await this.readPreferences(em, claim.userId);
      const what = claim.kind === ALL_OPTIONAL_KINDS ? 'los avisos opcionales' : `los avisos «${label('notificationKind', claim.kind)}»`;
      return { message: `Listo: ya no recibirá ${what}. Los avisos obligatorios se seguirán enviando.`, optedOut: prefs.optedOut };
    });
  }

  /** Queues an evaluation now (administrators), as of an optional instant. */
  async requestEvaluation(actor: Actor): Promise<{ queued: boolean }> {
    assertRole(actor, ADMIN_ROLES);
    await this.jobs.enqueue(JobName.EvaluateReminders, {});
    return { queued: true };
  }

  private async mandatoryKinds(em: import('typeorm').EntityManager): Promise<string[]> {
    const rows = (await em.query(MANDATORY_KINDS_SQL)) as KindRow[];
    return rows.map((r) => r.kind);
  }

  private async readPreferences(em: import('typeorm').EntityManager, userId: string): Promise<PreferencesResponse> {
    const [row] = (await em.query(PREFERENCES_SQL, [userId])) as PreferencesRow[];
    return { delivery: row?.delivery ?? 'immediate', optedOut: row?.opted_out ?? [], mandatoryKinds: await this.mandatoryKinds(em) };
  }

  /** A review notice's sentence and comment (the same words as its e-mail); null for reminders. */
  private reviewMessage(r: Row): { message: string | null; comment: string | null } {
    if (!reviewSubjectOf(r.subject_type)) return { message: null, comment: null };
    const p = r.payload as unknown as ReviewNoticePayload;
    const institution = { name: String(p.institutionName ?? r.institution_name ?? ''), article: articleOf(r.institution_article) };
    return { message: reviewWording(p, institution, formatDateEs(r.due_date)).sentence, comment: p.comment ?? null };
  }

  private toResponse(r: Row): NotificationResponse {
    return {
      id: r.id,
      kind: r.kind,
      title: term('notificationKind', r.kind)?.label ?? 'Aviso',
      institutionId: r.institution_id,
      institutionName: r.institution_name,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      item: String(r.payload.item ?? ''),
      dueDate: r.due_date,
      stage: r.stage,
      daysUntilDue: r.days_until_due,
      escalation: r.escalation,
      link: `${this.config.http.publicUrl}${subjectPagePath(r.payload.path)}`,
      ...this.reviewMessage(r),
      status: r.status as NotificationResponse['status'],
      readAt: r.read_at,
      createdAt: r.created_at,
    };
  }
}
