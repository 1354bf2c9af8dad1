import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { keyedHash } from '../crypto/keyed-hash';
import { AppConfig } from '../../config/app-config';

/**
 * The keyed hash of a client's address, scoped to the UTC day (ADR 0011): HMAC-SHA256(secret, 'net|day|address'),
 * base64url, 32 characters. The same network gives the same key all day and an unrelated one the next, and no key leads
 * back to the address. Rate-limit keys in Redis use it instead of the raw address.
 */
export function dailyNetworkKey(secret: Buffer, address: string, nowMs: number): string {
  return keyedHash(secret, 'net', new Date(nowMs).toISOString().slice(0, 10), address).slice(0, 32);
}

/** Keys kept per day before the memo starts over (a flood of distinct addresses cannot grow it without bound). */
const MEMO_ENTRIES = 10_000;

/**
 * The one helper for "a key naming this client's network": the anonymous forms' limits and once-per-network claims, and
 * the page, API and login rate limits. The secret derives from JWT_SECRET with the anonymous forms' label, so their keys
 * are unchanged. Memoised per day: the public read front asks on every request.
 */
@Injectable()
export class NetworkKeys {
  private readonly secret: Buffer;
  private memo = new Map<string, string>();
  private memoDay = '';
  /** The instant the memo's UTC day ends (the read front asks on every request: no date formatting per request). */
  private memoUntil = 0;

  constructor(config: AppConfig) {
    this.secret = createHmac('sha256', config.auth.jwtSecret).update('simplifica:anonymous-forms:network').digest();
  }

  /** The day's key of an address (`unknown` when Express could not tell it). */
  of(address: string | undefined, nowMs = Date.now()): string {
    const ip = address ?? 'unknown';
    if (nowMs >= this.memoUntil || nowMs < this.memoUntil - 86_400_000 || this.memo.size >= MEMO_ENTRIES) {
      this.memo = new Map();
      this.memoDay = new Date(nowMs).toISOString().slice(0, 10);
      this.memoUntil = Date.parse(`${this.memoDay}T00:00:00Z`) + 86_400_000;
    }
    let key = this.memo.get(ip);
    if (key === undefined) {
      key = dailyNetworkKey(this.secret, ip, nowMs);
      this.memo.set(ip, key);
    }
    return key;
  }
}
