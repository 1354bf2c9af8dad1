import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PartnerApiKey } from '../../partner-api-keys/entities/partner-api-key.entity';

/**
 * A partner's webhook: which public change types it wants, where, and how far through the change feed it has been
 * sent (`feedCursor`). The secret signs every delivery; it is shown once at creation, stored only encrypted
 * (AES-256-GCM, common/crypto/data-encryption.ts, purpose `WEBHOOK_SECRET_PURPOSE`) and never selected by default.
 */
/** Associated data of the encrypted secret: a value encrypted for another column never decrypts as this one. */
export const WEBHOOK_SECRET_PURPOSE = 'webhook_subscriptions.secret';

@Entity('webhook_subscriptions')
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_webhook_subscriptions_key')
  @Column({ type: 'uuid' })
  partnerKeyId: string;

  @ManyToOne(() => PartnerApiKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partner_key_id' })
  partnerKey?: PartnerApiKey;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  /** `v1:<key id>:<iv>:<tag>:<ciphertext>` of the signing secret. */
  @Column({ type: 'varchar', length: 300, select: false })
  secretEncrypted: string;

  @Column({ type: 'text', array: true })
  eventTypes: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 200 })
  feedCursor: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
