import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (national recompute): an institution snapshot keeps how many of its procedures had each actual and legal
 * resolution time that day ({"actual": {"12": 3, …}, "legal": {…}}), so the national medians are merged from 500 small
 * maps instead of reading 100,000 procedure rows. Older snapshots have none; the national figures then read the
 * procedure rows as before.
 */
export class AddInstitutionResolutionDays1796040000000 implements MigrationInterface {
  name = 'AddInstitutionResolutionDays1796040000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "resolution_days" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "resolution_days"`);
  }
}
