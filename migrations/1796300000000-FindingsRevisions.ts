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
 * Issue 17: what a scoring run reads of the findings table without reading the findings.
 * - `findings_revisions`: one row per institution whose number moves with every statement that writes its findings
 *   (statement-level triggers with transition tables: one bump per statement, whoever writes — the run's
 *   synchronisation, an analyst's dismissal, a citizen report). A run compares it with the one it stored instead of
 *   counting and summing the institution's findings (about 940 rows, 35 pages, per institution of the bench).
 * - `IDX_findings_dismissed`: the dismissed findings of an institution (few), which the run reads as inputs. Under
 *   row-level security `status = 'dismissed'` cannot be an index condition of the (institution, status) index (enum
 *   equality is not leakproof), so every finding of the institution was read; a partial index is chosen by its
 *   predicate, not by evaluating the condition.
 * A later migration that writes findings across institutions (`acrossTenants`) lists `findings_revisions` with them:
 * the triggers write it, and it is under forced row-level security too.
 */
const TABLE = 'findings_revisions';
const EVENTS = [
  ['insert', 'INSERT', 'NEW'],
  ['update', 'UPDATE', 'NEW'],
  ['delete', 'DELETE', 'OLD'],
] as const;

export class FindingsRevisions1796300000000 implements MigrationInterface {
  name = 'FindingsRevisions1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_findings_dismissed" ON "findings" ("institution_id") WHERE status = 'dismissed'`);
    await queryRunner.query(
      `CREATE TABLE "${TABLE}" ("institution_id" uuid NOT NULL, "revision" bigint NOT NULL, CONSTRAINT "PK_${TABLE}" PRIMARY KEY ("institution_id"),
         CONSTRAINT "FK_${TABLE}_institution" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE CASCADE)`,
    );
    // A row for every institution that has findings (the lock below needs one; later ones get theirs at their first).
    await acrossTenants(queryRunner, ['findings'], () =>
      queryRunner.query(`INSERT INTO "${TABLE}" (institution_id, revision) SELECT DISTINCT institution_id, 1 FROM findings`),
    );
    await grantRuntime(queryRunner, TABLE, 'SELECT, INSERT, UPDATE');
    await enableTenantRls(queryRunner, TABLE, {
      select: readSettingsOncePerStatement(TENANT_POLICIES.select),
      write: readSettingsOncePerStatement(TENANT_POLICIES.write!),
    });
    // Runs with the writer's rights and settings: findings are written in their institution's scope only, so the bump
    // passes the same policy.
    await queryRunner.query(`CREATE FUNCTION bump_findings_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO ${TABLE} AS r (institution_id, revision)
        SELECT DISTINCT institution_id, 1 FROM changed_findings
        ON CONFLICT (institution_id) DO UPDATE SET revision = r.revision + 1;
        RETURN NULL;
      END $$`);
    // Every statement writing findings locks its institution's revision row first, before any finding row: a transaction
    // that bumped it (the run's insert of new findings) and then updates a finding can never wait for one that locked
    // that finding (an analyst's dismissal) and waits for the revision (a deadlock). Rows are written in the
    // institution's scope only, so app_institution_id() is their institution.
    await queryRunner.query(`CREATE FUNCTION lock_findings_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM ${TABLE} WHERE institution_id = app_institution_id() FOR UPDATE;
        RETURN NULL;
      END $$`);
    for (const [name, event] of EVENTS) {
      await queryRunner.query(
        `CREATE TRIGGER "findings_revision_lock_${name}" BEFORE ${event} ON "findings" FOR EACH STATEMENT EXECUTE FUNCTION lock_findings_revision()`,
      );
    }
    for (const [name, event, row] of EVENTS) {
      await queryRunner.query(
        `CREATE TRIGGER "findings_revision_${name}" AFTER ${event} ON "findings" REFERENCING ${row} TABLE AS changed_findings
           FOR EACH STATEMENT EXECUTE FUNCTION bump_findings_revision()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of EVENTS) {
      await queryRunner.query(`DROP TRIGGER "findings_revision_${name}" ON "findings"`);
      await queryRunner.query(`DROP TRIGGER "findings_revision_lock_${name}" ON "findings"`);
    }
    await queryRunner.query(`DROP FUNCTION bump_findings_revision()`);
    await queryRunner.query(`DROP FUNCTION lock_findings_revision()`);
    await disableTenantRls(queryRunner, TABLE);
    await queryRunner.query(`DROP TABLE "${TABLE}"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_findings_dismissed"`);
  }
}
