import { JoinColumn, ManyToOne, Column, Entity, Index } from 'typeorm';
import { Procedure } from '../../procedures/entities/procedure.entity';
import { SimplificationPlan } from './simplification-plan.entity';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import { EvidenceFile } from '../../../evidence/evidence-file.entity';
import { MILESTONE_KINDS, MILESTONE_STATUSES, MilestoneKind, MilestoneStatus } from '../../rules/inventory.enums';

/**
 * A dated commitment of a plan. Completing it records the completion date and whether that was late
 * (`completedLate` is stored, never recomputed from an edited due date).
 */
@Entity('milestones')
@Index('IDX_milestones_plan', ['planId'])
@Index('IDX_milestones_institution_due', ['institutionId', 'dueDate'])
@Index('IDX_milestones_procedure', ['procedureId'])
export class Milestone extends TenantOwnedEntity {
  @Column({ type: 'uuid' })
  planId: string;

  @ManyToOne(() => SimplificationPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: SimplificationPlan;

  @Column({ type: 'uuid', nullable: true })
  procedureId: string | null;

  @ManyToOne(() => Procedure, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'procedure_id' })
  procedure?: Procedure;

  @Column({ type: 'enum', enum: MILESTONE_KINDS, enumName: 'milestone_kind' })
  kind: MilestoneKind;

  /** What will be achieved, in words (e.g. "Nivel 4 para la licencia sanitaria"). */
  @Column({ type: 'varchar', length: 300 })
  target: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'enum', enum: MILESTONE_STATUSES, enumName: 'milestone_status', default: 'pending' })
  status: MilestoneStatus;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'boolean', nullable: true })
  completedLate: boolean | null;

  @Column({ type: 'text', nullable: true })
  evidence: string | null;

  /** A file attached as evidence of the completion (the workspace's form), besides the text or link. */
  @Index('IDX_milestones_evidence_file')
  @Column({ type: 'uuid', nullable: true })
  evidenceFileId: string | null;

  @ManyToOne(() => EvidenceFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_file_id' })
  evidenceFile?: EvidenceFile | null;
}
