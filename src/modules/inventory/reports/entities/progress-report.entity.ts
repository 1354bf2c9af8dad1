import { Check, Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import { REVIEW_STATUSES, ReviewStatus } from '../../rules/inventory.enums';

/** Quarterly progress report of an institution (due 10 days after the quarter ends), reviewed by an analyst. */
@Entity('progress_reports')
@Index('UQ_progress_reports_quarter', ['institutionId', 'year', 'quarter'], { unique: true })
@Check('CHK_progress_reports_quarter', `quarter BETWEEN 1 AND 4 AND year BETWEEN 2021 AND 2100`)
export class ProgressReport extends TenantOwnedEntity {
  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'smallint' })
  quarter: number;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'timestamptz' })
  submittedAt: Date;

  @Column({ type: 'uuid' })
  submittedBy: string;

  @Column({ type: 'enum', enum: REVIEW_STATUSES, enumName: 'progress_report_status', default: 'submitted' })
  status: ReviewStatus;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;
}
