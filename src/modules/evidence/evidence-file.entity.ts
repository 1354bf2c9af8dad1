import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../database/tenant-owned.entity';

/**
 * A file attached as evidence (a maturity assessment, a milestone…), kept in PostgreSQL under the same row-level
 * security as every tenant-owned row. `contentType` is the type sniffed from the bytes, never the client's.
 */
@Entity('evidence_files')
@Index(['institutionId'])
export class EvidenceFile extends TenantOwnedEntity {
  /** The name the person's file had (for the download), cleaned of paths and control characters. */
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** Sniffed from the content (see sniff-evidence.ts). */
  @Column({ type: 'varchar', length: 120 })
  contentType: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  /** Hex SHA-256 of the content. */
  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @Column({ type: 'uuid' })
  createdBy: string;
}
