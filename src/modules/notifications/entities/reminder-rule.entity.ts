import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../database/base.entity';

export const REMINDER_KINDS = [
  'milestone_due',
  'milestone_overdue',
  'report_due',
  'report_overdue',
  'legal_deadline',
  'legal_deadline_missed',
  'score_drop',
  'stale_inventory',
  // the review loop (review-notices.ts): written when a step is taken, not by the daily evaluation
  'review_waiting',
  'review_outcome',
  'citizen_report_received',
  'citizen_report_due',
  'citizen_report_overdue',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const RECIPIENT_ROLES = ['liaison', 'institution_admin', 'analyst'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/**
 * A reminder rule as data (defaults from the domain reference §7, inserted by the migration; admins edit them).
 * `offsets`: days before the due date (due kinds), the first overdue day (overdue kinds, one value) or the days
 * without review that make a procedure stale (stale_inventory, one value);
 * `repeatEveryDays`: repetition once overdue; `escalateAfterDays`: from that many days overdue the
 * `escalationRecipients` are also notified (escalations cannot be switched off by preferences).
 */
@Entity('reminder_rules')
@Index('UQ_reminder_rules_code', ['code'], { unique: true })
export class ReminderRule extends BaseEntity {
  @Column({ type: 'varchar', length: 60 })
  code: string;

  @Column({ type: 'varchar', length: 40 })
  kind: ReminderKind;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'int', array: true, default: () => "'{}'" })
  offsets: number[];

  @Column({ type: 'int', nullable: true })
  repeatEveryDays: number | null;

  @Column({ type: 'int', nullable: true })
  escalateAfterDays: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recipients: RecipientRole[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  escalationRecipients: RecipientRole[];

  /** Score drop: minimum fall in points. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  threshold: string | null;

  @Column({ type: 'varchar', length: 80 })
  template: string;

  /** Mandatory kinds cannot be opted out of (and carry no unsubscribe link). */
  @Column({ type: 'boolean', default: false })
  mandatory: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;
}
