import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, NestMiddleware } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import Redis from 'ioredis';
import { Observable, tap } from 'rxjs';
import { anonymousActor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { PartnerApiKey } from '../partner-api-keys/entities/partner-api-key.entity';
import { PartnerApiKeysService } from '../partner-api-keys/partner-api-keys.service';
import { assertPartnerScope, PartnerScopeRule } from './partner-scope';
import { PublicCacheVersion } from './public-cache.service';

const PUBLIC_READ: PartnerScopeRule = { scope: 'public:read', anonymous: true };

const WINDOW_MS = 60_000;
/**
 * A key's verdict is reused this long. Revocations reach every replica at once over the invalidation channel
 * (PublicCacheVersion); this bound only matters while that channel is down.
 */
const KEY_CACHE_MS = 30_000;
const BODY_CACHE_ENTRIES = 500;
const BODY_CACHE_BYTES = 64 * 1024 * 1024;
const USAGE_TTL_SECONDS = 40 * 86400;

export const usageKey = (prefix: string, keyId: string, day: string) => `${prefix}:public:usage:${keyId}:${day}`;

interface CachedBody {
  body: Buffer;
}

/** Bodies of JSON responses, keyed by data version and URL: a new version makes every entry unreachable. */
@Injectable()
export class PublicBodyCache {
  private readonly entries = new Map<string, CachedBody>();
  private bytes = 0;

  get(key: string): CachedBody | undefined {
    return this.entries.get(key);
  }

  /** Oldest entries go first when either bound (entries, bytes) would be exceeded. */
  set(key: string, body: Buffer): void {
    if (body.length > BODY_CACHE_BYTES / 8 || this.entries.has(key)) return;
    while (this.entries.size && (this.entries.size >= BODY_CACHE_ENTRIES || this.bytes + body.length > BODY_CACHE_BYTES)) {
      const [oldest, entry] = this.entries.entries().next().value as [string, CachedBody];
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
    this.entries.set(key, { body });
    this.bytes += body.length;
  }
}

const matchesEtag = (header: string | undefined, etag: string): boolean =>
  !!header && header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });

/**
 * What every public request goes through before the handler: partner key (X-API-Key) or anonymous, rate limit in
 * Redis (per key or per IP, 429 + Retry-After; a key that does not authenticate counts against its IP), usage count
 * per key and day. Each subclass is bound to its own controllers (public-api.module.ts), so which gate a request
 * passes follows from the route it matched, never from the URL text; routing is case-sensitive.
 */
abstract class PublicGate implements NestMiddleware {
  private readonly keyVerdicts = new Map<string, { key: PartnerApiKey | null; until: number; epoch: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    protected readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly keys: PartnerApiKeysService,
    protected readonly version: PublicCacheVersion,
    protected readonly bodies: PublicBodyCache,
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
        kind: 'partner', userId: null, role: null, institutionId: null, requestId: String(req.id ?? ''), partnerKeyId: partner.id, partnerScopes: [...partner.scopes],
      };
      const key = usageKey(this.config.redis.queuePrefix, partner.id, todayInGuatemala());
      void this.redis.multi().incr(key).expire(key, USAGE_TTL_SECONDS).exec().catch(() => undefined);
    } else {
      req.actor = anonymousActor(String(req.id ?? ''));
    }
    return partner;
  }

  private ipKey(req: Request): string {
    return `public:ip:${req.ip ?? 'unknown'}`;
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

/**
 * The public read API and the open-data exports: anonymous or a key with public:read; then the cache validators.
 * A matching If-None-Match / If-Modified-Since answers 304 from Redis alone, and a fresh body of the same data version
 * is served from memory; neither touches PostgreSQL.
 */
@Injectable()
export class PublicAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const partner = await this.admit(req, res, null);
    // The scope is checked here too (the guard repeats it): a 304 or a cached body must not reach a key without it.
    assertPartnerScope(req.actor, PUBLIC_READ);
    const data = await this.version.current();
    const url = req.originalUrl;
    const etag = `"${data.version}-${createHash('sha1').update(url).digest('base64url').slice(0, 16)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', data.modifiedAt.toUTCString());
    res.setHeader('Cache-Control', partner ? 'private, max-age=60' : 'public, max-age=60, stale-while-revalidate=300');
    res.setHeader('Vary', 'Accept-Encoding, X-API-Key');
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const notModified = inm !== undefined
      ? matchesEtag(inm, etag)
      : ims !== undefined && Number.isFinite(Date.parse(ims)) && Math.floor(data.modifiedAt.getTime() / 1000) <= Math.floor(Date.parse(ims) / 1000);
    if (notModified && (req.method === 'GET' || req.method === 'HEAD')) {
      res.status(304).end();
      return;
    }
    const cacheKey = `${data.version}|${url}`;
    const cached = this.bodies.get(cacheKey);
    if (cached && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': cached.body.length });
      res.end(cached.body);
      return;
    }
    res.locals.publicBodyCacheKey = cacheKey;
    next();
  }
}

/** Partner-managed resources (webhooks): a key is required, nothing is cacheable; the route's @PartnerScope names the scope. */
@Injectable()
export class PartnerAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    await this.admit(req, res, 'Se necesita una llave de API (X-API-Key) de socio.');
    next();
  }
}

/** Keeps the JSON body of a fresh response for the next request of the same URL and data version. */
@Injectable()
export class PublicBodyCacheInterceptor implements NestInterceptor {
  constructor(private readonly bodies: PublicBodyCache) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((body) => {
        const key = res.locals.publicBodyCacheKey as string | undefined;
        if (key && body !== undefined) this.bodies.set(key, Buffer.from(JSON.stringify(body), 'utf8'));
      }),
    );
  }
}
