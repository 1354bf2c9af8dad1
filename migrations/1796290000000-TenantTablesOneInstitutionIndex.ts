import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenant tables whose own index already leads with institution_id lose the single-column institution_id index every
 * tenant entity used to get (TenantOwnedEntity): it duplicated that index and cost a write per inserted row (issue 17:
 * an import of 10,000 procedures and 100,000 requirements maintained it 110,000 times).
 */
const DUPLICATES: ReadonlyArray<[table: string, index: string, leading: string]> = [
  ['citizen_reports', 'IDX_35bb00f46067a2029f0e76a47e', 'IDX_citizen_reports_institution_status'],
  ['findings', 'IDX_b7c8d4544d8fba4ae7b4afcb24', 'UQ_findings_identity'],
  ['inventory_imports', 'IDX_4171acb0e6672f391e5c5a3db4', 'IDX_inventory_imports_institution_created'],
  ['milestones', 'IDX_379525987115f64a2133120429', 'IDX_milestones_institution_due'],
  ['procedures', 'IDX_febe6586b7fcb5c6ad076b9357', 'UQ_procedures_institution_code'],
  ['progress_reports', 'IDX_5773e33329fa39a20863cbaa69', 'UQ_progress_reports_quarter'],
  ['requirements', 'IDX_0982d9ef8fca513547d09f0202', 'IDX_requirements_institution_updated'],
  ['simplification_plans', 'IDX_31fcd2ac3b8b3181f2b9b739ad', 'UQ_simplification_plans_period_revision'],
];

export class TenantTablesOneInstitutionIndex1796290000000 implements MigrationInterface {
  name = 'TenantTablesOneInstitutionIndex1796290000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [, index] of DUPLICATES) await queryRunner.query(`DROP INDEX "public"."${index}"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, index] of DUPLICATES) await queryRunner.query(`CREATE INDEX "${index}" ON "${table}" ("institution_id") `);
  }
}
