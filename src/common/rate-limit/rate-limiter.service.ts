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

  async peek(name: string): Promise<RateState> {
    const [count, ttl] = await this.redis.multi().get(this.key(name)).pttl(this.key(name)).exec().then((r) => [r?.[0]?.[1], r?.[1]?.[1]]);
    return { count: Number(count ?? 0), retryAfterMs: Math.max(0, Number(ttl ?? 0)) };
  }

  async reset(name: string): Promise<void> {
    await this.redis.del(this.key(name));
  }
}
