import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { assertPartnerScope } from './partner-scope';
import { PUBLIC_READ, setCachingHeaders } from './public-access.middleware';
import type { DataVersion } from './public-cache-version';
import { PublicGate } from './public-gate';
import { isNotModified, ResourceValidators, slimNotModified } from './public-validators';

/**
 * The validators of an open-data file at a data version: a file is not known before it is streamed, so they come from
 * the public data version alone (which includes the day in Guatemala: the files read "in force today"), never from
 * PostgreSQL.
 */
export function exportValidators(url: string, data: DataVersion): ResourceValidators {
  const etag = `"${data.version}-${createHash('sha1').update(url).digest('base64url').slice(0, 16)}"`;
  return { etag, lastModified: data.modifiedAt, version: data.version };
}

/**
 * The open-data files (streamed, never held in memory): anonymous or a key with public:read; ETag and Last-Modified
 * from exportValidators, so a conditional request is answered 304 from Redis (or the in-memory version) alone; the
 * same Cache-Control and Vary as the rest of the public API, for a CDN in front.
 */
@Injectable()
export class PublicExportAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    slimNotModified(res);
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
