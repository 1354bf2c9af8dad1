import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantRuntime } from './support/rls';

/**
 * Partner webhooks of the public API: subscriptions (per partner key) and the delivery log. Not tenant-owned (a
 * partner is no institution): no row-level security; reached only through the global scope by the public-api module.
 */

export class CreatePublicWebhooks1795472699624 implements MigrationInterface {
  name = 'CreatePublicWebhooks1795472699624';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partner_key_id" uuid NOT NULL, "url" character varying(500) NOT NULL, "secret" character varying(100) NOT NULL, "event_types" text array NOT NULL, "active" boolean NOT NULL DEFAULT true, "feed_cursor" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_subscriptions_key" ON "webhook_subscriptions" ("partner_key_id") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" BIGSERIAL NOT NULL, "subscription_id" uuid NOT NULL, "event_type" character varying(40) NOT NULL, "event_cursor" character varying(200) NOT NULL, "payload" jsonb NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_status_code" integer, "last_error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_535dd409947fb6d8fc6dfc0112a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_webhook_deliveries_event" ON "webhook_deliveries" ("subscription_id", "event_cursor") `,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "FK_e61137e69c20930114d6c0e47b5" FOREIGN KEY ("partner_key_id") REFERENCES "partner_api_keys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await grantRuntime(queryRunner, 'webhook_subscriptions', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'webhook_deliveries', 'SELECT, INSERT, UPDATE');
    await queryRunner.query(`GRANT USAGE ON SEQUENCE webhook_deliveries_id_seq TO simplifica_runtime`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "FK_23eb2b6ae801c52cfb79a556b8a"`);
    await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "FK_e61137e69c20930114d6c0e47b5"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_webhook_deliveries_event"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_subscriptions_key"`);
    await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
  }
}
