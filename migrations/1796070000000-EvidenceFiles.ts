import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime, TENANT_POLICIES } from './support/rls';

/**
 * Issue 14 (workspace): evidence files (maturity assessments, milestones…) stored in PostgreSQL, tenant-owned under
 * forced row-level security like every institution's row; the runtime may read and add them, never change or delete.
 */

export class EvidenceFiles1796070000000 implements MigrationInterface {
  name = 'EvidenceFiles1796070000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evidence_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "file_name" character varying(255) NOT NULL, "content_type" character varying(120) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "created_by" uuid NOT NULL, CONSTRAINT "PK_f8d1a9a8e0430b749e2f4694460" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9cf727e81e9a55e3a3d3d2b0d3" ON "evidence_files" ("institution_id") `);
    await queryRunner.query(`ALTER TABLE "maturity_assessments" ADD "evidence_file_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_maturity_assessments_evidence_file" ON "maturity_assessments" ("evidence_file_id") `);
    await queryRunner.query(
      `ALTER TABLE "evidence_files" ADD CONSTRAINT "FK_9cf727e81e9a55e3a3d3d2b0d3c" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "maturity_assessments" ADD CONSTRAINT "FK_63b4300787e02839cd15ed923b0" FOREIGN KEY ("evidence_file_id") REFERENCES "evidence_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await grantRuntime(queryRunner, 'evidence_files', 'SELECT, INSERT');
    await enableTenantRls(queryRunner, 'evidence_files', TENANT_POLICIES);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'evidence_files');
    await queryRunner.query(`ALTER TABLE "maturity_assessments" DROP CONSTRAINT "FK_63b4300787e02839cd15ed923b0"`);
    await queryRunner.query(`ALTER TABLE "evidence_files" DROP CONSTRAINT "FK_9cf727e81e9a55e3a3d3d2b0d3c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_maturity_assessments_evidence_file"`);
    await queryRunner.query(`ALTER TABLE "maturity_assessments" DROP COLUMN "evidence_file_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9cf727e81e9a55e3a3d3d2b0d3"`);
    await queryRunner.query(`DROP TABLE "evidence_files"`);
  }
}
