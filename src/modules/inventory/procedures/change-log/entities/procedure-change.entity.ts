import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Field-level history of a procedure and its requirements: who, when, old → new. Append-only (insert/select
 * grants only). `isPublic` marks the changes the public API may show (no personal data is ever stored here
 * beyond the actor's id, which the public API omits).
 */
@Entity('procedure_changes')
@Index('IDX_procedure_changes_procedure', ['procedureId', 'changedAt'])
@Index('IDX_procedure_changes_institution', ['institutionId', 'changedAt'])
// ("txid", "id") WHERE is_public, created by the AddChangeFeedTxid migration; not synchronised because TypeORM reads
// index columns back in table order and would see ("id", "txid").
@Index('IDX_procedure_changes_public_feed', { synchronize: false })
export class ProcedureChange {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'uuid' })
  procedureId: string;

  /** 'procedure' or 'requirement'. */
  @Column({ type: 'varchar', length: 20 })
  subject: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** create | update | eliminate | level_validated | import */
  @Column({ type: 'varchar', length: 30 })
  action: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  field: string | null;

  @Column({ type: 'jsonb', nullable: true })
  oldValue: unknown;

  @Column({ type: 'jsonb', nullable: true })
  newValue: unknown;

  @Column({ type: 'boolean', default: true })
  isPublic: boolean;

  @Column({ type: 'uuid', nullable: true })
  changedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  changedAt: Date;

  /**
   * The writing transaction's 64-bit id (epoch-qualified, never wraps), set by the database default
   * (`app_current_txid()` = pg_current_xact_id()::text::bigint, the top-level transaction even under a savepoint): the public
   * change feed's order and cursor. Not selected by default (internal).
   */
  @Column({ type: 'bigint', default: () => 'app_current_txid()', select: false, insert: false, update: false })
  txid: string;
}
