import { Injectable } from '@nestjs/common';
import { RateLimiter } from './rate-limiter.service';

/** A block of hits counted in Redis ahead of time for one key, spent in this process. */
interface Lease {
  /** The shared count before this block. */
  base: number;
  granted: number;
  used: number;
  /** When the Redis window ends (the block dies with it). */
  until: number;
}

/** The largest block one process takes at once, and which fraction of what is left a block may take. */
const MAX_BLOCK = 64;
const BLOCK_DIVISOR = 8;
const MAX_KEYS = 20_000;

/**
 * The same fixed-window counters as RateLimiter (same Redis keys, so the router's path and this one count together),
 * without a Redis round trip per request: a process counts a block of hits in Redis at once (INCRBY) and admits that
 * many locally. Every admitted hit was counted in Redis before it was admitted, so all replicas together never admit
 * more than the limit; blocks a process has not spent make the others refuse a little early, never late. A block is
 * at most 1/8 of what is left in the window (at most 64), so near the limit every hit is counted one by one, exactly
 * as RateLimiter.hit does.
 *
 * `admit` never refuses by itself: null means "not admitted here", and the caller hands the request to the router,
 * whose gate counts it once more and answers 429 in the usual shape (a hit over the limit may be counted twice: the
 * window does not move, so nothing changes for the caller).
 */
@Injectable()
export class RateLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly renewing = new Map<string, Promise<void>>();

  constructor(private readonly limiter: RateLimiter) {}

  /** The shared count with this hit (synchronously while the block lasts), or null when not admitted here. */
  admit(name: string, limit: number, windowMs: number): number | null | Promise<number | null> {
    const lease = this.leases.get(name);
    if (lease && lease.used < lease.granted && lease.until > Date.now()) return lease.base + ++lease.used;
    return this.renew(name, limit, windowMs);
  }

  private async renew(name: string, limit: number, windowMs: number): Promise<number | null> {
    let pending = this.renewing.get(name);
    if (!pending) {
      pending = this.take(name, limit, windowMs).finally(() => this.renewing.delete(name));
      this.renewing.set(name, pending);
    }
    try {
      await pending;
    } catch {
      return null; // Redis unreachable: the router's path answers (503 or its own verdict).
    }
    const lease = this.leases.get(name);
    if (lease && lease.used < lease.granted && lease.until > Date.now()) return lease.base + ++lease.used;
    return null;
  }

  private async take(name: string, limit: number, windowMs: number): Promise<void> {
    const known = this.leases.get(name);
    const counted = known && known.until > Date.now() ? known.base + known.granted : 0;
    const block = Math.max(1, Math.min(MAX_BLOCK, Math.floor((limit - counted) / BLOCK_DIVISOR)));
    const { count, retryAfterMs } = await this.limiter.lease(name, windowMs, block);
    const base = count - block;
    if (this.leases.size >= MAX_KEYS) this.prune();
    this.leases.set(name, { base, granted: Math.max(0, Math.min(block, limit - base)), used: 0, until: Date.now() + retryAfterMs });
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, l] of this.leases) if (l.until <= now) this.leases.delete(k);
    if (this.leases.size >= MAX_KEYS) this.leases.clear();
  }
}
