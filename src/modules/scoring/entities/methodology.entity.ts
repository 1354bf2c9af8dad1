import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MethodologyParameters } from '../methodology';

/** A version of the scoring methodology. New versions never rewrite snapshots computed with older ones. */
@Entity('methodologies')
export class Methodology {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_methodologies_version', { unique: true })
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'jsonb' })
  parameters: MethodologyParameters;

  @Column({ type: 'boolean', default: false })
  active: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
