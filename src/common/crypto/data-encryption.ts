import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of secrets the product must read back (webhook signing secrets): AES-256-GCM, a random 12-byte
 * IV per value, the 16-byte tag checked on decryption, and a purpose label as associated data (a value encrypted for
 * one column does not decrypt as another). Stored as text:
 *
 *     v1:<key id>:<iv>:<tag>:<ciphertext>      (base64url parts; key id = 8 hex chars of SHA-256 of the key)
 *
 * Rotation: the key id picks the key. Set the new key as DATA_ENCRYPTION_KEY and the old one as
 * DATA_ENCRYPTION_KEY_PREVIOUS; new values use the current key, old ones still decrypt, and the webhook worker
 * re-encrypts a secret with the current key the next time it uses it.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface DataKey {
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: DataKey;
  /** Keys accepted for decryption, by id (the current one included). */
  byId: Map<string, DataKey>;
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** 32 bytes given as 64 hex characters, or as base64/base64url (43 or 44 characters). */
export const DATA_KEY_PATTERN = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/;

export function parseDataKey(raw: string): DataKey {
  const text = raw.trim();
  if (!DATA_KEY_PATTERN.test(text)) throw new Error('La clave de cifrado debe ser de 32 bytes: 64 caracteres hexadecimales o base64.');
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error('La clave de cifrado debe ser de 32 bytes.');
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/** The keyring of DATA_ENCRYPTION_KEY (encrypts and decrypts) and, during a rotation, DATA_ENCRYPTION_KEY_PREVIOUS (decrypts). */
export function keyringFrom(current: string, previous?: string | null): Keyring {
  const cur = parseDataKey(current);
  const byId = new Map([[cur.id, cur]]);
  if (previous) {
    const prev = parseDataKey(previous);
    if (!byId.has(prev.id)) byId.set(prev.id, prev);
  }
  return { current: cur, byId };
}

export function encryptText(ring: Keyring, plaintext: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    ring.current.id,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

/** The key id a stored value was encrypted with (to re-encrypt values still under a previous key). */
export function keyIdOf(stored: string): string | null {
  const parts = stored.split(':');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
}

export function decryptText(ring: Keyring, stored: string, purpose: string): string {
  const parts = stored.split(':');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new DecryptionError('Valor cifrado con un formato desconocido');
  const [, keyId, ivText, tagText, ctText] = parts;
  const key = ring.byId.get(keyId);
  if (!key) throw new DecryptionError(`Valor cifrado con una clave que no está configurada (id ${keyId})`);
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError('Valor cifrado dañado');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError('El valor cifrado no pasó la verificación (dañado, alterado o de otra clave)');
  }
}
