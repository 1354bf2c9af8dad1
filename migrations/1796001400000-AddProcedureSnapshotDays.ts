import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12: procedure snapshots keep the day's actual and legal resolution days as columns, so national medians (of any
 * day, for the stored series and filtered figures) read two integers per procedure instead of its components JSON.
 */
export class AddProcedureSnapshotDays1796001400000 implements MigrationInterface {
  name = 'AddProcedureSnapshotDays1796001400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "actual_days" integer`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" ADD "legal_days" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "legal_days"`);
    await queryRunner.query(`ALTER TABLE "score_snapshots" DROP COLUMN "actual_days"`);
  }
}
