import { Injectable, NestMiddleware } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { anonymousActor } from '../../common/auth/actor';
import { AppException } from '../../common/errors/app.exception';
import { NetworkKeys } from '../../common/rate-limit/network-key';
import { RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import { AppConfig } from '../../config/app-config';
import { PublicCacheVersion } from '../../modules/public-api/public-cache-version';
import { ViewEngine } from '../views/view-engine';
import { PageCache } from './page-cache';
import { markFrontCacheable } from '../../modules/public-api/public-read-front';
import { keptInPage304, slimNotModified } from '../../modules/public-api/public-validators';
import { PAGE_CSP, PageLocals, pageCacheControl, writePage } from './page-responder';

const WINDOW_MS = 60_000;

const matchesEtag = (header: string | undefined, etag: string): boolean =>
  !!header &&
  header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });

/**
 * Every public page request before its controller: the rate limit per IP (Redis), then the validator. The ETag is
 * the public data version (kept in memory from the invalidation channel) with the build's templates and assets and
 * the URL, so a conditional request is answered 304 — and a page of the current version is served from memory —
 * without touching PostgreSQL. Only what misses reaches the controller, which renders once for everyone.
 */
@Injectable()
export class PublicPageMiddleware implements NestMiddleware {
  constructor(
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    private readonly networks: NetworkKeys,
    private readonly version: PublicCacheVersion,
    private readonly views: ViewEngine,
    private readonly cache: PageCache,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const limit = this.config.site.pagesPerMinute;
    const [rate, data] = await Promise.all([this.limiter.hit(`pages:ip:${this.networks.of(req.ip)}`, WINDOW_MS), this.version.current()]);
    if (rate.count > limit)
      throw AppException.rateLimited(
        rate.retryAfterMs / 1000,
        'Demasiadas solicitudes desde su conexión. Espere un momento y vuelva a intentarlo.',
      );
    req.actor = anonymousActor(String(req.id ?? ''));
    const url = req.originalUrl;
    const etag = `"p${data.version}-${createHash('sha1').update(this.views.fingerprint).update(url).digest('base64url').slice(0, 16)}"`;
    const locals: PageLocals = { etag, cacheKey: `${data.version}|${url}`, version: data.version };
    res.locals.page = locals;
    if (matchesEtag(req.headers['if-none-match'], etag)) {
      slimNotModified(res, keptInPage304);
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', pageCacheControl(url));
      res.setHeader('Vary', 'Accept-Encoding');
      // The page's own policy, as on its 200 (and on a 304 from the cache in front of the router).
      res.setHeader('Content-Security-Policy', PAGE_CSP);
      res.status(304).end();
      return;
    }
    const cached = this.cache.get(locals.cacheKey);
    if (cached) {
      if (cached.status === 200) markFrontCacheable(res, { family: 'page', version: data.version, body: cached, etag, lastModified: null });
      return writePage(res, cached, { ETag: etag, 'Cache-Control': pageCacheControl(url) });
    }
    next();
  }
}
