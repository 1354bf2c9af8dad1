import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime, readSettingsOncePerStatement, TENANT_POLICIES } from './support/rls';

/**
 * Issue 17: the requirement figures a score run counted (`RequirementFigures`, requirement-figures.ts), one row per
 * institution with the stamp of the inputs they were counted from, so that a worker just started (or another worker)
 * takes them instead of counting the institution's requirements again. Derived data: a row is replaced by every count,
 * read only with the stamp it was counted with, and can be deleted at any time (the next run counts again).
 */
const TABLE = 'requirement_figures';

export class RequirementFigures1796310000000 implements MigrationInterface {
  name = 'RequirementFigures1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // `json`, not `jsonb`: stored and sent back whole, never queried inside (no conversion either way).
    await queryRunner.query(
      `CREATE TABLE "${TABLE}" ("institution_id" uuid NOT NULL, "inputs_stamp" text NOT NULL, "figures" json NOT NULL,
         "counted_at" timestamptz NOT NULL DEFAULT now(), CONSTRAINT "PK_${TABLE}" PRIMARY KEY ("institution_id"),
         CONSTRAINT "FK_${TABLE}_institution" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE CASCADE)`,
    );
    await grantRuntime(queryRunner, TABLE, 'SELECT, INSERT, UPDATE');
    await enableTenantRls(queryRunner, TABLE, {
      select: readSettingsOncePerStatement(TENANT_POLICIES.select),
      write: readSettingsOncePerStatement(TENANT_POLICIES.write!),
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, TABLE);
    await queryRunner.query(`DROP TABLE "${TABLE}"`);
  }
}
