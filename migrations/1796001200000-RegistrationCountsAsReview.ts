import { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossTenants } from './support/rls';

/**
 * Issue 12, data: registering a procedure counts as reviewing it (so does an edit, or an import that confirms it).
 * Procedures never reviewed get their registration day (Guatemala) as last review; nothing else changes. Down leaves
 * the dates (they are true under either rule).
 */
export class RegistrationCountsAsReview1796001200000 implements MigrationInterface {
  name = 'RegistrationCountsAsReview1796001200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await acrossTenants(queryRunner, ['procedures'], async () => {
      await queryRunner.query(
        `UPDATE procedures SET last_reviewed_at = (created_at AT TIME ZONE 'America/Guatemala')::date WHERE last_reviewed_at IS NULL`,
      );
    });
  }

  public async down(): Promise<void> {
    // Nothing to undo: a registration day is a true review date.
  }
}
