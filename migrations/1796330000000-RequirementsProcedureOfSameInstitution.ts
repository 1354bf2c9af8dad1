import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: one foreign key per requirement instead of two, and a stronger one. A requirement referenced its procedure
 * and, apart, its institution: two referential checks for every row written (an import of 100,000 requirements: about
 * 22 µs a row for both, 2.2 s), and nothing in the schema tied the two together. It now references its procedure
 * within its institution, `(procedure_id, institution_id)` → `procedures (id, institution_id)`: one check a row, and a
 * requirement can no longer name another institution than its procedure's (row-level security kept writers inside one
 * institution; now the schema says so too). The institution itself is still guaranteed: the procedure references it.
 */
const PROCEDURE_KEY = 'UQ_procedures_id_institution';
const COMPOSITE_FK = 'FK_requirements_procedure_of_institution';

export class RequirementsProcedureOfSameInstitution1796330000000 implements MigrationInterface {
  name = 'RequirementsProcedureOfSameInstitution1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "procedures" ADD CONSTRAINT "${PROCEDURE_KEY}" UNIQUE ("id", "institution_id")`);
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "${COMPOSITE_FK}" FOREIGN KEY ("procedure_id", "institution_id")
         REFERENCES "procedures"("id", "institution_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "FK_1a3393e14145c66224063b45acc"`);
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "FK_0982d9ef8fca513547d09f02026"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "FK_0982d9ef8fca513547d09f02026" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "FK_1a3393e14145c66224063b45acc" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "${COMPOSITE_FK}"`);
    await queryRunner.query(`ALTER TABLE "procedures" DROP CONSTRAINT "${PROCEDURE_KEY}"`);
  }
}
