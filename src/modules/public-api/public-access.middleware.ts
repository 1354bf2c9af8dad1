import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { assertPartnerScope, PartnerScopeRule } from './partner-scope';
import { PublicGate } from './public-gate';

const PUBLIC_READ: PartnerScopeRule = { scope: 'public:read', anonymous: true };

const matchesEtag = (header: string | undefined, etag: string): boolean =>
  !!header && header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });

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

