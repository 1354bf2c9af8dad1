import { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossTenants, enableTenantRls, disableTenantRls, grantRuntime } from './support/rls';

/**
 * Issue 16: every public change is an event in `public_events`, written in the same transaction as the change (the unit
 * of work flushes them before commit). The feed used to be a view over some procedure_changes rows; those rows are copied
 * here with their own id and transaction id, so the cursors already handed out (and webhook feed cursors) keep their place.
 * Partners may now delete a webhook subscription. Inserts: the institution's own rows, or any in the administrative scope (institutions are created there).
 */
export class AddPublicEvents1796030000000 implements MigrationInterface {
  name = 'AddPublicEvents1796030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "public_events" ("id" BIGSERIAL NOT NULL, "txid" bigint NOT NULL DEFAULT app_current_txid(), "type" character varying(40) NOT NULL, "institution_id" uuid NOT NULL, "procedure_id" uuid, "subject" character varying(20) NOT NULL, "subject_id" uuid NOT NULL, "changes" jsonb NOT NULL DEFAULT '[]', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_public_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_public_events_subject" ON "public_events" ("subject_id", "type") `);
    await queryRunner.query(`CREATE INDEX "IDX_public_events_feed" ON "public_events" ("txid", "id")`);
    await grantRuntime(queryRunner, 'public_events', 'SELECT, INSERT');
    await queryRunner.query(`GRANT USAGE ON SEQUENCE public_events_id_seq TO simplifica_runtime`);
    // Partners may delete their webhook subscriptions (their delivery log goes with them).
    await queryRunner.query(`GRANT DELETE ON TABLE "webhook_subscriptions", "webhook_deliveries" TO simplifica_runtime`);
    await acrossTenants(queryRunner, ['procedure_changes'], async () => {
      await queryRunner.query(
        `INSERT INTO public_events (id, txid, type, institution_id, procedure_id, subject, subject_id, changes, occurred_at)
                 SELECT c.id, c.txid, t.type, c.institution_id, c.procedure_id, c.subject, c.subject_id,
                        CASE WHEN c.field IS NULL THEN '[]'::jsonb
                             WHEN c.field = 'score' THEN jsonb_build_array(jsonb_build_object('field', c.field,
                                  'oldValue', to_jsonb(to_char((c.old_value #>> '{}')::numeric, 'FM999990.00')), 'newValue', to_jsonb(to_char((c.new_value #>> '{}')::numeric, 'FM999990.00'))))
                             ELSE jsonb_build_array(jsonb_build_object('field', c.field, 'oldValue', c.old_value, 'newValue', c.new_value)) END,
                        c.changed_at
                   FROM procedure_changes c
                   CROSS JOIN LATERAL (SELECT CASE
                     WHEN c.subject = 'procedure' AND c.action = 'create' AND c.field IS NULL THEN 'procedure_created'
                     WHEN c.subject = 'procedure' AND c.action = 'eliminate' AND c.field = 'status' THEN 'procedure_eliminated'
                     WHEN c.subject = 'requirement' AND c.action = 'eliminate' AND c.field = 'status' THEN 'requirement_eliminated'
                     WHEN c.action = 'level_validated' AND c.field = 'currentLevel' THEN 'level_validated'
                     WHEN c.action = 'score_changed' AND c.field = 'score' THEN 'score_changed' END AS type) t
                  WHERE c.is_public AND t.type IS NOT NULL
                  ORDER BY c.txid, c.id`,
      );
      // New events number after every change-log row, so they sort after any cursor handed out by the old feed.
      await queryRunner.query(
        `SELECT setval('public_events_id_seq', greatest((SELECT coalesce(max(id), 0) FROM procedure_changes), (SELECT coalesce(max(id), 0) FROM public_events), 1))`,
      );
    });
    await enableTenantRls(queryRunner, 'public_events', {
      select: `institution_id = app_institution_id() OR app_scope() IN ('read_all', 'admin')`,
      insert: `institution_id = app_institution_id() OR app_scope() = 'admin'`,
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'public_events');
    await queryRunner.query(`REVOKE DELETE ON TABLE "webhook_subscriptions", "webhook_deliveries" FROM simplifica_runtime`);
    await queryRunner.query(`DROP INDEX "public"."IDX_public_events_feed"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_public_events_subject"`);
    await queryRunner.query(`DROP TABLE "public_events"`);
  }
}
