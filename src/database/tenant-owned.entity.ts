import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { Institution } from '../modules/institutions/entities/institution.entity';
import { BaseEntity } from './base.entity';

/**
 * Every row of a tenant-owned table names its institution; row-level security (see migrations/support/rls.ts)
 * limits each transaction to the institution set by `Database`. Each table is indexed by institution first: by an
 * index of its own that leads with `institutionId` (a key, or what its lists are ordered by), else by
 * `@Index(['institutionId'])` on the entity — never both, as a second index adds a write to every insert (issue 17:
 * the import of 100,000 requirements).
 */
export abstract class TenantOwnedEntity extends BaseEntity {
  @Column({ type: 'uuid' })
  institutionId: string;

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id' })
  institution?: Institution;
}
