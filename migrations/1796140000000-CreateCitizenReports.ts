import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime, TENANT_POLICIES } from './support/rls';

/**
 * Issue 18 ("¿Me pueden pedir esto?"): citizens' reports (denuncias) of a requirement asked that is not in the registry
 * or is prohibited — tenant-owned under forced row-level security (an institution's users see only theirs; the public
 * status page reads by tracking code across institutions, read-only); Guatemala's public holidays as data (business
 * days); the Commission's answer deadline as data; and a finding kind for founded reports.
 */
export class CreateCitizenReports1796140000000 implements MigrationInterface {
  name = 'CreateCitizenReports1796140000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."citizen_report_kind" AS ENUM('not_listed', 'prohibited')`);
    await queryRunner.query(`CREATE TYPE "public"."citizen_report_status" AS ENUM('received', 'answered', 'founded', 'unfounded')`);
    await queryRunner.query(
      `CREATE TABLE "citizen_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "tracking_code" character varying(9) NOT NULL, "procedure_id" uuid NOT NULL, "requirement_id" uuid, "kind" "public"."citizen_report_kind" NOT NULL, "what_asked" character varying(500) NOT NULL, "asked_on" date NOT NULL, "channel" character varying(20) NOT NULL, "place" character varying(200), "contact_email_encrypted" text, "contact_deleted_at" TIMESTAMP WITH TIME ZONE, "status" "public"."citizen_report_status" NOT NULL DEFAULT 'received', "received_on" date NOT NULL, "answer_due_on" date NOT NULL, "answer" text, "answered_on" date, "answered_by" uuid, "ruling_reason" text, "ruled_on" date, "ruled_by" uuid, "finding_id" uuid, CONSTRAINT "PK_citizen_reports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_35bb00f46067a2029f0e76a47e" ON "citizen_reports" ("institution_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_citizen_reports_tracking_code" ON "citizen_reports" ("tracking_code") `);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_reports_institution_status" ON "citizen_reports" ("institution_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_reports_procedure" ON "citizen_reports" ("procedure_id") `);
    await queryRunner.query(
      `ALTER TABLE "citizen_reports" ADD CONSTRAINT "FK_35bb00f46067a2029f0e76a47eb" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await grantRuntime(queryRunner, 'citizen_reports', 'SELECT, INSERT, UPDATE');
    await enableTenantRls(queryRunner, 'citizen_reports', TENANT_POLICIES);

    await queryRunner.query(
      `CREATE TABLE "public_holidays" ("day" date NOT NULL, "name" character varying(120) NOT NULL, CONSTRAINT "PK_public_holidays" PRIMARY KEY ("day"))`,
    );
    await grantRuntime(queryRunner, 'public_holidays', 'SELECT');
    await queryRunner.query(
      `CREATE TABLE "citizen_report_settings" ("id" smallint NOT NULL, "answer_business_days" integer NOT NULL DEFAULT '10', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_citizen_report_settings" PRIMARY KEY ("id"))`,
    );
    await grantRuntime(queryRunner, 'citizen_report_settings', 'SELECT, UPDATE');

    await queryRunner.query(`ALTER TYPE "public"."finding_kind" ADD VALUE IF NOT EXISTS 'citizen_report'`);
    await queryRunner.query(`ALTER TYPE "public"."finding_source" ADD VALUE IF NOT EXISTS 'citizen_report'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Findings of the new kind go with it (findings forces row-level security: the administrators' scope, this transaction only).
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    await queryRunner.query(`DELETE FROM findings WHERE kind::text = 'citizen_report' OR source::text = 'citizen_report'`);
    await queryRunner.query(`ALTER TYPE "public"."finding_source" RENAME TO "finding_source_old"`);
    await queryRunner.query(`CREATE TYPE "public"."finding_source" AS ENUM('declared', 'issuer', 'text', 'record')`);
    await queryRunner.query(
      `ALTER TABLE "findings" ALTER COLUMN "source" TYPE "public"."finding_source" USING "source"::text::"public"."finding_source"`,
    );
    await queryRunner.query(`DROP TYPE "public"."finding_source_old"`);
    await queryRunner.query(`ALTER TYPE "public"."finding_kind" RENAME TO "finding_kind_old"`);
    await queryRunner.query(
      `CREATE TYPE "public"."finding_kind" AS ENUM('prohibited_practice', 'no_legal_basis', 'level_inconsistent', 'legal_deadline_missed', 'no_active_liaison')`,
    );
    await queryRunner.query(
      `ALTER TABLE "findings" ALTER COLUMN "kind" TYPE "public"."finding_kind" USING "kind"::text::"public"."finding_kind"`,
    );
    await queryRunner.query(`DROP TYPE "public"."finding_kind_old"`);

    await queryRunner.query(`DROP TABLE "citizen_report_settings"`);
    await queryRunner.query(`DROP TABLE "public_holidays"`);
    await disableTenantRls(queryRunner, 'citizen_reports');
    await queryRunner.query(`ALTER TABLE "citizen_reports" DROP CONSTRAINT "FK_35bb00f46067a2029f0e76a47eb"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_reports_procedure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_reports_institution_status"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_citizen_reports_tracking_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_35bb00f46067a2029f0e76a47e"`);
    await queryRunner.query(`DROP TABLE "citizen_reports"`);
    await queryRunner.query(`DROP TYPE "public"."citizen_report_status"`);
    await queryRunner.query(`DROP TYPE "public"."citizen_report_kind"`);
  }
}
