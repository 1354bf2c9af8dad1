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
import { ApiKeyScope, PartnerApiKey } from '../partner-api-keys/entities/partner-api-key.entity';
import { PartnerApiKeysService } from '../partner-api-keys/partner-api-keys.service';
import { PublicCacheVersion } from './public-cache.service';

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
 * Everything every public request goes through before the handler: partner key (X-API-Key) or anonymous,
 * rate limit in Redis (per key or per IP, 429 + Retry-After), usage count per key and day, then the cache
 * validators. A matching If-None-Match / If-Modified-Since answers 304 from Redis alone, and a fresh body of
 * the same data version is served from memory; neither touches PostgreSQL.
 */
@Injectable()
export class PublicAccessMiddleware implements NestMiddleware {
  private readonly keyVerdicts = new Map<string, { key: PartnerApiKey | null; until: number; epoch: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly keys: PartnerApiKeysService,
    private readonly version: PublicCacheVersion,
    private readonly bodies: PublicBodyCache,
  ) {
    this.version.onKeyRevoked((keyId) => {
      for (const [digest, verdict] of this.keyVerdicts) if (verdict.key?.id === keyId) this.keyVerdicts.delete(digest);
    });
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const raw = req.headers['x-api-key'];
    const presented = Array.isArray(raw) ? raw[0] : raw;
    const managing = req.originalUrl.startsWith('/api/public/v1/webhooks');
    if (managing && !presented) throw AppException.unauthenticated('Se necesita una llave de API (X-API-Key) con el permiso webhooks:manage.');
    const partner = presented ? await this.partnerKey(req, presented, managing ? 'webhooks:manage' : 'public:read') : null;
    const limit = partner ? partner.rateLimitPerMinute : this.config.publicApi.anonymousPerMinute;
    const [rate, data] = await Promise.all([
      this.limiter.hit(partner ? `public:key:${partner.id}` : `public:ip:${req.ip ?? 'unknown'}`, WINDOW_MS),
      this.version.current(),
    ]);
    res.setHeader('X-RateLimit-Limit', String(limit));
    res.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - rate.count)));
    if (rate.count > limit) throw AppException.rateLimited(rate.retryAfterMs / 1000, 'Límite de solicitudes excedido. Espere antes de volver a intentarlo.');
    if (partner) {
      req.actor = { kind: 'partner', userId: null, role: null, institutionId: null, requestId: String(req.id ?? ''), partnerKeyId: partner.id };
      const key = usageKey(this.config.redis.queuePrefix, partner.id, todayInGuatemala());
      void this.redis.multi().incr(key).expire(key, USAGE_TTL_SECONDS).exec().catch(() => undefined);
    } else {
      req.actor = anonymousActor(String(req.id ?? ''));
    }
    if (managing) {
      res.setHeader('Cache-Control', 'no-store');
      next();
      return;
    }

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

  private async partnerKey(req: Request, presented: string, scope: ApiKeyScope): Promise<PartnerApiKey> {
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
    if (!verdict.key) throw AppException.unauthenticated('La llave de API (X-API-Key) no es válida o fue revocada.');
    if (!verdict.key.scopes.includes(scope)) throw AppException.forbidden(`La llave de API no tiene el permiso ${scope}.`);
    return verdict.key;
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
