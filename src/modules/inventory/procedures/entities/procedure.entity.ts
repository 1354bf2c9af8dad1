import { Check, Column, Entity, Index, Unique } from 'typeorm';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import { decimalTransformer } from '../../../../database/decimal.transformer';
import { Audience, AUDIENCES, Channel, PROCEDURE_STATUSES, ProcedureStatus } from '../../rules/inventory.enums';

/**
 * A trámite. `currentLevel` is the level of the latest validated maturity assessment (never set by hand);
 * `declaredLevel` is what the institution reports (forms, spreadsheets) until an analyst validates.
 * The baseline columns freeze the figures at first registration, so progress is measured from there.
 */
@Entity('procedures')
@Index('UQ_procedures_institution_code', ['institutionId', 'code'], { unique: true })
@Index('IDX_procedures_institution_updated', ['institutionId', 'updatedAt'])
// What a requirement's key references: its procedure within its institution (migration 1796330000000).
@Unique('UQ_procedures_id_institution', ['id', 'institutionId'])
// Trigram index on unaccented name and code for accent-insensitive search; created by hand in the migration.
@Index('IDX_procedures_search', { synchronize: false })
// NULL (unknown) passes the number checks: a CHECK fails only when false.
@Check(
  'CHK_procedures_numbers',
  `fee_gtq >= 0 AND (legal_max_days IS NULL OR legal_max_days >= 0) AND (actual_median_days IS NULL OR actual_median_days >= 0) AND (annual_volume IS NULL OR annual_volume >= 0) AND in_person_visits >= 0`,
)
@Check(
  'CHK_procedures_levels',
  `current_level BETWEEN 0 AND 10 AND (declared_level IS NULL OR declared_level BETWEEN 0 AND 10) AND (target_level IS NULL OR target_level BETWEEN 0 AND 10)`,
)
export class Procedure extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** What the applicant obtains (licence, certificate, registration…). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  output: string | null;

  @Column({ type: 'enum', enum: AUDIENCES, enumName: 'procedure_audience', default: 'both' })
  audience: Audience;

  @Column({ type: 'varchar', length: 120, nullable: true })
  category: string | null;

  @Column({ type: 'varchar', length: 160, nullable: true })
  lifeEvent: string | null;

  @Column({ type: 'boolean', default: false })
  foreignTrade: boolean;

  @Column({ type: 'boolean', default: false })
  prioritized: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  channels: Channel[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  onlineUrl: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  formsUrl: string | null;

  @Column({ type: 'boolean', nullable: true })
  formsFree: boolean | null;

  /** GTQ, exact decimal (string in JSON, never a float); null = unknown ("sin dato"), never published as 0 or free. */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  feeGtq: string | null;

  @Column({ type: 'text', nullable: true })
  legalBasis: string | null;

  @Column({ type: 'int', nullable: true })
  legalMaxDays: number | null;

  @Column({ type: 'int', nullable: true })
  actualMedianDays: number | null;

  @Column({ type: 'int', nullable: true })
  annualVolume: number | null;

  /** null = unknown. */
  @Column({ type: 'int', nullable: true })
  inPersonVisits: number | null;

  @Column({ type: 'enum', enum: PROCEDURE_STATUSES, enumName: 'procedure_status', default: 'active' })
  status: ProcedureStatus;

  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Column({ type: 'smallint', default: 0 })
  currentLevel: number;

  @Column({ type: 'smallint', nullable: true })
  declaredLevel: number | null;

  @Column({ type: 'smallint', nullable: true })
  targetLevel: number | null;

  @Column({ type: 'date', nullable: true })
  targetDate: string | null;

  @Column({ type: 'date', nullable: true })
  lastReviewedAt: string | null;

  @Column({ type: 'date' })
  baselineDate: string;

  @Column({ type: 'int' })
  baselineRequirements: number;

  @Column({ type: 'int', nullable: true })
  baselineDays: number | null;

  @Column({ type: 'int', nullable: true })
  baselineVisits: number | null;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer })
  baselineFeeGtq: string | null;
}
