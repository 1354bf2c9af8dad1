import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'skipped', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
export const DELIVERY_MODES = ['immediate', 'digest'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/**
 * The outbox: one row per (rule, subject, due date, stage, recipient) — the unique key makes the daily
 * evaluation idempotent (INSERT … ON CONFLICT DO NOTHING). Also the in-app notification list (read_at).
 */
@Entity('notifications')
@Index('UQ_notifications_dedupe', ['ruleId', 'subjectId', 'dueDate', 'stage', 'recipientId'], { unique: true })
@Index('IDX_notifications_recipient', ['recipientId', 'createdAt'])
@Index('IDX_notifications_institution', ['institutionId', 'createdAt'])
@Index('IDX_notifications_pending', ['status', 'delivery'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  institutionId: string;

  @Column({ type: 'uuid' })
  ruleId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 40 })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 40 })
  stage: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  recipientEmail: string | null;

  /** Why this person: the role that made them a recipient (liaison, institution_admin, analyst). */
  @Column({ type: 'varchar', length: 40 })
  reason: string;

  @Column({ type: 'boolean', default: false })
  escalation: boolean;

  @Column({ type: 'boolean', default: false })
  mandatory: boolean;

  @Column({ type: 'varchar', length: 20 })
  delivery: DeliveryMode;

  /** Days remaining (positive) or overdue (negative) on the evaluation day. */
  @Column({ type: 'int' })
  daysUntilDue: number;

  /** Guatemala calendar day of the evaluation that created it. */
  @Column({ type: 'date' })
  evaluatedOn: string;

  /** What the templates need: item title, link path, extra figures. */
  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: NotificationStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  skipReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
