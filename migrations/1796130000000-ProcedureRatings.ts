import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime, TENANT_POLICIES } from './support/rls';

/**
 * Issue 18: citizens' ratings of procedures (no account, no personal data: no address or network key is stored; the
 * comment is stored already redacted). Tenant-owned under forced row-level security; the runtime adds ratings and
 * updates their review, moderation and reply, never deletes.
 */

export class ProcedureRatings1796130000000 implements MigrationInterface {
  name = 'ProcedureRatings1796130000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "procedure_ratings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "procedure_id" uuid NOT NULL, "overall" smallint NOT NULL, "clarity" smallint NOT NULL, "time_taken" smallint NOT NULL, "treatment" smallint NOT NULL, "channel" character varying(20) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'counted', "held_reason" character varying(300), "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "comment" text, "comment_status" character varying(12), "comment_redactions" integer NOT NULL DEFAULT '0', "moderated_by" uuid, "moderated_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "reply" text, "replied_by" uuid, "replied_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_procedure_ratings_marks" CHECK ("overall" BETWEEN 1 AND 5 AND "clarity" BETWEEN 1 AND 5 AND "time_taken" BETWEEN 1 AND 5 AND "treatment" BETWEEN 1 AND 5), CONSTRAINT "PK_8e8f7fe90ae57437b792969b298" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_695d5b7b6128b2c52aa75692e9" ON "procedure_ratings" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_procedure_ratings_comment_status" ON "procedure_ratings" ("comment_status") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_procedure_ratings_procedure_created" ON "procedure_ratings" ("procedure_id", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "procedure_ratings" ADD CONSTRAINT "FK_695d5b7b6128b2c52aa75692e95" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "procedure_ratings" ADD CONSTRAINT "FK_c4223ed3bbe7b182d703fb149ed" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await grantRuntime(queryRunner, 'procedure_ratings', 'SELECT, INSERT, UPDATE');
    await enableTenantRls(queryRunner, 'procedure_ratings', TENANT_POLICIES);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'procedure_ratings');
    await queryRunner.query(`ALTER TABLE "procedure_ratings" DROP CONSTRAINT "FK_c4223ed3bbe7b182d703fb149ed"`);
    await queryRunner.query(`ALTER TABLE "procedure_ratings" DROP CONSTRAINT "FK_695d5b7b6128b2c52aa75692e95"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_procedure_ratings_procedure_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_procedure_ratings_comment_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_695d5b7b6128b2c52aa75692e9"`);
    await queryRunner.query(`DROP TABLE "procedure_ratings"`);
  }
}
