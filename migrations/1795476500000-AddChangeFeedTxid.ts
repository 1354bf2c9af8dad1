import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public change feed orders by the writing transaction's id. `xmin` is 32-bit and wraps around (and names a
 * subtransaction's id when written under a savepoint); `txid` keeps the top-level id as a 64-bit, epoch-qualified
 * number (xid8), set by the default in every insert: `app_current_txid()`, a named function so the default reads
 * the same in the entity and in the catalogue (TypeORM strips `::` casts from the defaults it reads back). Existing rows get their `xmin` made 64-bit against the current
 * epoch: at epoch 0 that is `xmin` itself, so cursors already handed out (and webhook feed cursors) stay valid.
 * Deploy with the API and worker stopped (as compose does): the back-fill rewrites every row's `xmin`, which the
 * previous version's feed would read as new changes.
 */
export class AddChangeFeedTxid1795476500000 implements MigrationInterface {
  name = 'AddChangeFeedTxid1795476500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION app_current_txid() RETURNS bigint LANGUAGE sql VOLATILE
            AS $$ SELECT pg_current_xact_id()::text::bigint $$`);
    await queryRunner.query(`ALTER TABLE "procedure_changes" ADD "txid" bigint`);
    // The owner obeys row-level security (FORCE) and no policy lets it update every institution's rows: lift it for the back-fill only.
    await queryRunner.query(`ALTER TABLE "procedure_changes" NO FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(
      `UPDATE "procedure_changes" SET "txid" = cur.full_id - (((cur.full_id % 4294967296) - xmin::text::bigint) % 4294967296 + 4294967296) % 4294967296
               FROM (SELECT pg_current_xact_id()::text::bigint AS full_id) cur`,
    );
    await queryRunner.query(`ALTER TABLE "procedure_changes" FORCE ROW LEVEL SECURITY`);
    await queryRunner.query(`ALTER TABLE "procedure_changes" ALTER COLUMN "txid" SET DEFAULT app_current_txid()`);
    await queryRunner.query(`ALTER TABLE "procedure_changes" ALTER COLUMN "txid" SET NOT NULL`);
    // The feed's keyset order. Declared in the entity with synchronize: false: TypeORM reads index columns back in
    // table order ("id", "txid") and would report drift for an index whose first column is not the table's first.
    await queryRunner.query(`CREATE INDEX "IDX_procedure_changes_public_feed" ON "procedure_changes" ("txid", "id") WHERE is_public`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_procedure_changes_public_feed"`);
    await queryRunner.query(`ALTER TABLE "procedure_changes" DROP COLUMN "txid"`);
    await queryRunner.query(`DROP FUNCTION app_current_txid()`);
  }
}
