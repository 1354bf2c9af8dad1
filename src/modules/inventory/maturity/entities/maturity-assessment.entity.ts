import { JoinColumn, ManyToOne, Column, Entity, Index } from 'typeorm';
import { MaturityModel } from './maturity-model.entity';
import { Procedure } from '../../procedures/entities/procedure.entity';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import { EvidenceFile } from '../../../evidence/evidence-file.entity';
import { ASSESSMENT_STATUSES, AssessmentStatus } from '../../rules/inventory.enums';

/**
 * A liaison's answers to the model's criteria for one procedure, with evidence. The resulting level follows
 * from the answers (pure function); an analyst validates or rejects it with a comment. The procedure's
 * current level is the latest validated assessment's.
 */
@Entity('maturity_assessments')
@Index(['institutionId'])
@Index('IDX_maturity_assessments_procedure', ['procedureId', 'createdAt'])
@Index('IDX_maturity_assessments_status', ['status', 'createdAt'])
export class MaturityAssessment extends TenantOwnedEntity {
  @Column({ type: 'uuid' })
  procedureId: string;

  @ManyToOne(() => Procedure, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'procedure_id' })
  procedure?: Procedure;

  @Column({ type: 'uuid' })
  modelId: string;

  @ManyToOne(() => MaturityModel, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'model_id' })
  model?: MaturityModel;

  /** criterion key → holds? */
  @Column({ type: 'jsonb' })
  answers: Record<string, boolean>;

  @Column({ type: 'smallint' })
  resultingLevel: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  evidenceUrl: string | null;

  @Column({ type: 'text', nullable: true })
  evidenceNote: string | null;

  /** A file attached as evidence (stored in evidence_files, same institution). */
  @Index('IDX_maturity_assessments_evidence_file')
  @Column({ type: 'uuid', nullable: true })
  evidenceFileId: string | null;

  @ManyToOne(() => EvidenceFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_file_id' })
  evidenceFile?: EvidenceFile | null;

  @Column({ type: 'enum', enum: ASSESSMENT_STATUSES, enumName: 'assessment_status', default: 'submitted' })
  status: AssessmentStatus;

  @Column({ type: 'uuid' })
  submittedBy: string;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reviewComment: string | null;
}
