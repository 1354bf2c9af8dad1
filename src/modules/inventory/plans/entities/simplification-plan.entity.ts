import { Check, Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import { decimalTransformer } from '../../../../database/decimal.transformer';
import { PLAN_STATUSES, PlanStatus } from '../../rules/inventory.enums';

/**
 * An institution's simplification plan for a period. `revision` counts versions of the plan for the same
 * period (a change to an approved plan is a new draft revision); `version` is the optimistic-concurrency counter.
 */
@Entity('simplification_plans')
@Index('UQ_simplification_plans_period_revision', ['institutionId', 'periodStart', 'revision'], { unique: true })
@Check('CHK_simplification_plans_period', `period_end > period_start`)
@Check('CHK_simplification_plans_budget', `budget_gtq IS NULL OR budget_gtq >= 0`)
export class SimplificationPlan extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'date' })
  periodStart: string;

  @Column({ type: 'date' })
  periodEnd: string;

  @Column({ type: 'int', default: 1 })
  revision: number;

  @Column({ type: 'enum', enum: PLAN_STATUSES, enumName: 'plan_status', default: 'draft' })
  status: PlanStatus;

  /** Budget for software/hardware (transitory articles), GTQ. */
  @Column({ type: 'numeric', precision: 16, scale: 2, nullable: true, transformer: decimalTransformer })
  budgetGtq: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  approvalAct: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;
}
