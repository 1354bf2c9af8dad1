import { MigrationInterface, QueryRunner } from 'typeorm';
import { grantRuntime, RUNTIME_ROLE } from './support/rls';

/** Issue 15 (Configuración): administrators create reminder rules of an existing kind, so the app may insert them (audited). */

export class ReminderRulesInsert1796120000000 implements MigrationInterface {
  name = 'ReminderRulesInsert1796120000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await grantRuntime(queryRunner, 'reminder_rules', 'INSERT');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`REVOKE INSERT ON TABLE "reminder_rules" FROM ${RUNTIME_ROLE}`);
  }
}
