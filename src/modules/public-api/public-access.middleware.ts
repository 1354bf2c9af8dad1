import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { assertPartnerScope, PartnerScopeRule } from './partner-scope';
import { PublicGate } from './public-gate';
import { markFrontCacheable } from './public-read-front';
import { isNotModified, slimNotModified } from './public-validators';

export const PUBLIC_READ: PartnerScopeRule = { scope: 'public:read', anonymous: true };

/**
 * For a CDN or any shared cache in front: anonymous answers are public for a short while and may be served stale while
 * revalidating; keyed answers are private (they carry the key's rate-limit headers). Bodies vary by encoding and key.
 */
export function setCachingHeaders(res: Response, keyed: boolean): void {
  res.setHeader('Cache-Control', keyed ? 'private, max-age=60' : 'public, max-age=60, stale-while-revalidate=300');
  res.setHeader('Vary', 'Accept-Encoding, X-API-Key');
}

/**
 * The public read API: anonymous or a key with public:read; then the per-resource validators (PublicValidators). While
 * the public data version has not moved, a matching If-None-Match / If-Modified-Since is answered 304 from the
 * validators known for the URL (memory or Redis), and a fresh body of the same version is served from memory; neither
 * touches PostgreSQL. Otherwise the handler runs and PublicBodyCacheInterceptor digests its body into the validators.
 */
@Injectable()
export class PublicAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    slimNotModified(res);
    const partner = await this.admit(req, res, null);
    // The scope is checked here too (the guard repeats it): a 304 or a cached body must not reach a key without it.
    assertPartnerScope(req.actor, PUBLIC_READ);
    const data = await this.version.current();
    const url = req.originalUrl;
    setCachingHeaders(res, partner !== null);
    const cacheKey = `${data.version}|${url}`;
    const cached = this.bodies.get(cacheKey);
    const known = cached?.validators ?? (await this.validators.known(url, data.version));
    if (known) {
      res.setHeader('ETag', known.etag);
      res.setHeader('Last-Modified', known.lastModified.toUTCString());
      if (isNotModified(req.headers, known) && (req.method === 'GET' || req.method === 'HEAD')) {
        res.status(304).end();
        return;
      }
    }
    if (cached && req.method === 'GET') {
      const v = cached.validators;
      markFrontCacheable(res, { family: 'api', version: v.version, body: cached.forms, etag: v.etag, lastModified: v.lastModified });
      res.status(200);
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.setHeader('Content-Length', String(cached.body.length));
      res.end(cached.body);
      return;
    }
    res.locals.publicBodyCacheKey = cacheKey;
    res.locals.publicValidatorsUrl = url;
    res.locals.publicDataVersion = data.version;
    next();
  }
}
