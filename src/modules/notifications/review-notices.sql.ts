import { EntityManager } from 'typeorm';

/** One review notice to fan out: the outbox key's parts besides the rule and the recipient, and the recipients' roles. */
export interface ReviewNoticeCandidate {
  institution_id: string;
  subject_type: string;
  subject_id: string;
  /** The step's Guatemala calendar date (part of the dedupe key). */
  due_date: string;
  /** `${outcome}-${occurrence}` (part of the dedupe key: a plan submitted again after a return is a new notice). */
  stage: string;
  payload: Record<string, unknown>;
  /** Roles of the rule: liaison / institution_admin (the institution's people), analyst (those following it). */
  audience: string[];
  /** Never notify the person who took the step. */
  actor_id: string | null;
}

/** A notice written to the outbox. */
export interface InsertedNoticeRow {
  id: string;
  delivery: string;
  status: string;
}

/** Who took a step and the institution's current name (what the notice's payload carries). */
export interface ReviewContextRow {
  institution_name: string;
  actor_name: string | null;
}

export async function reviewContext(
  em: EntityManager,
  institutionId: string,
  actorId: string | null,
): Promise<ReviewContextRow | undefined> {
  const [row] = (await em.query(
    `SELECT i.name AS institution_name, (SELECT u.name FROM users u WHERE u.id = $2::uuid) AS actor_name FROM institutions i WHERE i.id = $1`,
    [institutionId, actorId],
  )) as ReviewContextRow[];
  return row;
}

/**
 * Writes the notices of review steps into the outbox, one statement, as the reminder evaluation does: the recipients
 * are the institution's people with the rule's roles and, for the analyst role, the analysts following the institution
 * (every analyst when none does: reason `analyst_unassigned`), minus opt-outs unless the rule is mandatory; the unique
 * key (rule, subject, date, stage, recipient) with ON CONFLICT DO NOTHING makes a replayed event harmless.
 */
export async function insertReviewNotices(
  em: EntityManager,
  rule: { id: string; kind: string; mandatory: boolean },
  today: string,
  candidates: readonly ReviewNoticeCandidate[],
): Promise<InsertedNoticeRow[]> {
  if (!candidates.length) return [];
  return (await em.query(
    `WITH candidates AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS c(institution_id uuid, subject_type text, subject_id uuid, due_date date, stage text, payload jsonb, audience text[], actor_id uuid)),
     recipients AS (
       SELECT c.*, u.id AS recipient_id, NULLIF(btrim(u.email), '') AS email, u.role::text AS reason
         FROM candidates c
         JOIN users u ON u.institution_id = c.institution_id AND u.status <> 'disabled' AND u.role::text = ANY (c.audience)
       UNION ALL
       SELECT c.*, u.id, NULLIF(btrim(u.email), ''), 'analyst'
         FROM candidates c
         JOIN analyst_follows f ON f.institution_id = c.institution_id
         JOIN users u ON u.id = f.user_id AND u.role = 'analyst' AND u.status <> 'disabled'
        WHERE 'analyst' = ANY (c.audience)
       UNION ALL
       SELECT c.*, u.id, NULLIF(btrim(u.email), ''), 'analyst_unassigned'
         FROM candidates c
         JOIN users u ON u.institution_id IS NULL AND u.role = 'analyst' AND u.status <> 'disabled'
        WHERE 'analyst' = ANY (c.audience)
          AND NOT EXISTS (SELECT 1 FROM analyst_follows f JOIN users fu ON fu.id = f.user_id AND fu.role = 'analyst' AND fu.status <> 'disabled'
                           WHERE f.institution_id = c.institution_id))
     INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, recipient_email,
                                reason, escalation, mandatory, delivery, days_until_due, evaluated_on, payload, status, skip_reason)
     SELECT r.institution_id, $2::uuid, $3::text, r.subject_type, r.subject_id, r.due_date, r.stage, r.recipient_id, r.email,
            r.reason, false, $4::boolean, COALESCE(pref.delivery, 'immediate'), 0, $5::date, r.payload,
            CASE WHEN r.email IS NULL OR position('@' IN r.email) = 0 THEN 'skipped' ELSE 'pending' END,
            CASE WHEN r.email IS NULL OR position('@' IN r.email) = 0 THEN 'El destinatario no tiene correo electrónico' END
       FROM recipients r
       LEFT JOIN notification_preferences pref ON pref.user_id = r.recipient_id
      WHERE r.recipient_id IS DISTINCT FROM r.actor_id
        AND ($4::boolean OR pref.user_id IS NULL OR NOT ($3::text = ANY (pref.opted_out) OR '*' = ANY (pref.opted_out)))
     ON CONFLICT DO NOTHING
     RETURNING id, delivery, status`,
    [JSON.stringify(candidates), rule.id, rule.kind, rule.mandatory, today],
  )) as InsertedNoticeRow[];
}
