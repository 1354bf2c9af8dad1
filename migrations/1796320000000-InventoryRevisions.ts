import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  acrossTenants,
  disableTenantRls,
  enableTenantRls,
  grantRuntime,
  readSettingsOncePerStatement,
  TENANT_POLICIES,
} from './support/rls';

/**
 * Issue 17: what a scoring run's stamp of inputs reads of an institution's inventory (procedures and requirements)
 * without reading it. `inventory_revisions` holds one number per institution, moved by every statement that inserts,
 * updates or deletes its procedures or requirements, whoever writes (statement-level triggers with transition tables,
 * as `findings_revisions` since migration 1796300000000). The stamp summed the `xmin` of every row instead: about
 * 2,200 rows, 60 pages, per institution of the bench, read by every run, the runs that then compute nothing included.
 * Every statement writing an institution's inventory locks its revision row first (the order findings_revisions keeps:
 * no deadlock between two writers of the inventory). A later migration that writes procedures or requirements across
 * institutions (`acrossTenants`) lists `inventory_revisions` with them: the triggers write it, under forced row-level
 * security too.
 */
const TABLE = 'inventory_revisions';
const TABLES = ['procedures', 'requirements'] as const;
const EVENTS = [
  ['insert', 'INSERT', 'NEW'],
  ['update', 'UPDATE', 'NEW'],
  ['delete', 'DELETE', 'OLD'],
] as const;

export class InventoryRevisions1796320000000 implements MigrationInterface {
  name = 'InventoryRevisions1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "${TABLE}" ("institution_id" uuid NOT NULL, "revision" bigint NOT NULL, CONSTRAINT "PK_${TABLE}" PRIMARY KEY ("institution_id"),
         CONSTRAINT "FK_${TABLE}_institution" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE CASCADE)`,
    );
    // A row for every institution with an inventory (the lock below needs one; later ones get theirs at their first write).
    await acrossTenants(queryRunner, ['procedures'], () =>
      queryRunner.query(`INSERT INTO "${TABLE}" (institution_id, revision) SELECT DISTINCT institution_id, 1 FROM procedures`),
    );
    await grantRuntime(queryRunner, TABLE, 'SELECT, INSERT, UPDATE');
    await enableTenantRls(queryRunner, TABLE, {
      select: readSettingsOncePerStatement(TENANT_POLICIES.select),
      write: readSettingsOncePerStatement(TENANT_POLICIES.write!),
    });
    // Runs with the writer's rights and settings: the inventory is written in its institution's scope only, so the bump
    // passes the same policy.
    await queryRunner.query(`CREATE FUNCTION bump_inventory_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${TABLE} AS r (institution_id, revision)
        SELECT DISTINCT institution_id, 1 FROM changed_inventory
        ON CONFLICT (institution_id) DO UPDATE SET revision = r.revision + 1;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION lock_inventory_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM ${TABLE} WHERE institution_id = app_institution_id() FOR UPDATE;
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      for (const [name, event, row] of EVENTS) {
        await queryRunner.query(
          `CREATE TRIGGER "inventory_revision_lock_${name}" BEFORE ${event} ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION lock_inventory_revision()`,
        );
        await queryRunner.query(
          `CREATE TRIGGER "inventory_revision_${name}" AFTER ${event} ON "${table}" REFERENCING ${row} TABLE AS changed_inventory
             FOR EACH STATEMENT EXECUTE FUNCTION bump_inventory_revision()`,
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      for (const [name] of EVENTS) {
        await queryRunner.query(`DROP TRIGGER "inventory_revision_${name}" ON "${table}"`);
        await queryRunner.query(`DROP TRIGGER "inventory_revision_lock_${name}" ON "${table}"`);
      }
    }
    await queryRunner.query(`DROP FUNCTION bump_inventory_revision()`);
    await queryRunner.query(`DROP FUNCTION lock_inventory_revision()`);
    await disableTenantRls(queryRunner, TABLE);
    await queryRunner.query(`DROP TABLE "${TABLE}"`);
  }
}
