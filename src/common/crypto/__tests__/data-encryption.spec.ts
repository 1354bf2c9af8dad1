import { randomBytes } from 'node:crypto';
import { decryptText, DecryptionError, encryptText, keyIdOf, keyringFrom, parseDataKey } from '../data-encryption';

const hexKey = () => randomBytes(32).toString('hex');

describe('data encryption (AES-256-GCM at rest)', () => {
  const ring = keyringFrom(hexKey());
  const purpose = 'webhook_subscriptions.secret';

  it('round-trips, with a fresh IV each time and no plaintext in the stored text', () => {
    const secret = 'whsec_abcdefghijklmnopqrstuvwxyz0123456789';
    const a = encryptText(ring, secret, purpose);
    const b = encryptText(ring, secret, purpose);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toContain(secret);
    expect(a).not.toContain('whsec');
    expect(decryptText(ring, a, purpose)).toBe(secret);
    expect(decryptText(ring, b, purpose)).toBe(secret);
    expect(decryptText(ring, encryptText(ring, 'ñandú 🔑', purpose), purpose)).toBe('ñandú 🔑');
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const stored = encryptText(ring, 'whsec_secret', purpose);
    const [v, kid, iv, tag, ct] = stored.split(':');
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] ^= 1;
      return buf.toString('base64url');
    };
    for (const bad of [
      [v, kid, iv, tag, flip(ct)],
      [v, kid, iv, flip(tag), ct],
      [v, kid, flip(iv), tag, ct],
    ]) {
      expect(() => decryptText(ring, bad.join(':'), purpose)).toThrow(DecryptionError);
    }
    expect(() => decryptText(ring, [v, kid, iv, tag.slice(2), ct].join(':'), purpose)).toThrow(DecryptionError);
    expect(() => decryptText(ring, 'whsec_plaintext', purpose)).toThrow(/formato/);
    expect(() => decryptText(ring, stored.replace(/^v1/, 'v9'), purpose)).toThrow(DecryptionError);
  });

  it('refuses a value encrypted for another purpose (column)', () => {
    expect(() => decryptText(ring, encryptText(ring, 'x', 'other.column'), purpose)).toThrow(DecryptionError);
  });

  it('refuses the wrong key, whether its id is unknown or forged to look right', () => {
    const other = keyringFrom(hexKey());
    const stored = encryptText(ring, 'whsec_secret', purpose);
    expect(() => decryptText(other, stored, purpose)).toThrow(/no está configurada/);
    const forged = stored.replace(`:${ring.current.id}:`, `:${other.current.id}:`);
    expect(() => decryptText(other, forged, purpose)).toThrow(/verificación/);
  });

  it('rotates: the previous key still decrypts old values, new values use the new key', () => {
    const oldKey = hexKey();
    const newKey = hexKey();
    const before = encryptText(keyringFrom(oldKey), 'whsec_old', purpose);
    const rotated = keyringFrom(newKey, oldKey);
    expect(decryptText(rotated, before, purpose)).toBe('whsec_old');
    const after = encryptText(rotated, 'whsec_new', purpose);
    expect(keyIdOf(after)).toBe(rotated.current.id);
    expect(keyIdOf(before)).not.toBe(rotated.current.id);
    expect(() => decryptText(keyringFrom(oldKey), after, purpose)).toThrow(DecryptionError);
  });

  it('parses 32-byte keys given as hex or base64 (the same key, the same id), and nothing else', () => {
    const raw = randomBytes(32);
    const id = parseDataKey(raw.toString('hex')).id;
    expect(parseDataKey(raw.toString('hex').toUpperCase()).id).toBe(id);
    expect(parseDataKey(raw.toString('base64')).id).toBe(id);
    expect(parseDataKey(raw.toString('base64url')).id).toBe(id);
    for (const bad of ['', 'corta', 'zz'.repeat(32), randomBytes(16).toString('hex'), randomBytes(48).toString('base64')]) {
      expect(() => parseDataKey(bad)).toThrow(/32 bytes/);
    }
  });
});
