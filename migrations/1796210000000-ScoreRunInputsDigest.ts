import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (recompute speed, goal 2): an institution snapshot records a digest of everything its run read — the very rows
 * of the run's loads (institution, procedures, changes, requirements, plans, milestones, reports, actions, users,
 * deadlines, dismissals, validations, ratings), the active methodology and the day — computed by PostgreSQL, so a recompute
 * whose inputs did not move loads, computes, compares and writes nothing. Older snapshots have none (full run, as before).
 */
export class ScoreRunInputsDigest1796210000000 implements MigrationInterface {
  name = 'ScoreRunInputsDigest1796210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "inputs_digest" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "inputs_digest"`);
  }
}
