import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Milestones get an index on their procedure, the one foreign key to procedures without one: PostgreSQL checks that key
 * on every delete of a procedure by scanning every milestone (issue 17: removing the 10,000 procedures of an import
 * benchmark took 46 s, one scan of 50,000 milestones per procedure), and a procedure's milestones are read by procedure.
 */
export class MilestonesProcedureIndex1796270000000 implements MigrationInterface {
  name = 'MilestonesProcedureIndex1796270000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_milestones_procedure" ON "milestones" ("procedure_id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_milestones_procedure"`);
  }
}
