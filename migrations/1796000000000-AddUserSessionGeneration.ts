import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every access token carries the user's session generation; bumping it (role or status change, password reset, logout,
 * refresh-token reuse) ends every token issued before, on every replica at once (issue #10, finding 5).
 */
export class AddUserSessionGeneration1796000000000 implements MigrationInterface {
  name = 'AddUserSessionGeneration1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "session_generation" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "session_generation"`);
  }
}
