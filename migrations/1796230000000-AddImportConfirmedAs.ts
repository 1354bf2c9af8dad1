import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reviewed file (dry run) remembers the real import its confirmation queued, so confirming it again answers with that
 * import instead of queueing a second one.
 */
export class AddImportConfirmedAs1796230000000 implements MigrationInterface {
  name = 'AddImportConfirmedAs1796230000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inventory_imports" ADD "confirmed_as_id" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inventory_imports" DROP COLUMN "confirmed_as_id"`);
  }
}
