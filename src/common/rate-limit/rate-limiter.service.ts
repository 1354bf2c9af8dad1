import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';

export interface RateState {
  count: number;
  retryAfterMs: number;
}

/** INCR and start the window on the first hit, atomically; returns [count, ms left in the window]. */
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/** HIT for ARGV[2] hits at once (a lease of RateLeases): INCRBY, the window starting on the first; returns [count, ms left]. */
const LEASE = `
local n = redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
if n == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}`;

/**
 * One more failure for KEYS[1] (a counter living at least ARGV[4] ms); from the ARGV[1]-th failure on, KEYS[2] locks
 * for ARGV[2]·2^(n−ARGV[1]) ms, at most ARGV[3] ms. Returns [failures, lock ms (0 when not locked)].
 */
const FAIL = `
local n = redis.call('INCR', KEYS[1])
local threshold = tonumber(ARGV[1])
local lock = 0
if n >= threshold then
  lock = math.floor(math.min(tonumber(ARGV[3]), tonumber(ARGV[2]) * 2 ^ (n - threshold)))
  redis.call('SET', KEYS[2], '1', 'PX', lock)
end
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[4]), lock + tonumber(ARGV[4])))
return {n, lock}`;

export interface ProgressiveLock {
  /** Failures before the first lock. */
  threshold: number;
  /** The first lock; each further failure doubles it. */
  baseMs: number;
  maxMs: number;
  /** How long failures are remembered (past the last lock). */
  windowMs: number;
}

/**
 * Fixed-window counters kept in Redis, so every API replica sees the same counts.
 * Keys live under the configured prefix.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private key(name: string): string {
    return `${this.config.redis.queuePrefix}:rl:${name}`;
  }

  async hit(name: string, windowMs: number): Promise<RateState> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, this.key(name), String(windowMs))) as [number, number];
    return { count, retryAfterMs: ttl };
  }

  /** Counts `hits` at once in the same window as `hit` (same key): the count after them and the ms left in the window. */
  async lease(name: string, windowMs: number, hits: number): Promise<RateState> {
    const [count, ttl] = (await this.redis.eval(LEASE, 1, this.key(name), String(windowMs), String(hits))) as [number, number];
    return { count, retryAfterMs: ttl };
  }

  async peek(name: string): Promise<RateState> {
    const [count, ttl] = await this.redis
      .multi()
      .get(this.key(name))
      .pttl(this.key(name))
      .exec()
      .then((r) => [r?.[0]?.[1], r?.[1]?.[1]]);
    return { count: Number(count ?? 0), retryAfterMs: Math.max(0, Number(ttl ?? 0)) };
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.key(name), this.key(`${name}:lock`));
  }

  /** Records a failure under `name`; returns the failures so far and the lock it set (0: none yet). */
  async fail(name: string, p: ProgressiveLock): Promise<{ failures: number; lockMs: number }> {
    const [failures, lockMs] = (await this.redis.eval(
      FAIL,
      2,
      this.key(name),
      this.key(`${name}:lock`),
      String(p.threshold),
      String(p.baseMs),
      String(p.maxMs),
      String(p.windowMs),
    )) as [number, number];
    return { failures, lockMs };
  }

  /** Milliseconds left on the lock set by `fail` (0 when not locked). */
  async lockedFor(name: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.key(`${name}:lock`)));
  }
}
