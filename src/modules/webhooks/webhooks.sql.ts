/** Raw SQL of webhook subscriptions and deliveries. UPDATE returns [rows, count] through TypeORM. */

/** Pending deliveries of a subscription ($1) that will no longer send: cancelled. */
export const CANCEL_PENDING_DELIVERIES_SQL = `
UPDATE webhook_deliveries SET status = 'cancelled', last_error = 'Cancelada: la suscripción se desactivó o se eliminó'
 WHERE subscription_id = $1 AND status = 'pending'`;

/** The id of a delivery inserted. */
export interface DeliveryIdRow {
  id: string;
}
/**
 * One delivery per event of a feed page ($1 subscription, $2 rows: type, cursor, payload); the unique (subscription,
 * event) key makes a re-run insert nothing twice: DeliveryIdRow of those inserted.
 */
export const INSERT_DELIVERIES_SQL = `
INSERT INTO webhook_deliveries (subscription_id, event_type, event_cursor, payload)
SELECT $1, e.type, e.cursor, e.payload FROM jsonb_to_recordset($2::jsonb) AS e(type text, cursor text, payload jsonb)
ON CONFLICT (subscription_id, event_cursor) DO NOTHING RETURNING id`;

/** Where the subscription ($1) has read the feed up to ($2 cursor). */
export const ADVANCE_FEED_CURSOR_SQL = `UPDATE webhook_subscriptions SET feed_cursor = $2 WHERE id = $1`;

/** The outcome of one attempt: $1 delivery, $2 HTTP status or null, $3 error or null, $4 new status. */
export const RECORD_ATTEMPT_SQL = `
UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $2::int, last_error = $3::varchar, status = $4::varchar,
       delivered_at = CASE WHEN $4::varchar = 'delivered' THEN now() ELSE delivered_at END
 WHERE id = $1`;

/** The secret under the current key ($1 subscription, $2 new ciphertext), unless it changed meanwhile ($3 the old one). */
export const REENCRYPT_SECRET_SQL = `UPDATE webhook_subscriptions SET secret_encrypted = $2 WHERE id = $1 AND secret_encrypted = $3`;
