import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../../database/tenant-owned.entity';
import { FINDING_KINDS, FINDING_SOURCES, FINDING_SUBJECTS, FindingKind, FindingSource, FindingSubject } from '../finding-rules';

export const FINDING_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/**
 * A problem the data raises by itself (prohibited practice, requirement without legal basis, a validated level the
 * record contradicts, a legal deadline missed, no active liaison), kept by the institution's scoring run: opened when
 * detected, resolved when no longer detected, reopened if it comes back. An analyst may dismiss one with a reason
 * (audited); a dismissed finding stays dismissed and, for a detected prohibited practice, stops counting in the score.
 */
@Entity('findings')
@Index('UQ_findings_identity', ['institutionId', 'subjectId', 'kind', 'code'], { unique: true })
@Index('IDX_findings_institution_status', ['institutionId', 'status', 'kind'])
@Index('IDX_findings_procedure', ['procedureId'])
// Partial index of the dismissed findings, which a scoring run reads (migration 1796300000000).
@Index('IDX_findings_dismissed', { synchronize: false })
export class Finding extends TenantOwnedEntity {
  @Column({ type: 'enum', enum: FINDING_KINDS, enumName: 'finding_kind' })
  kind: FindingKind;

  @Column({ type: 'varchar', length: 60 })
  code: string;

  @Column({ type: 'enum', enum: FINDING_SUBJECTS, enumName: 'finding_subject' })
  subjectType: FindingSubject;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'uuid', nullable: true })
  procedureId: string | null;

  @Column({ type: 'enum', enum: FINDING_SOURCES, enumName: 'finding_source' })
  source: FindingSource;

  @Column({ type: 'varchar', length: 200, nullable: true })
  article: string | null;

  @Column({ type: 'text' })
  message: string;

  /** Since when the problem exists (effective date, due date…, or first detection). */
  @Column({ type: 'date' })
  since: string;

  @Column({ type: 'boolean' })
  countsInScore: boolean;

  @Column({ type: 'enum', enum: FINDING_STATUSES, enumName: 'finding_status', default: 'open' })
  status: FindingStatus;

  @Column({ type: 'date' })
  firstDetectedOn: string;

  /** Last day its content changed or it reopened (unchanged findings are not rewritten every night). */
  @Column({ type: 'date' })
  lastDetectedOn: string;

  @Column({ type: 'date', nullable: true })
  resolvedOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  dismissedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  dismissedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  dismissalReason: string | null;
}
