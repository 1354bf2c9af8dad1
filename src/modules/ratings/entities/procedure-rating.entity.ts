import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedEntity } from '../../../database/tenant-owned.entity';
import { Procedure } from '../../inventory/procedures/entities/procedure.entity';

/** Counted in the aggregate and the score; held for review (a burst); discarded by an analyst. */
export const RATING_STATUSES = ['counted', 'held', 'discarded'] as const;
export type RatingStatus = (typeof RATING_STATUSES)[number];

/** A comment waits for an analyst, then is published or rejected with a reason. */
export const COMMENT_STATUSES = ['pending', 'published', 'rejected'] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

/**
 * A citizen's rating of a procedure (Art. 11), sent without an account from the public procedure page. It holds no
 * personal data: no address, no network key, no cookie value; the comment is stored already redacted
 * (redact-personal-data.ts), so nobody ever reads the original.
 */
@Entity('procedure_ratings')
@Index(['institutionId'])
@Index('IDX_procedure_ratings_procedure_created', ['procedureId', 'createdAt'])
@Check(
  'CHK_procedure_ratings_marks',
  `"overall" BETWEEN 1 AND 5 AND "clarity" BETWEEN 1 AND 5 AND "time_taken" BETWEEN 1 AND 5 AND "treatment" BETWEEN 1 AND 5`,
)
export class ProcedureRating extends TenantOwnedEntity {
  @Column({ type: 'uuid' })
  procedureId: string;

  @ManyToOne(() => Procedure, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'procedure_id' })
  procedure?: Procedure;

  @Column({ type: 'smallint' })
  overall: number;

  /** Clarity of the requirements. */
  @Column({ type: 'smallint' })
  clarity: number;

  @Column({ type: 'smallint' })
  timeTaken: number;

  /** Treatment received. */
  @Column({ type: 'smallint' })
  treatment: number;

  /** The channel used (glossary `channel`). */
  @Column({ type: 'varchar', length: 20 })
  channel: string;

  @Column({ type: 'varchar', length: 12, default: 'counted' })
  status: RatingStatus;

  /** Why it was held (the burst it fell in), in Spanish; null when counted on arrival. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  heldReason: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  /** The comment as published: personal data already replaced. */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Index('IDX_procedure_ratings_comment_status')
  @Column({ type: 'varchar', length: 12, nullable: true })
  commentStatus: CommentStatus | null;

  /** How many pieces of personal data were replaced in the comment. */
  @Column({ type: 'integer', default: 0 })
  commentRedactions: number;

  @Column({ type: 'uuid', nullable: true })
  moderatedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  moderatedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  rejectionReason: string | null;

  /** The institution's public reply (once). */
  @Column({ type: 'text', nullable: true })
  reply: string | null;

  @Column({ type: 'uuid', nullable: true })
  repliedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  repliedAt: Date | null;
}
