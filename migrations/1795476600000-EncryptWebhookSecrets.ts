import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook signing secrets at rest: the plaintext `secret` column becomes `secret_encrypted` (AES-256-GCM under
 * DATA_ENCRYPTION_KEY, format `v1:<key id>:<iv>:<tag>:<ciphertext>`). Existing rows are encrypted here; `down`
 * decrypts them back (with DATA_ENCRYPTION_KEY or DATA_ENCRYPTION_KEY_PREVIOUS). The purpose string is fixed
 * here on purpose: it must match the one the rows were written with, whatever the code later calls it.
 */
const PURPOSE = 'webhook_subscriptions.secret';

/*
 * The v1 format of src/common/crypto/data-encryption.ts as it was when this migration was written, copied here so a
 * later change in src/ cannot change what this migration does: AES-256-GCM, 12-byte IV, 16-byte tag, the purpose as
 * associated data, stored as `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url; key id = 8 hex of SHA-256 of the key).
 */
interface DataKey {
  id: string;
  key: Buffer;
}

const parseDataKey = (raw: string, name: string): DataKey => {
  const text = raw.trim();
  if (!/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/.test(text))
    throw new Error(`${name}: la clave de cifrado debe ser de 32 bytes: 64 caracteres hexadecimales o base64.`);
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error(`${name}: la clave de cifrado debe ser de 32 bytes.`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
};

/**
 * DATA_ENCRYPTION_KEY encrypts and decrypts; DATA_ENCRYPTION_KEY_PREVIOUS (during a rotation) decrypts. Both are
 * already in the environment: the TypeORM data source and the test helpers load and validate it before migrating.
 */
const keyring = () => {
  // eslint-disable-next-line no-restricted-properties -- a migration may not import src/config (see the note above)
  const { DATA_ENCRYPTION_KEY: current, DATA_ENCRYPTION_KEY_PREVIOUS: previous } = process.env;
  if (!current) throw new Error('DATA_ENCRYPTION_KEY es obligatoria para cifrar los secretos de los webhooks.');
  const cur = parseDataKey(current, 'DATA_ENCRYPTION_KEY');
  const byId = new Map([[cur.id, cur]]);
  if (previous) {
    const prev = parseDataKey(previous, 'DATA_ENCRYPTION_KEY_PREVIOUS');
    if (!byId.has(prev.id)) byId.set(prev.id, prev);
  }
  return { current: cur, byId };
};

type Keyring = ReturnType<typeof keyring>;

const encryptText = (ring: Keyring, plaintext: string, purpose: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    ring.current.id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
};

const decryptText = (ring: Keyring, stored: string, purpose: string): string => {
  const parts = stored.split(':');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new Error('Valor cifrado con un formato desconocido');
  const [, keyId, ivText, tagText, ctText] = parts;
  const key = ring.byId.get(keyId);
  if (!key) throw new Error(`Valor cifrado con una clave que no está configurada (id ${keyId})`);
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== 12 || tag.length !== 16) throw new Error('Valor cifrado dañado');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error('El valor cifrado no pasó la verificación (dañado, alterado o de otra clave)');
  }
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
    const rows: Array<{ id: string; secret_encrypted: string }> = await queryRunner.query(
      `SELECT id, secret_encrypted FROM "webhook_subscriptions"`,
    );
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
