import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { assertPartnerScope } from './partner-scope';
import { PUBLIC_READ, setCachingHeaders } from './public-access.middleware';
import { PublicGate } from './public-gate';
import { isNotModified } from './public-validators';

/**
 * The open-data files (streamed, never held in memory): anonymous or a key with public:read; validators from the public
 * data version (the file is not known before it is streamed), so a conditional request is answered 304 from Redis alone.
 */
@Injectable()
export class PublicExportAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const partner = await this.admit(req, res, null);
    assertPartnerScope(req.actor, PUBLIC_READ);
    const data = await this.version.current();
    const etag = `"${data.version}-${createHash('sha1').update(req.originalUrl).digest('base64url').slice(0, 16)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', data.modifiedAt.toUTCString());
    setCachingHeaders(res, partner !== null);
    if (isNotModified(req.headers, { etag, lastModified: data.modifiedAt }) && (req.method === 'GET' || req.method === 'HEAD')) {
      res.status(304).end();
      return;
    }
    next();
  }
}
