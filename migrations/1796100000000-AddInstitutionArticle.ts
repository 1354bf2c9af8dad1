import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15: the article an institution's name takes in a sentence ("del Ministerio de Economía", "de la Municipalidad
 * de Guatemala"); null when it takes none. Schema only (FillInstitutionArticle fills existing rows).
 */
export class AddInstitutionArticle1796100000000 implements MigrationInterface {
  name = 'AddInstitutionArticle1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "institutions" ADD "article" character varying(3)`);
    await queryRunner.query(
      `ALTER TABLE "institutions" ADD CONSTRAINT "CHK_institutions_article" CHECK (article IS NULL OR article IN ('el', 'la', 'los', 'las'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "institutions" DROP CONSTRAINT "CHK_institutions_article"`);
    await queryRunner.query(`ALTER TABLE "institutions" DROP COLUMN "article"`);
  }
}
