import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { assertPartnerScope } from './partner-scope';
import { PUBLIC_READ, setCachingHeaders } from './public-access.middleware';
import { PublicGate } from './public-gate';
import { isNotModified, ResourceValidators } from './public-validators';

/** Guatemala is UTC−6 all year (no daylight saving). */
const GUATEMALA_OFFSET = '-06:00';

/**
 * The validators of an open-data file at a data version: a file is not known before it is streamed, so they come from
 * the public data version and the day in Guatemala (the files read "in force today" and "this month": a requirement
 * that ends at midnight changes them with no write), never from PostgreSQL. Last-Modified is the later of the version's
 * time and the start of the day.
 */
export function exportValidators(url: string, data: { version: string; modifiedAt: Date }, now = new Date()): ResourceValidators {
  const day = todayInGuatemala(now);
  const etag = `"${data.version}-${day}-${createHash('sha1').update(url).digest('base64url').slice(0, 16)}"`;
  const dayStart = new Date(`${day}T00:00:00${GUATEMALA_OFFSET}`);
  const lastModified = data.modifiedAt > dayStart ? data.modifiedAt : dayStart;
  return { etag, lastModified, version: data.version };
}

/**
 * The open-data files (streamed, never held in memory): anonymous or a key with public:read; ETag and Last-Modified
 * from exportValidators, so a conditional request is answered 304 from Redis (or the in-memory version) alone; the
 * same Cache-Control and Vary as the rest of the public API, for a CDN in front.
 */
@Injectable()
export class PublicExportAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const partner = await this.admit(req, res, null);
    assertPartnerScope(req.actor, PUBLIC_READ);
    const validators = exportValidators(req.originalUrl, await this.version.current());
    res.setHeader('ETag', validators.etag);
    res.setHeader('Last-Modified', validators.lastModified.toUTCString());
    setCachingHeaders(res, partner !== null);
    if (isNotModified(req.headers, validators) && (req.method === 'GET' || req.method === 'HEAD')) {
      res.status(304).end();
      return;
    }
    next();
  }
}
