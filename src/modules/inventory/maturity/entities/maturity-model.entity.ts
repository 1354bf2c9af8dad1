import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

interface MaturityCriterion {
  key: string;
  label: string;
}

export interface MaturityLevelDefinition {
  level: number;
  name: string;
  /** All must hold (together with every lower level's) for a procedure to reach this level. */
  criteria: MaturityCriterion[];
}

/**
 * The maturity scale, versioned: analysts publish a new version instead of editing one in use, so every
 * assessment keeps the model it was answered against. Exactly one version is active.
 */
@Entity('maturity_models')
export class MaturityModel {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_maturity_models_version', { unique: true })
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'jsonb' })
  levels: MaturityLevelDefinition[];

  @Column({ type: 'boolean', default: false })
  active: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
