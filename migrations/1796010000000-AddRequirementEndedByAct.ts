import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (Inventario): a requirement that stops being demanded records the act that ended it (acuerdo, resolución,
 * decreto…), beside the date it already keeps. NULL for earlier eliminations (not recorded then: unknown).
 */
export class AddRequirementEndedByAct1796010000000 implements MigrationInterface {
  name = 'AddRequirementEndedByAct1796010000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "requirements" ADD "ended_by_act" character varying(300)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "requirements" DROP COLUMN "ended_by_act"`);
  }
}
