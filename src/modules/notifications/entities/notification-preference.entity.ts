import { Column, Entity, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { DeliveryMode } from './notification.entity';

/** A user's choices: immediate e-mails or one daily digest; kinds (rule kinds) they opted out of. */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 20, default: 'immediate' })
  delivery: DeliveryMode;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  optedOut: string[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ default: 1 })
  version: number;
}
