import { Column, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Institution } from '../modules/institutions/entities/institution.entity';
import { BaseEntity } from './base.entity';

/**
 * Every row of a tenant-owned table names its institution; row-level security (see migrations/support/rls.ts)
 * limits each transaction to the institution set by `Database`.
 */
export abstract class TenantOwnedEntity extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution?: Institution;
}
