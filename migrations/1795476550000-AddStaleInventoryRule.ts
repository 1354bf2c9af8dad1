import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Domain reference §7, "procedure not reviewed for 180 days → in the monthly digest": the default rule of the new
 * `stale_inventory` kind (offsets = days without review; optional, so people may opt out). Data only.
 */
export class AddStaleInventoryRule1795476550000 implements MigrationInterface {
  name = 'AddStaleInventoryRule1795476550000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO reminder_rules (code, kind, name, offsets, recipients, template, mandatory)
             VALUES ('stale-inventory-monthly', 'stale_inventory', 'Trámites sin revisión reciente (mensual)', '{180}', '{liaison}', 'reminder-stale-inventory', false)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The outbox rows of the rule go with it (no foreign key from notifications to rules: remove them explicitly).
    // notifications forces row-level security even for its owner: act in the administrators' scope, for this transaction only.
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    await queryRunner.query(
      `DELETE FROM notifications WHERE rule_id IN (SELECT id FROM reminder_rules WHERE code = 'stale-inventory-monthly')`,
    );
    await queryRunner.query(`DELETE FROM reminder_rules WHERE code = 'stale-inventory-monthly'`);
  }
}
