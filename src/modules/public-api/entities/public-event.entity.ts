import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The public change feed: one row per public change (events/public-events.ts), written by the unit of work in the
 * same transaction as the change (append-only: insert/select grants only). Served in (txid, id) order by
 * GET /api/public/v1/changes and dispatched to webhooks; the subject's codes are read at serving time.
 */
@Entity('public_events')
@Index('IDX_public_events_subject', ['subjectId', 'type'])
// ("txid", "id"), created by the AddPublicEvents migration; not synchronised: TypeORM reads index columns back in table order.
@Index('IDX_public_events_feed', { synchronize: false })
export class PublicEventRow {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** The writing transaction's 64-bit id (see ProcedureChange.txid): the feed's order and cursor. */
  @Column({ type: 'bigint', default: () => 'app_current_txid()', select: false, insert: false, update: false })
  txid: string;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'uuid', nullable: true })
  procedureId: string | null;

  @Column({ type: 'varchar', length: 20 })
  subject: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** Public fields only: [{ field, oldValue, newValue }]. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;
}
