import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 14 (workspace): a milestone's completion may cite an evidence file (the store of 1796070000000), besides its text or link. */

export class MilestoneEvidenceFile1796080000000 implements MigrationInterface {
  name = 'MilestoneEvidenceFile1796080000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "milestones" ADD "evidence_file_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_milestones_evidence_file" ON "milestones" ("evidence_file_id") `);
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "FK_6b49aeacba8635e24dbde888388" FOREIGN KEY ("evidence_file_id") REFERENCES "evidence_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "FK_6b49aeacba8635e24dbde888388"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_milestones_evidence_file"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP COLUMN "evidence_file_id"`);
  }
}
