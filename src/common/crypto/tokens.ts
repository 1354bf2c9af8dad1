import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random secret with 256 bits of entropy. */
export const randomSecret = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/**
 * High-entropy secrets (refresh tokens, invitation links, API keys) are stored as SHA-256: they cannot be
 * guessed, so a slow hash adds nothing and would cost every request. Passwords use argon2id instead.
 */
export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export const safeEqualHex = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
