import { Inject, NestMiddleware } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import Redis from 'ioredis';
import { anonymousActor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { NetworkKeys } from '../../common/rate-limit/network-key';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { PartnerApiKey } from '../partner-api-keys/entities/partner-api-key.entity';
import { PartnerApiKeysService } from '../partner-api-keys/partner-api-keys.service';
import { USAGE_TTL_SECONDS, usageKey } from '../partner-api-keys/partner-key-usage';
import { PublicBodyCache } from './public-body-cache';
import { PublicCacheVersion } from './public-cache-version';
import { PublicValidators } from './public-validators';

const WINDOW_MS = 60_000;
/**
 * A key's verdict is reused this long. A revocation reaches every replica at once: it leaves a mark in Redis that every
 * request checks with its rate limit (PublicCacheVersion.wasRevoked), and the invalidation channel drops the verdicts.
 */
const KEY_CACHE_MS = 30_000;

/**
 * What every public request goes through before the handler: partner key (X-API-Key) or anonymous, rate limit in
 * Redis (per key or per IP, 429 + Retry-After; a key that does not authenticate counts against its IP), usage count
 * per key and day. Each subclass is bound to its own controllers (public-api.module.ts), so which gate a request
 * passes follows from the route it matched, never from the URL text; routing is case-sensitive.
 */
export abstract class PublicGate implements NestMiddleware {
  private readonly keyVerdicts = new Map<string, { key: PartnerApiKey | null; until: number; epoch: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    protected readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly networks: NetworkKeys,
    private readonly keys: PartnerApiKeysService,
    protected readonly version: PublicCacheVersion,
    protected readonly bodies: PublicBodyCache,
    protected readonly validators: PublicValidators,
  ) {
    this.version.onKeyRevoked((keyId) => this.forget(keyId));
  }

  private forget(keyId: string): void {
    for (const [digest, verdict] of this.keyVerdicts) if (verdict.key?.id === keyId) this.keyVerdicts.delete(digest);
  }

  abstract use(req: Request, res: Response, next: NextFunction): Promise<void>;

  /** Authenticates the key (if any), applies the rate limit and sets req.actor; returns the partner key or null. */
  protected async admit(req: Request, res: Response, keyRequired: string | null): Promise<PartnerApiKey | null> {
    const raw = req.headers['x-api-key'];
    const presented = Array.isArray(raw) ? raw[0] : raw;
    if (!presented && keyRequired) throw AppException.unauthenticated(keyRequired);
    const partner = presented ? await this.partnerKey(req, presented) : null;
    if (presented && !partner) {
      // A bad key is an anonymous caller that failed: it spends its address's allowance, so guessing keys is rate-limited.
      const rate = await this.limiter.hit(this.ipKey(req), WINDOW_MS);
      if (rate.count > this.config.publicApi.anonymousPerMinute) throw this.limited(rate.retryAfterMs);
      throw AppException.unauthenticated('La llave de API (X-API-Key) no es válida o fue revocada.');
    }
    const limit = partner ? partner.rateLimitPerMinute : this.config.publicApi.anonymousPerMinute;
    // One round trip (auto-pipelined): the rate limit, and whether the key was revoked since its verdict was cached.
    const [rate, revoked] = await Promise.all([
      this.limiter.hit(partner ? `public:key:${partner.id}` : this.ipKey(req), WINDOW_MS),
      partner ? this.version.wasRevoked(partner.id) : Promise.resolve(false),
    ]);
    if (partner && revoked) {
      this.forget(partner.id);
      throw AppException.unauthenticated('La llave de API (X-API-Key) no es válida o fue revocada.');
    }
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - rate.count)));
    if (rate.count > limit) throw this.limited(rate.retryAfterMs);
    if (partner) {
      req.actor = {
        kind: 'partner',
        userId: null,
        role: null,
        institutionId: null,
        requestId: String(req.id ?? ''),
        partnerKeyId: partner.id,
        partnerScopes: [...partner.scopes],
      };
      const key = usageKey(this.config.redis.queuePrefix, partner.id, todayInGuatemala());
      void this.redis
        .multi()
        .incr(key)
        .expire(key, USAGE_TTL_SECONDS)
        .exec()
        .catch(() => undefined);
    } else {
      req.actor = anonymousActor(String(req.id ?? ''));
    }
    return partner;
  }

  private ipKey(req: Request): string {
    return `public:ip:${this.networks.of(req.ip)}`;
  }

  private limited(retryAfterMs: number): AppException {
    return AppException.rateLimited(retryAfterMs / 1000, 'Límite de solicitudes excedido. Espere antes de volver a intentarlo.');
  }

  private async partnerKey(req: Request, presented: string): Promise<PartnerApiKey | null> {
    const digest = createHash('sha256').update(presented).digest('hex');
    const now = Date.now();
    const epoch = this.version.subscriptionEpoch;
    let verdict = this.keyVerdicts.get(digest);
    if (!verdict || verdict.until < now || verdict.epoch !== epoch) {
      const key = await this.keys.authenticate(anonymousActor(String(req.id ?? '')), presented);
      verdict = { key, until: now + KEY_CACHE_MS, epoch };
      if (this.keyVerdicts.size > 1000) this.keyVerdicts.clear();
      this.keyVerdicts.set(digest, verdict);
    }
    return verdict.key;
  }
}
