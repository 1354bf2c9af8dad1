import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 12: an import (dry or real) keeps the preview of what it creates, changes (field by field) and eliminates. */
export class AddImportPreview1796001300000 implements MigrationInterface {
  name = 'AddImportPreview1796001300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inventory_imports" ADD "preview" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inventory_imports" DROP COLUMN "preview"`);
  }
}
