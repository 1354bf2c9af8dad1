import { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossTenants, disableTenantRls, enableTenantRls, grantRuntime, TENANT_POLICIES } from './support/rls';

/**
 * Issue 12 (figures people can trust), schema:
 * - unknown is not zero: a procedure's fee and in-person visits (and their baseline copies) may be NULL = unknown. Rows
 *   already stored as 0 from an empty cell cannot be told apart from a real 0 (free, no visit) and are kept as they are;
 * - an institution snapshot without procedures has no score (NULL, "sin inventario");
 * - legal deadlines say what meeting them takes (an approved plan, a validated level for every procedure);
 * - findings the data raises by itself, tenant-owned with row-level security (the institution's scoring run writes
 *   them; an analyst dismisses one inside that institution's scope).
 */

export class KnownOrUnknownFiguresAndFindings1796001000000 implements MigrationInterface {
  name = 'KnownOrUnknownFiguresAndFindings1796001000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."finding_kind" AS ENUM('prohibited_practice', 'no_legal_basis', 'level_inconsistent', 'legal_deadline_missed', 'no_active_liaison')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."finding_subject" AS ENUM('requirement', 'procedure', 'institution', 'legal_deadline')`);
    await queryRunner.query(`CREATE TYPE "public"."finding_source" AS ENUM('declared', 'issuer', 'text', 'record')`);
    await queryRunner.query(`CREATE TYPE "public"."finding_status" AS ENUM('open', 'resolved', 'dismissed')`);
    await queryRunner.query(
      `CREATE TABLE "findings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "kind" "public"."finding_kind" NOT NULL, "code" character varying(60) NOT NULL, "subject_type" "public"."finding_subject" NOT NULL, "subject_id" uuid NOT NULL, "procedure_id" uuid, "source" "public"."finding_source" NOT NULL, "article" character varying(200), "message" text NOT NULL, "since" date NOT NULL, "counts_in_score" boolean NOT NULL, "status" "public"."finding_status" NOT NULL DEFAULT 'open', "first_detected_on" date NOT NULL, "last_detected_on" date NOT NULL, "resolved_on" date, "dismissed_by" uuid, "dismissed_at" TIMESTAMP WITH TIME ZONE, "dismissal_reason" text, CONSTRAINT "PK_ae9807d6293c23c13ff8804d09c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b7c8d4544d8fba4ae7b4afcb24" ON "findings" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_findings_procedure" ON "findings" ("procedure_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_findings_institution_status" ON "findings" ("institution_id", "status", "kind") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_findings_identity" ON "findings" ("institution_id", "subject_id", "kind", "code") `);
    await queryRunner.query(`ALTER TABLE "legal_deadlines" ADD "requires_approved_plan" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "legal_deadlines" ADD "required_level" smallint`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" ALTER COLUMN "score" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "fee_gtq" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "fee_gtq" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "in_person_visits" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "in_person_visits" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "baseline_visits" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "baseline_fee_gtq" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "findings" ADD CONSTRAINT "FK_b7c8d4544d8fba4ae7b4afcb248" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await grantRuntime(queryRunner, 'findings', 'SELECT, INSERT, UPDATE');
    await enableTenantRls(queryRunner, 'findings', TENANT_POLICIES);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'findings');
    await queryRunner.query(`ALTER TABLE "findings" DROP CONSTRAINT "FK_b7c8d4544d8fba4ae7b4afcb248"`);
    // The older schema has no "unknown": unknown figures go back to 0 (what it stored for an empty cell), a missing score to 0.
    await acrossTenants(queryRunner, ['procedures', 'score_snapshots'], async () => {
      await queryRunner.query(`UPDATE "procedures" SET "fee_gtq" = coalesce("fee_gtq", 0), "in_person_visits" = coalesce("in_person_visits", 0),
                "baseline_visits" = coalesce("baseline_visits", 0), "baseline_fee_gtq" = coalesce("baseline_fee_gtq", 0)
              WHERE "fee_gtq" IS NULL OR "in_person_visits" IS NULL OR "baseline_visits" IS NULL OR "baseline_fee_gtq" IS NULL`);
      await queryRunner.query(`UPDATE "score_snapshots" SET "score" = 0 WHERE "score" IS NULL`);
    });
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "baseline_fee_gtq" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "baseline_visits" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "in_person_visits" SET DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "in_person_visits" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "fee_gtq" SET DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "procedures" ALTER COLUMN "fee_gtq" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" ALTER COLUMN "score" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "legal_deadlines" DROP COLUMN "required_level"`);
    await queryRunner.query(`ALTER TABLE "legal_deadlines" DROP COLUMN "requires_approved_plan"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_findings_identity"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_findings_institution_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_findings_procedure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b7c8d4544d8fba4ae7b4afcb24"`);
    await queryRunner.query(`DROP TABLE "findings"`);
    await queryRunner.query(`DROP TYPE "public"."finding_status"`);
    await queryRunner.query(`DROP TYPE "public"."finding_source"`);
    await queryRunner.query(`DROP TYPE "public"."finding_subject"`);
    await queryRunner.query(`DROP TYPE "public"."finding_kind"`);
  }
}
