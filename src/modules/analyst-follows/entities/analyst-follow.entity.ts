import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Institution } from '../../institutions/entities/institution.entity';
import { User } from '../../users/entities/user.entity';

/**
 * A Commission analyst following an institution: escalations and score drops of that institution go to its followers
 * (when nobody follows it, to every analyst). Tenant-owned by the institution for row-level security; written only by
 * the analyst themselves or in the administrators' scope (see the migration).
 */
@Entity('analyst_follows')
@Index('UQ_analyst_follows_user_institution', ['userId', 'institutionId'], { unique: true })
@Index('IDX_analyst_follows_institution', ['institutionId'])
export class AnalystFollow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'institution_id' })
  institution?: Institution;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Who created the follow (the analyst, or the administrator who assigned them). */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: User;
}
