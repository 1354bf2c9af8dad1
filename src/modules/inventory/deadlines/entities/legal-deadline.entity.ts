import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../../database/base.entity';
import { COVERAGES, Coverage } from '../../../institutions/entities/institution.entity';

/**
 * A legal deadline (transitory articles of Decreto 5-2021) as data: sources disagree on some dates,
 * so admins edit them rather than code. Applies to the institutions of one coverage type.
 */
@Entity('legal_deadlines')
@Index('UQ_legal_deadlines_code', ['code'], { unique: true })
export class LegalDeadline extends BaseEntity {
  @Column({ type: 'varchar', length: 60 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'enum', enum: COVERAGES, enumName: 'institution_coverage' })
  coverage: Coverage;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  legalReference: string | null;

  /** Met only with an approved simplification plan (checked for the "legal deadline missed" finding). */
  @Column({ type: 'boolean', default: false })
  requiresApprovedPlan: boolean;

  /** Met only when every active procedure has at least this validated maturity level (null: no level condition). */
  @Column({ type: 'smallint', nullable: true })
  requiredLevel: number | null;
}
