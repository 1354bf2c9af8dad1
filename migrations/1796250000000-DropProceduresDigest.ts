import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (recompute speed, goal 2): institution snapshots no longer record a digest of their procedures' rows. The digest
 * of inputs already skips a run whose inputs did not move, and hashing every built row cost more on the first run of a
 * day than the comparison it spared (the upsert keeps a row whose figures are the same anyway).
 */
export class DropProceduresDigest1796250000000 implements MigrationInterface {
  name = 'DropProceduresDigest1796250000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "procedures_digest"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "procedures_digest" text`);
  }
}
