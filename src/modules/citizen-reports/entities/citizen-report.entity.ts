import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../../database/tenant-owned.entity';
import { CITIZEN_REPORT_KINDS, CITIZEN_REPORT_STATUSES, CitizenReportKind, CitizenReportStatus } from '../citizen-report.rules';

/**
 * A citizen's report (denuncia) that a requirement was asked of them which is not in the registry, or is a prohibited
 * practice. Owned by the institution reported (row-level security: its users see only their own); the citizen follows
 * it by its public tracking code. The contact e-mail is optional, encrypted (DATA_ENCRYPTION_KEY), never published,
 * used only for status updates and deleted by the link in each of them.
 */
@Entity('citizen_reports')
@Index('UQ_citizen_reports_tracking_code', ['trackingCode'], { unique: true })
@Index('IDX_citizen_reports_institution_status', ['institutionId', 'status'])
@Index('IDX_citizen_reports_procedure', ['procedureId'])
export class CitizenReport extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 9 })
  trackingCode: string;

  @Column({ type: 'uuid' })
  procedureId: string;

  /** The registered requirement reported as prohibited; null for something not on the list. */
  @Column({ type: 'uuid', nullable: true })
  requirementId: string | null;

  @Column({ type: 'enum', enum: CITIZEN_REPORT_KINDS, enumName: 'citizen_report_kind' })
  kind: CitizenReportKind;

  /** What was asked, in the citizen's words. */
  @Column({ type: 'varchar', length: 500 })
  whatAsked: string;

  /** The day it was asked (the day the application started: Art. 5 applies the requirements in force then). */
  @Column({ type: 'date' })
  askedOn: string;

  /** Channel where it was asked (in_person, online, phone…). */
  @Column({ type: 'varchar', length: 20 })
  channel: string;

  /** Office or place (e.g. "Ventanilla 3, zona 1"); optional. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  place: string | null;

  /** AES-256-GCM (see common/crypto/data-encryption.ts, purpose "citizen-report-contact"); null when none or deleted. */
  @Column({ type: 'text', nullable: true, select: false })
  contactEmailEncrypted: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  contactDeletedAt: Date | null;

  @Column({ type: 'enum', enum: CITIZEN_REPORT_STATUSES, enumName: 'citizen_report_status', default: 'received' })
  status: CitizenReportStatus;

  /** Guatemala calendar day it was received. */
  @Column({ type: 'date' })
  receivedOn: string;

  /** Last day for the institution's answer (business days after receivedOn, holidays excluded). */
  @Column({ type: 'date' })
  answerDueOn: string;

  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'date', nullable: true })
  answeredOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  answeredBy: string | null;

  @Column({ type: 'text', nullable: true })
  rulingReason: string | null;

  @Column({ type: 'date', nullable: true })
  ruledOn: string | null;

  @Column({ type: 'uuid', nullable: true })
  ruledBy: string | null;

  /** The finding a founded report became (requirement with no legal basis, or something not in the registry). */
  @Column({ type: 'uuid', nullable: true })
  findingId: string | null;
}
