import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of the parts joined by '|', base64url: the one keyed hash of the anonymous forms and the rate limits. */
export function keyedHash(key: string | Buffer, ...parts: string[]): string {
  return createHmac('sha256', key).update(parts.join('|')).digest('base64url');
}
