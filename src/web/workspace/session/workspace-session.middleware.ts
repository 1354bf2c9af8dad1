import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../../../common/errors/app.exception';
import { NetworkKeys } from '../../../common/rate-limit/network-key';
import { RateLimiter } from '../../../common/rate-limit/rate-limiter.service';
import { UserSessions } from '../../../modules/users/user-sessions.service';
import { PageSessions, SessionEnd } from './page-session';

const ENDED: Record<SessionEnd, string> = {
  idle: 'Su sesión se cerró por inactividad. Ingrese de nuevo.',
  absolute: 'Su sesión llegó a su duración máxima. Ingrese de nuevo.',
  revoked: 'Su sesión se cerró (cerró sesión en otro lugar, cambió su contraseña o su cuenta cambió). Ingrese de nuevo.',
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every workspace request (/app/**), before its controller: loads the session from Redis, ends it when idle too long,
 * past its absolute lifetime, or when the user's session generation moved on (sign-out anywhere, a password change,
 * an administrator disabling or changing the user — the same generation and invalidation channel as API tokens),
 * sets `req.actor` for a live signed-in session, limits requests without one per address (PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE),
 * and refuses a state-changing request without this session's form token (403).
 */
@Injectable()
export class WorkspaceSessionMiddleware implements NestMiddleware {
  constructor(
    private readonly pages: PageSessions,
    private readonly sessions: UserSessions,
    private readonly limiter: RateLimiter,
    private readonly networks: NetworkKeys,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.pages.middleware(req, res, (err?: unknown) => {
      if (err) return next(err);
      this.resolve(req).then(() => next(), next);
    });
  }

  private async resolve(req: Request): Promise<void> {
    const s = req.session;
    if (s.userId) {
      const now = Date.now();
      const { sessionIdleMs, sessionAbsoluteMs } = this.pages.config.auth;
      let ended: SessionEnd | null = null;
      if (now - (s.startedAt ?? 0) > sessionAbsoluteMs) ended = 'absolute';
      else if (now - (s.seenAt ?? 0) > sessionIdleMs) ended = 'idle';
      else {
        const state = await this.sessions.current(s.userId);
        if (!state || state.status !== 'active' || state.generation !== s.generation) ended = 'revoked';
        else {
          req.actor = {
            kind: 'user',
            userId: s.userId,
            role: state.role,
            institutionId: state.institutionId,
            requestId: String(req.id ?? ''),
          };
          s.seenAt = now;
        }
      }
      if (ended) await this.pages.reset(req, ENDED[ended]);
    }
    if (!req.actor) {
      // Without a live session (sign-in, activation, reset pages; bots): the public pages' limit per address, before a
      // session is stored in Redis for them.
      const rate = await this.limiter.hit(`pages:app:ip:${this.networks.of(req.ip)}`, 60_000);
      if (rate.count > this.pages.config.site.pagesPerMinute) {
        throw AppException.rateLimited(
          rate.retryAfterMs / 1000,
          'Demasiadas solicitudes desde su conexión. Espere un momento y vuelva a intentarlo.',
        );
      }
    }
    if (!SAFE_METHODS.has(req.method) && !this.pages.csrfValid(req)) {
      throw AppException.forbidden(
        'El formulario venció o no es válido (falta la marca de seguridad). Vuelva a cargar la página e inténtelo de nuevo.',
      );
    }
  }
}
