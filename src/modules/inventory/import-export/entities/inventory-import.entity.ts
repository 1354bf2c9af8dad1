import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../../../database/tenant-owned.entity';
import type { ImportPreview } from '../spreadsheet/plan-import';

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportProblem {
  sheet: 'tramites' | 'requisitos' | 'archivo';
  row: number | null;
  column: string | null;
  message: string;
}

/**
 * One spreadsheet import: the uploaded file (kept in PostgreSQL so any worker can read it), its status and
 * progress for polling, and the outcome (counts or every located problem).
 */
@Entity('inventory_imports')
@Index('IDX_inventory_imports_institution_created', ['institutionId', 'createdAt'])
export class InventoryImport extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 255 })
  fileName: string;

  /** 'xlsx' or 'csv' */
  @Column({ type: 'varchar', length: 10 })
  format: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  /** Second file of a CSV pair (requisitos). */
  @Column({ type: 'bytea', nullable: true, select: false })
  secondContent: Buffer | null;

  @Column({ type: 'boolean' })
  dryRun: boolean;

  @Column({ type: 'enum', enum: IMPORT_STATUSES, enumName: 'inventory_import_status', default: 'queued' })
  status: ImportStatus;

  /** 0–100 */
  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'jsonb', nullable: true })
  counts: Record<string, number> | null;

  @Column({ type: 'jsonb', nullable: true })
  problems: ImportProblem[] | null;

  /** What a real run creates, changes (field by field) and eliminates, by code and name (dry runs and real runs alike). */
  @Column({ type: 'jsonb', nullable: true })
  preview: ImportPreview | null;

  /** A confirmed review: the real import its confirmation queued (a second confirmation answers with it). */
  @Column({ type: 'uuid', nullable: true })
  confirmedAsId: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
