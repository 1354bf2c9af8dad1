import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PublicGate } from './public-gate';

/** Partner-managed resources (webhooks): a key is required, nothing is cacheable; the route's @PartnerScope names the scope. */
@Injectable()
export class PartnerAccessMiddleware extends PublicGate {
  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    await this.admit(req, res, 'Se necesita una llave de API (X-API-Key) de socio.');
    next();
  }
}
