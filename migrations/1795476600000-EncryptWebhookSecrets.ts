import { MigrationInterface, QueryRunner } from 'typeorm';
import { decryptText, encryptText, keyringFrom } from '../src/common/crypto/data-encryption';
import { loadEnv } from '../src/config/load-env';

/**
 * Webhook signing secrets at rest: the plaintext `secret` column becomes `secret_encrypted` (AES-256-GCM under
 * DATA_ENCRYPTION_KEY, format `v1:<key id>:<iv>:<tag>:<ciphertext>`). Existing rows are encrypted here; `down`
 * decrypts them back (with DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_PREVIOUS). The purpose string is fixed
 * here on purpose: it must match the one the rows were written with, whatever the code later calls it.
 */
const PURPOSE = 'webhook_subscriptions.secret';

const keyring = () => {
    const env = loadEnv();
    return keyringFrom(env.DATA_ENCRYPTION_KEY, env.DATA_ENCRYPTION_KEY_PREVIOUS);
};

export class EncryptWebhookSecrets1795476600000 implements MigrationInterface {
    name = 'EncryptWebhookSecrets1795476600000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        const ring = keyring();
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "secret_encrypted" character varying(300)`);
        const rows: Array<{ id: string; secret: string }> = await queryRunner.query(`SELECT id, secret FROM "webhook_subscriptions"`);
        if (rows.length) {
            await queryRunner.query(
                `UPDATE "webhook_subscriptions" s SET "secret_encrypted" = v.enc FROM unnest($1::uuid[], $2::text[]) AS v(id, enc) WHERE s.id = v.id`,
                [rows.map((r) => r.id), rows.map((r) => encryptText(ring, r.secret, PURPOSE))],
            );
        }
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ALTER COLUMN "secret_encrypted" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "secret"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        const ring = keyring();
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "secret" character varying(100)`);
        const rows: Array<{ id: string; secret_encrypted: string }> = await queryRunner.query(`SELECT id, secret_encrypted FROM "webhook_subscriptions"`);
        if (rows.length) {
            await queryRunner.query(
                `UPDATE "webhook_subscriptions" s SET "secret" = v.plain FROM unnest($1::uuid[], $2::text[]) AS v(id, plain) WHERE s.id = v.id`,
                [rows.map((r) => r.id), rows.map((r) => decryptText(ring, r.secret_encrypted, PURPOSE))],
            );
        }
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ALTER COLUMN "secret" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "secret_encrypted"`);
    }
}
