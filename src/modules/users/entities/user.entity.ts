import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ROLES, Role } from '../../../common/auth/roles';
import { BaseEntity } from '../../../database/base.entity';
import { Institution } from '../../institutions/entities/institution.entity';

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/**
 * Tenant-owned: institution roles carry their institution, Commission roles carry none.
 * Row-level security limits reads and writes to the caller's institution (see the migration).
 */
@Entity('users')
@Check('CHK_users_institution_role', `(role IN ('liaison', 'institution_admin')) = (institution_id IS NOT NULL)`)
export class User extends BaseEntity {
  @Index('IDX_users_institution')
  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution?: Institution;

  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'user_role' })
  role: Role;

  @Column({ type: 'enum', enum: USER_STATUSES, enumName: 'user_status', default: 'invited' })
  status: UserStatus;

  @Column({ type: 'varchar', length: 200, nullable: true, select: false })
  passwordHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  /** Bumped whenever the user's tokens must stop working (see UserSessions); access tokens carry it. */
  @Column({ type: 'integer', default: 0 })
  sessionGeneration: number;
}
