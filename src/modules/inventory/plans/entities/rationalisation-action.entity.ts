import { JoinColumn, ManyToOne, Column, Entity, Index } from 'typeorm';
import { Procedure } from '../../procedures/entities/procedure.entity';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import { decimalTransformer } from '../../../../database/decimal.transformer';
import { ACTION_TYPES, ActionType } from '../../rules/inventory.enums';

/** A rationalisation action on a procedure (normativa / administrativa / tecnológica), with before/after figures. */
@Entity('rationalisation_actions')
@Index(['institutionId'])
@Index('IDX_rationalisation_actions_procedure', ['procedureId'])
export class RationalisationAction extends TenantOwnedEntity {
  @Column({ type: 'uuid' })
  procedureId: string;

  @ManyToOne(() => Procedure, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'procedure_id' })
  procedure?: Procedure;

  @Column({ type: 'enum', enum: ACTION_TYPES, enumName: 'rationalisation_action_type' })
  type: ActionType;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text', nullable: true })
  benefit: string | null;

  @Column({ type: 'date', nullable: true })
  implementedOn: string | null;

  @Column({ type: 'int', nullable: true }) stepsBefore: number | null;
  @Column({ type: 'int', nullable: true }) stepsAfter: number | null;
  @Column({ type: 'int', nullable: true }) requirementsBefore: number | null;
  @Column({ type: 'int', nullable: true }) requirementsAfter: number | null;
  @Column({ type: 'int', nullable: true }) daysBefore: number | null;
  @Column({ type: 'int', nullable: true }) daysAfter: number | null;
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer }) feeBeforeGtq: string | null;
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: decimalTransformer }) feeAfterGtq: string | null;
}
