import { MigrationInterface, QueryRunner } from 'typeorm';

/** Score lookups by subject (latest, trends) need an index whose condition is leakproof under row-level security. */

export class AddScoreSnapshotSubjectIndex1795474346776 implements MigrationInterface {
  name = 'AddScoreSnapshotSubjectIndex1795474346776';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_score_snapshots_subject_day" ON "score_snapshots" ("subject_id", "snapshot_date") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_score_snapshots_subject_day"`);
  }
}
