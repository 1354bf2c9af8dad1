import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, the review loop's notices as reminder rules (data only), so preferences, digests, the outbox's dedupe key
 * and the rules page treat them as any other notice: `review_waiting` to the analysts following the institution when an
 * assessment, plan or report is submitted; `review_outcome` to its liaisons and administrators when the Commission
 * decides. Optional (people may opt out); `offsets` {0}: they are written when the step is taken, not by the daily run.
 */
export class AddReviewNoticeRules1796100200000 implements MigrationInterface {
  name = 'AddReviewNoticeRules1796100200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO reminder_rules (code, kind, name, offsets, recipients, template, mandatory)
       VALUES ('review-waiting', 'review_waiting', 'Envío pendiente de revisión (a la Comisión)', '{0}', '{analyst}', 'review-waiting', false),
              ('review-outcome', 'review_outcome', 'Resultado de la revisión (a la institución)', '{0}', '{liaison,institution_admin}', 'review-outcome', false)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // notifications forces row-level security even for its owner: act in the administrators' scope, for this transaction only.
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    await queryRunner.query(
      `DELETE FROM notifications WHERE rule_id IN (SELECT id FROM reminder_rules WHERE code IN ('review-waiting', 'review-outcome'))`,
    );
    await queryRunner.query(`DELETE FROM reminder_rules WHERE code IN ('review-waiting', 'review-outcome')`);
  }
}
