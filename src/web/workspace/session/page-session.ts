import { Inject, Injectable } from '@nestjs/common';
import { RedisStore } from 'connect-redis';
import { csrfSync } from 'csrf-sync';
import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { REDIS } from '../../../redis/redis-token';

declare module 'express-session' {
  interface SessionData {
    /** Signed in: the user, and the session generation of users.session_generation when the session began. */
    userId: string;
    generation: number;
    /** Display only (header): the person's name and institution at sign-in. */
    userName: string;
    institutionName: string | null;
    startedAt: number;
    seenAt: number;
    /** A one-time message for the next page (after a redirect). */
    notice: string;
  }
}

/** The pages' session cookie: only sent to /app, never readable by script. */
export const SESSION_COOKIE = 'sf_sesion';

/** Why a session ended before the person asked for it (shown on the sign-in page). */
export type SessionEnd = 'idle' | 'absolute' | 'revoked';

/**
 * Server-side sessions for the workspace pages (the API keeps bearer tokens): express-session with its data in Redis
 * (connect-redis), the id in an HttpOnly, SameSite=Lax cookie limited to /app and Secure when the request came over
 * HTTPS (behind TRUST_PROXY_HOPS proxies). The cookie and the Redis entry live SESSION_IDLE_MINUTES past the last
 * request; the absolute limit and the user's session generation are checked on every request by the workspace
 * session middleware. CSRF: a synchronizer token kept in the session (csrf-sync), sent back by every form as `_csrf`.
 */
@Injectable()
export class PageSessions {
  readonly middleware: RequestHandler;
  private readonly csrf = csrfSync({
    getTokenFromRequest: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
      // Multipart forms (file uploads) are read after this check: their token travels in the form's action URL.
      const fromQuery = typeof req.query?._csrf === 'string' ? req.query._csrf : undefined;
      return fromBody ?? fromQuery;
    },
    size: 32,
  });

  constructor(
    @Inject(REDIS) redis: Redis,
    readonly config: AppConfig,
  ) {
    const idleMs = config.auth.sessionIdleMs;
    this.middleware = session({
      name: SESSION_COOKIE,
      // The cookie carries a random id (uid-safe, 24 bytes); the signature key is derived from JWT_SECRET, no new secret.
      secret: createHmac('sha256', config.auth.jwtSecret).update('simplifica:page-session-cookie').digest('base64url'),
      store: new RedisStore({ client: redis, prefix: `${config.redis.queuePrefix}:sess:`, ttl: Math.ceil(idleMs / 1000) }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      unset: 'destroy',
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', path: '/app', maxAge: idleMs },
    });
  }

  /** The form token of this session (created on first use); every form renders it as `_csrf`. */
  csrfToken(req: Request): string {
    return this.csrf.generateToken(req);
  }

  /** Whether a state-changing request carries this session's form token. */
  csrfValid(req: Request): boolean {
    return this.csrf.isRequestValid(req);
  }

  /**
   * Starts a signed-in session under a new id (the old id, which an attacker may have planted, is dropped), bound to
   * the user's current session generation, with a new form token.
   */
  async signIn(
    req: Request,
    user: { id: string; name: string; sessionGeneration: number },
    institutionName: string | null,
    notice?: string,
  ): Promise<void> {
    await regenerate(req);
    const now = Date.now();
    Object.assign(req.session, {
      userId: user.id,
      generation: user.sessionGeneration,
      userName: user.name,
      institutionName,
      startedAt: now,
      seenAt: now,
    });
    if (notice) req.session.notice = notice;
    this.csrf.generateToken(req, true);
    await save(req);
  }

  /** Drops the session data and starts an anonymous one (new id, new form token), with an optional notice. */
  async reset(req: Request, notice?: string): Promise<void> {
    await regenerate(req);
    if (notice) {
      req.session.notice = notice;
      await save(req);
    }
  }

  /** The one-time notice, read once. */
  takeNotice(req: Request): string | null {
    const notice = req.session?.notice ?? null;
    if (notice && req.session) delete req.session.notice;
    return notice;
  }

  clearCookie(res: Response): void {
    res.clearCookie(SESSION_COOKIE, { path: '/app', httpOnly: true, sameSite: 'lax' });
  }
}

const regenerate = (req: Request): Promise<void> =>
  new Promise((resolve, reject) => req.session.regenerate((e) => (e ? reject(e as Error) : resolve())));
const save = (req: Request): Promise<void> =>
  new Promise((resolve, reject) => req.session.save((e) => (e ? reject(e as Error) : resolve())));
