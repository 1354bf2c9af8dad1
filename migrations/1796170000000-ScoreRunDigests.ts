import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (recompute speed): an institution snapshot records digests of what its run wrote — of its procedures' snapshot
 * rows that day, and of the findings detected together with a stamp of the findings table — so a recompute whose results
 * did not move sends and compares nothing row by row. Older snapshots have none (the run then compares rows as before).
 */
export class ScoreRunDigests1796170000000 implements MigrationInterface {
  name = 'ScoreRunDigests1796170000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "procedures_digest" text`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "findings_digest" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "findings_digest"`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "procedures_digest"`);
  }
}
