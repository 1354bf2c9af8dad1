import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One index by subject on score_snapshots instead of two (issue 17: every snapshot a run writes updated four indexes).
 * The unique key (scope, subject, day) served only as the upsert's arbiter: under row-level security the comparison on
 * `scope` (an enum, not leakproof) cannot be an index condition, so lookups by subject read a second index (subject, day).
 * The unique key now leads with the subject, (subject, day, scope): it is still the arbiter of `ON CONFLICT (scope,
 * subject_id, snapshot_date)` (the same columns) and serves those lookups, and the second index goes.
 */
export class ScoreSnapshotsOneSubjectIndex1796280000000 implements MigrationInterface {
  name = 'ScoreSnapshotsOneSubjectIndex1796280000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_score_snapshots_subject_day"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_score_snapshots_subject_day"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_score_snapshots_subject_day" ON "score_snapshots" ("subject_id", "snapshot_date", "scope") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."UQ_score_snapshots_subject_day"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_score_snapshots_subject_day" ON "score_snapshots" ("scope", "subject_id", "snapshot_date") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_score_snapshots_subject_day" ON "score_snapshots" ("subject_id", "snapshot_date") `);
  }
}
