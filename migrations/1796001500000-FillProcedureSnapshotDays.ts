import { MigrationInterface, QueryRunner } from 'typeorm';
import { acrossTenants } from './support/rls';

/** Issue 12, data: the resolution days of procedure snapshots computed before the columns existed, from their stored inputs. */
export class FillProcedureSnapshotDays1796001500000 implements MigrationInterface {
  name = 'FillProcedureSnapshotDays1796001500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await acrossTenants(queryRunner, ['score_snapshots'], async () => {
      await queryRunner.query(`UPDATE score_snapshots SET actual_days = (components->'inputs'->>'actualMedianDays')::int,
                                            legal_days = (components->'inputs'->>'legalMaxDays')::int
                                      WHERE scope = 'procedure' AND components ? 'inputs'`);
    });
  }

  public async down(): Promise<void> {
    // The columns go with the previous migration's down; nothing to undo here.
  }
}
