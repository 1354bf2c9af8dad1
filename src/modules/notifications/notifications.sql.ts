import { EntityManager } from 'typeorm';
import { SqlFilter } from '../../database/sql-filter';
import { OutboxEntry } from './dto/notification.dto';
import { DeliveryMode } from './entities/notification.entity';

/** An in-app notification as the caller's list shows it. */
export interface NotificationRow {
  id: string;
  kind: string;
  institution_id: string;
  institution_name: string;
  subject_type: string;
  subject_id: string;
  due_date: string;
  stage: string;
  days_until_due: number;
  escalation: boolean;
  payload: Record<string, unknown>;
  status: string;
  read_at: Date | null;
  created_at: Date;
  institution_article: string | null;
}

const NOTIFICATION_COLUMNS = `n.id, n.kind, n.institution_id, n.payload->>'institutionName' AS institution_name, n.subject_type, n.subject_id,
  n.due_date::text AS due_date, n.stage, n.days_until_due, n.escalation, n.payload, n.status, n.read_at, n.created_at,
  (SELECT i.article FROM institutions i WHERE i.id = n.institution_id) AS institution_article`;

/** The recipient's notifications, newest first (only unread ones when asked). */
export async function listRecipientNotifications(
  em: EntityManager,
  recipientId: string,
  unread: boolean | undefined,
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: NotificationRow[] }> {
  const f = new SqlFilter().where('n.recipient_id = ?', recipientId).whereIf(unread, 'n.read_at IS NULL');
  const [{ total }] = (await em.query(`SELECT count(*)::int AS total FROM notifications n ${f.whereClause}`, f.params)) as Array<{
    total: number;
  }>;
  const rows = (await em.query(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications n ${f.whereClause} ORDER BY n.created_at DESC, n.id LIMIT ${f.param(page.limit)} OFFSET ${f.param(page.offset)}`,
    f.params,
  )) as NotificationRow[];
  return { total, rows };
}

/** Marks one of the recipient's notifications read (keeps the first reading time); undefined when it is not theirs. */
export async function markNotificationRead(em: EntityManager, id: string, recipientId: string): Promise<NotificationRow | undefined> {
  const [rows] = (await em.query(
    `UPDATE notifications n SET read_at = COALESCE(n.read_at, now()) WHERE n.id = $1 AND n.recipient_id = $2 RETURNING ${NOTIFICATION_COLUMNS}`,
    [id, recipientId],
  )) as [NotificationRow[], number];
  return rows[0];
}

/** An outbox line before its explanation is written; the recipient's institution decides who may read the address. */
export type OutboxRow = Omit<OutboxEntry, 'why'> & { recipientInstitutionId: string | null };

/** One page of the outbox, newest first, filtered by institution, status and subject. */
export async function listOutbox(
  em: EntityManager,
  q: { institutionId?: string | null; status?: string; subjectId?: string },
  page: { limit: number; offset: number },
): Promise<{ total: number; rows: OutboxRow[] }> {
  const f = new SqlFilter()
    .where('n.institution_id = ?', q.institutionId ?? undefined)
    .where('n.status = ?', q.status)
    .where('n.subject_id = ?', q.subjectId);
  const [{ total }] = (await em.query(`SELECT count(*)::int AS total FROM notifications n ${f.whereClause}`, f.params)) as Array<{
    total: number;
  }>;
  const rows = (await em.query(
    `SELECT n.id, n.institution_id AS "institutionId", n.payload->>'institutionName' AS "institutionName", r.code AS "ruleCode", r.name AS "ruleName",
            n.kind, n.subject_type AS "subjectType", n.subject_id AS "subjectId", n.payload->>'item' AS item, n.due_date::text AS "dueDate", n.stage,
            n.days_until_due AS "daysUntilDue", n.recipient_id AS "recipientId", u.name AS "recipientName", n.recipient_email AS "recipientEmail",
            u.institution_id AS "recipientInstitutionId",
            n.reason, n.escalation, n.delivery, n.status, n.attempts, n.last_error AS "lastError", n.skip_reason AS "skipReason",
            n.sent_at AS "sentAt", n.created_at AS "createdAt"
       FROM notifications n JOIN reminder_rules r ON r.id = n.rule_id LEFT JOIN users u ON u.id = n.recipient_id
       ${f.whereClause} ORDER BY n.created_at DESC, n.id LIMIT ${f.param(page.limit)} OFFSET ${f.param(page.offset)}`,
    f.params,
  )) as OutboxRow[];
  return { total, rows };
}

/** The id of a notification, or of a recipient (digest). */
export interface NotificationIdRow {
  id: string;
}

/** Pending immediate notices about these citizen reports ($1 report ids), to queue for delivery: NotificationIdRow. */
export const PENDING_REPORT_NOTICES_SQL = `
SELECT id FROM notifications
 WHERE subject_type = 'citizen_report' AND subject_id = ANY($1::uuid[]) AND status = 'pending' AND delivery = 'immediate'`;

/** Every pending immediate notification, oldest first: NotificationIdRow. */
export const PENDING_IMMEDIATE_SQL = `SELECT id FROM notifications WHERE status = 'pending' AND delivery = 'immediate' ORDER BY created_at, id`;

/** Every recipient with pending digest items: NotificationIdRow (the recipient's id). */
export const PENDING_DIGEST_RECIPIENTS_SQL = `SELECT DISTINCT recipient_id AS id FROM notifications WHERE status = 'pending' AND delivery = 'digest'`;

/** A person's preferences, written ($1 user, $2 delivery or null = keep, $3 opted-out kinds or null = keep). */
export const UPSERT_PREFERENCES_SQL = `
INSERT INTO notification_preferences (user_id, delivery, opted_out) VALUES ($1, COALESCE($2, 'immediate'), COALESCE($3::text[], '{}'))
ON CONFLICT (user_id) DO UPDATE SET delivery = COALESCE($2, notification_preferences.delivery),
  opted_out = COALESCE($3::text[], notification_preferences.opted_out), updated_at = now(), version = notification_preferences.version + 1`;

/** Whether the user exists ($1): NotificationIdRow. */
export const USER_EXISTS_SQL = `SELECT id FROM users WHERE id = $1`;

/** One more opted-out kind for a person ($1 user, $2 kind): one-click unsubscribe. */
export const OPT_OUT_SQL = `
INSERT INTO notification_preferences (user_id, opted_out) VALUES ($1, ARRAY[$2]::text[])
ON CONFLICT (user_id) DO UPDATE SET opted_out = (SELECT array_agg(DISTINCT k) FROM unnest(notification_preferences.opted_out || ARRAY[$2]::text[]) k),
  updated_at = now(), version = notification_preferences.version + 1`;

/** Kinds no one may opt out of. */
export interface KindRow {
  kind: string;
}
export const MANDATORY_KINDS_SQL = `SELECT DISTINCT kind FROM reminder_rules WHERE mandatory`;

/** A person's stored preferences ($1 user); none stored means the defaults. */
export interface PreferencesRow {
  delivery: DeliveryMode;
  opted_out: string[];
}
export const PREFERENCES_SQL = `SELECT delivery, opted_out FROM notification_preferences WHERE user_id = $1`;
