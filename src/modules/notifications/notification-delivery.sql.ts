import { EntityManager } from 'typeorm';
import { sqlLiteral } from '../../database/database.service';
import { openMilestoneSql } from '../inventory/rules/open-milestones';
import { REVIEW_WAITING } from './review-notices';
import { staleProcedureCondition } from './stale-inventory';

/**
 * The delivery side of the outbox (worker): lock the rows a job sends, re-check in the same statement that their subject
 * still calls for a reminder, then record the outcome. One round trip picks and re-checks any number of rows.
 */

/** An outbox row as the delivery needs it (raw SQL: snake_case columns, dates as text). */
export interface OutboxDeliveryRow {
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
  /** The institution's article ("el", "la", …; null when unknown), to name it in a sentence. */
  institution_article: string | null;
  /**
   * Whom a Commission recipient can contact at the institution (active liaisons, else active institution
   * administrators; at most 5). Empty for the institution's own people: the notice is about their own work.
   */
  institution_contacts: InstitutionContact[];
  /**
   * Whether the subject still calls for this reminder at send time: the milestone is still open and due that day, a quarter
   * listed is still owed, the missed-deadline finding is still open, the legal deadline still falls that day, a procedure
   * is still unreviewed, an item is still waiting for review. True for subjects with nothing to re-check.
   */
  subject_current: boolean;
}

/** A person to contact at the institution, as a Commission e-mail names them. */
export interface InstitutionContact {
  name: string;
  email: string | null;
  role: string;
}

/** Outbox reasons of Commission recipients (an analyst escalated to or following the institution, an administrator). */
export const COMMISSION_REASONS = ['analyst', 'analyst_unassigned', 'no_active_liaison', 'admin'] as const;

const INSTITUTION_CONTACTS = `
  CASE WHEN n.reason IN (${COMMISSION_REASONS.map((r) => `'${r}'`).join(', ')}) THEN
    (SELECT coalesce(json_agg(json_build_object('name', c.name, 'email', c.email, 'role', c.role::text) ORDER BY c.role DESC, c.name), '[]'::json)
       FROM (SELECT cu.name, NULLIF(btrim(cu.email), '') AS email, cu.role FROM users cu
              WHERE cu.institution_id = n.institution_id AND cu.status = 'active' AND cu.role IN ('liaison', 'institution_admin')
                AND (cu.role = 'liaison' OR NOT EXISTS (SELECT 1 FROM users l WHERE l.institution_id = n.institution_id
                                                                              AND l.status = 'active' AND l.role = 'liaison'))
              ORDER BY cu.role DESC, cu.name LIMIT 5) c)
  ELSE '[]'::json END`;

/** The quarters a report reminder lists (older outbox rows name one quarter only, in `year` and `quarter`). */
const REMINDED_QUARTERS = `
  SELECT (q->>'year')::int AS year, (q->>'quarter')::int AS quarter
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(n.payload->'quarters') = 'array' THEN n.payload->'quarters'
                                   ELSE jsonb_build_array(jsonb_build_object('year', n.payload->'year', 'quarter', n.payload->'quarter')) END) q`;

const SUBJECT_CURRENT = `
  CASE
    WHEN n.subject_type = 'milestone' AND n.kind IN ('milestone_due', 'milestone_overdue') THEN
      EXISTS (SELECT 1 FROM milestones m WHERE m.id = n.subject_id AND ${openMilestoneSql('m')} AND m.due_date = n.due_date)
    WHEN n.subject_type = 'progress_report' THEN
      EXISTS (SELECT 1 FROM (${REMINDED_QUARTERS}) q
               WHERE NOT EXISTS (SELECT 1 FROM progress_reports r WHERE r.institution_id = n.institution_id AND r.year = q.year AND r.quarter = q.quarter))
    WHEN n.subject_type = 'legal_deadline_missed' THEN
      EXISTS (SELECT 1 FROM findings f WHERE f.id = n.subject_id AND f.status = 'open')
    WHEN n.subject_type = 'legal_deadline' THEN
      EXISTS (SELECT 1 FROM legal_deadlines d WHERE d.id = n.subject_id AND d.due_date = n.due_date)
    WHEN n.subject_type IN ('assessment_review', 'plan_review', 'report_review') AND n.kind = '${REVIEW_WAITING}' THEN
      EXISTS (SELECT 1 FROM maturity_assessments a WHERE n.subject_type = 'assessment_review' AND a.id = n.subject_id AND a.status::text = 'submitted'
              UNION ALL
              SELECT 1 FROM simplification_plans sp WHERE n.subject_type = 'plan_review' AND sp.id = n.subject_id AND sp.status::text = 'submitted'
              UNION ALL
              SELECT 1 FROM progress_reports pr WHERE n.subject_type = 'report_review' AND pr.id = n.subject_id AND pr.status::text = 'submitted')
    WHEN n.subject_type = 'citizen_report' AND n.kind <> 'citizen_report_received' THEN
      EXISTS (SELECT 1 FROM citizen_reports c WHERE c.id = n.subject_id AND c.status = 'received' AND c.answer_due_on = n.due_date)
    WHEN n.subject_type = 'stale_inventory' THEN
      EXISTS (SELECT 1 FROM procedures p WHERE p.institution_id = n.institution_id
                 AND ${staleProcedureCondition('p', `(n.payload->>'reviewedBefore')::date`)})
    ELSE true
  END`;

/** The advisory-lock key of an outbox row's claim (64-bit hash: two rows never share one in practice). */
const outboxClaimKey = (idSql: string) => `hashtextextended('notification:' || ${idSql}, 0)`;

const SELECT_OUTBOX = `
  SELECT n.id, n.institution_id, n.kind, n.subject_type, n.subject_id, n.due_date::text AS due_date, n.stage, n.recipient_id, n.reason,
         n.escalation, n.mandatory, n.days_until_due, n.payload, n.status, n.attempts, r.template,
         u.name AS recipient_name, NULLIF(btrim(u.email), '') AS recipient_email, u.status::text AS recipient_status, p.opted_out,
         i.article AS institution_article, ${INSTITUTION_CONTACTS} AS institution_contacts, ${SUBJECT_CURRENT} AS subject_current
    FROM notifications n
    JOIN reminder_rules r ON r.id = n.rule_id
    JOIN users u ON u.id = n.recipient_id
    LEFT JOIN institutions i ON i.id = n.institution_id
    LEFT JOIN notification_preferences p ON p.user_id = n.recipient_id`;

/**
 * Claims the still-pending immediate rows among `ids` for this transaction, skipping those another delivery holds:
 * a transaction-scoped advisory lock per row (not a row lock, so the rows can be marked sent from other connections,
 * each commit on its own, while the claim stays held). The rows are read in a second statement, whose snapshot is
 * taken after the locks: a row that another delivery marked sent before releasing its claim is seen as sent.
 */
export async function claimOutboxRows(em: EntityManager, ids: readonly string[]): Promise<OutboxDeliveryRow[]> {
  const claimed = (await em.query(
    `SELECT id FROM unnest($1::uuid[]) AS c(id) WHERE pg_try_advisory_xact_lock(${outboxClaimKey('c.id::text')})`,
    [ids],
  )) as Array<{ id: string }>;
  if (!claimed.length) return [];
  return em.query(`${SELECT_OUTBOX} WHERE n.id = ANY ($1::uuid[]) AND n.status = 'pending' ORDER BY n.created_at, n.id`, [
    claimed.map((c) => c.id),
  ]) as Promise<OutboxDeliveryRow[]>;
}

/** A recipient's pending digest items up to a day, oldest due first, locked (rows another job holds are skipped). */
export function lockDigestRows(em: EntityManager, recipientId: string, day: string): Promise<OutboxDeliveryRow[]> {
  return em.query(
    `${SELECT_OUTBOX} WHERE n.recipient_id = $1 AND n.status = 'pending' AND n.delivery = 'digest' AND n.evaluated_on <= $2::date
      ORDER BY n.due_date, n.created_at FOR UPDATE OF n SKIP LOCKED`,
    [recipientId, day],
  ) as Promise<OutboxDeliveryRow[]>;
}

/** Rows that will not be sent: skipped (cannot be) or cancelled (no longer called for), with the reason. */
export async function closeOutboxRows(
  em: EntityManager,
  ids: readonly string[],
  status: 'skipped' | 'cancelled',
  reason: string,
): Promise<void> {
  await em.query(`UPDATE notifications SET status = $2, skip_reason = $3 WHERE id = ANY ($1::uuid[])`, [ids, status, reason]);
}

/** Rows accepted by the SMTP server, to the address they went to. */
export async function markOutboxSent(em: EntityManager, ids: readonly string[], email: string): Promise<void> {
  await em.query(
    `UPDATE notifications SET attempts = attempts + 1, status = 'sent', sent_at = now(), recipient_email = $2, last_error = NULL WHERE id = ANY ($1::uuid[])`,
    [ids, email],
  );
}

/**
 * Rows accepted by the SMTP server, each to the address it went to: one statement for many deliveries, its values as
 * one JSON literal (Database.writeInOneTrip takes no parameters).
 */
export const markOutboxSentEachSql = (sent: ReadonlyArray<{ id: string; email: string }>): string =>
  `UPDATE notifications n SET attempts = n.attempts + 1, status = 'sent', sent_at = now(), recipient_email = s.email, last_error = NULL
     FROM jsonb_to_recordset(${sqlLiteral(JSON.stringify(sent))}::jsonb) AS s(id uuid, email text) WHERE n.id = s.id`;

/** A failed attempt on these rows; `final`: no more attempts (failed). */
export async function markOutboxFailure(em: EntityManager, ids: readonly string[], error: string, final: boolean): Promise<void> {
  await em.query(
    `UPDATE notifications SET attempts = attempts + 1, last_error = $2, status = CASE WHEN $3 THEN 'failed' ELSE status END WHERE id = ANY ($1::uuid[])`,
    [ids, error, final],
  );
}
