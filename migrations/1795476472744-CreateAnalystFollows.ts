import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime } from './support/rls';

/**
 * Analysts following institutions (reminder escalations and score drops go to the followers). Tenant-owned by the
 * institution: its own scope and the Commission (read_all/admin) read the rows, the analyst reads their own; only the
 * analyst themselves or the administrators' scope write (an institution's scope cannot assign or remove analysts).
 */

export class CreateAnalystFollows1795476472744 implements MigrationInterface {
  name = 'CreateAnalystFollows1795476472744';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analyst_follows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "institution_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "PK_3c1b8733a6b07130d88ad7e28e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_analyst_follows_institution" ON "analyst_follows" ("institution_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_analyst_follows_user_institution" ON "analyst_follows" ("user_id", "institution_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "analyst_follows" ADD CONSTRAINT "FK_85bdb9b58eddb87201b574fb6f7" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "analyst_follows" ADD CONSTRAINT "FK_7cbb7451795ff4fc97bc7559ac5" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "analyst_follows" ADD CONSTRAINT "FK_9cd369b4c10a1dbd1b504181de6" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await grantRuntime(queryRunner, 'analyst_follows', 'SELECT, INSERT, DELETE');
    await enableTenantRls(queryRunner, 'analyst_follows', {
      select: `institution_id = app_institution_id() OR user_id = app_user_id() OR app_scope() IN ('read_all', 'admin')`,
      write: `user_id = app_user_id() OR app_scope() = 'admin'`,
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'analyst_follows');
    await queryRunner.query(`ALTER TABLE "analyst_follows" DROP CONSTRAINT "FK_9cd369b4c10a1dbd1b504181de6"`);
    await queryRunner.query(`ALTER TABLE "analyst_follows" DROP CONSTRAINT "FK_7cbb7451795ff4fc97bc7559ac5"`);
    await queryRunner.query(`ALTER TABLE "analyst_follows" DROP CONSTRAINT "FK_85bdb9b58eddb87201b574fb6f7"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_analyst_follows_user_institution"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_analyst_follows_institution"`);
    await queryRunner.query(`DROP TABLE "analyst_follows"`);
  }
}
