import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import { NetworkKeys } from '../../../common/rate-limit/network-key';
import { RateLimiter } from '../../../common/rate-limit/rate-limiter.service';
import { AppConfig } from '../../../config/app-config';
import { REDIS } from '../../../redis/redis-token';
import { issueFormToken, originOf, parseCookies, sameOrigin, signValue, unsignValue, verifyFormToken } from './anonymous-forms.keys';

/** The honeypot: a text field people never see nor reach; anything typed in it is a robot's. */
export const HONEYPOT_FIELD = 'sitio_web';
/** The form token's field. */
export const FORM_TOKEN_FIELD = '_formulario';

/** How long a token rendered in a (cached) page is accepted. Older: the form is shown again with a fresh token. */
export const FORM_TOKEN_MAX_AGE_MS = 7 * 24 * 3_600_000;

/** Why a submission was not accepted before its content was even read. */
export type AnonymousRefusal = 'origin' | 'token' | 'expired' | 'honeypot';
export type AnonymousVerdict = { ok: true } | { ok: false; reason: AnonymousRefusal };

/** A fixed window: at most `max` hits per `windowMs`. */
export interface Window {
  max: number;
  windowMs: number;
}
/** Limits of one form: per network (keyed hash of the address) and per subject (whoever sends). */
export interface AnonymousLimits {
  perNetwork: Window;
  perSubject: Window;
}
export type LimitVerdict = { ok: true } | { ok: false; which: 'network' | 'subject'; retryAfterSeconds: number };

/** What a form partial needs: `{{> anonymous-form/protection protection}}`. */
export interface FormProtection {
  token: string;
  tokenField: string;
  honeypotField: string;
}

/**
 * Shared protections of the public site's forms, which have no account and no session (ADR 0011):
 * - `protection(form, subject)` → the hidden token and the honeypot for the page (cacheable: nothing per visitor);
 * - `verify(req, form, subject)` → same origin (Origin, else Referer), a valid unexpired token, an empty honeypot;
 * - `limit(req, form, subject, limits)` → Redis counters per network and per subject;
 * - `claimOnce(req, form, subject, ttlMs)` → true the first time this network does this within ttl (per-network "once");
 * - `networkKey(req)` → HMAC of the address with a server secret and the UTC day, never the address itself;
 * - `setSignedCookie` / `readSignedCookie` → a value the browser keeps and cannot forge (HttpOnly, SameSite=Lax).
 * The keys derive from JWT_SECRET (as the page session cookie's does, ADR 0010), one per purpose.
 */
@Injectable()
export class AnonymousForms {
  private readonly formKey: Buffer;
  private readonly cookieKey: Buffer;

  constructor(
    private readonly config: AppConfig,
    private readonly limiter: RateLimiter,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly networks: NetworkKeys,
  ) {
    const derive = (purpose: string) =>
      createHmac('sha256', config.auth.jwtSecret).update(`simplifica:anonymous-forms:${purpose}`).digest();
    this.formKey = derive('form-token');
    this.cookieKey = derive('cookie');
  }

  protection(form: string, subject: string, now = Date.now()): FormProtection {
    return { token: issueFormToken(this.formKey, form, subject, now), tokenField: FORM_TOKEN_FIELD, honeypotField: HONEYPOT_FIELD };
  }

  /** The origins a form may be posted from: the public URL's, and the one the request was addressed to. */
  private allowedOrigins(req: Request): string[] {
    const own = originOf(`${req.protocol}://${req.get('host') ?? ''}`);
    return [originOf(this.config.http.publicUrl), own].filter((o): o is string => o !== null);
  }

  verify(req: Request, form: string, subject: string, now = Date.now()): AnonymousVerdict {
    if (!sameOrigin(req.get('origin'), req.get('referer'), this.allowedOrigins(req))) return { ok: false, reason: 'origin' };
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = verifyFormToken(this.formKey, body[FORM_TOKEN_FIELD], form, subject, now, FORM_TOKEN_MAX_AGE_MS);
    if (token !== 'ok') return { ok: false, reason: token === 'expired' ? 'expired' : 'token' };
    const honey = body[HONEYPOT_FIELD];
    if (honey !== undefined && honey !== '') return { ok: false, reason: 'honeypot' };
    return { ok: true };
  }

  /**
   * The keyed hash of the request's address (behind TRUST_PROXY_HOPS proxies), scoped to the UTC day: the same
   * network gives the same key all day and an unrelated one the next, and no key leads back to the address.
   */
  networkKey(req: Request, now = Date.now()): string {
    return this.networks.of(req.ip ?? req.socket.remoteAddress, now);
  }

  /** Counts this submission against both limits; refuses when either is over. */
  async limit(req: Request, form: string, subject: string, limits: AnonymousLimits): Promise<LimitVerdict> {
    const net = this.networkKey(req);
    const [byNetwork, bySubject] = await Promise.all([
      this.limiter.hit(`af:${form}:net:${net}`, limits.perNetwork.windowMs),
      this.limiter.hit(`af:${form}:subj:${subject}`, limits.perSubject.windowMs),
    ]);
    if (byNetwork.count > limits.perNetwork.max)
      return { ok: false, which: 'network', retryAfterSeconds: Math.max(1, Math.ceil(byNetwork.retryAfterMs / 1000)) };
    if (bySubject.count > limits.perSubject.max)
      return { ok: false, which: 'subject', retryAfterSeconds: Math.max(1, Math.ceil(bySubject.retryAfterMs / 1000)) };
    return { ok: true };
  }

  private onceKey(req: Request, form: string, subject: string): string {
    return `${this.config.redis.queuePrefix}:af:once:${form}:${subject}:${this.networkKey(req)}`;
  }

  /** True the first time this network claims (form, subject) within `ttlMs`; false while a previous claim lives. */
  async claimOnce(req: Request, form: string, subject: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.onceKey(req, form, subject), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  /** Gives a claim back (the submission it guarded was not stored after all). */
  async releaseOnce(req: Request, form: string, subject: string): Promise<void> {
    await this.redis.del(this.onceKey(req, form, subject));
  }

  setSignedCookie(req: Request, res: Response, name: string, value: string, opts: { maxAgeMs: number; path: string }): void {
    res.cookie(name, signValue(this.cookieKey, name, value), {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: opts.path,
      maxAge: opts.maxAgeMs,
      encode: String,
    });
  }

  readSignedCookie(req: Request, name: string): string | null {
    return unsignValue(this.cookieKey, name, parseCookies(req.headers.cookie)[name]);
  }
}
