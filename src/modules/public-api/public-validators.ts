import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import Redis from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { isOlderVersion } from './public-cache-version';

/** The HTTP validators of one public representation (one URL). */
export interface ResourceValidators {
  /** Strong ETag: a digest of the representation itself, so it changes when, and only when, the body changes. */
  etag: string;
  /** The newest contributing row's time (the body's updatedAt / lastUpdate / occurredAt…), else when this body was first seen. */
  lastModified: Date;
  /** The public data version these validators were computed at (PublicCacheVersion); stale once it moves. */
  version: string;
}

/** Timestamps a public body carries for the rows it is made of. */
const ROW_TIME_KEYS = new Set(['updatedAt', 'lastUpdate', 'occurredAt', 'changedAt', 'computedAt', 'adoptedAt']);
const VALIDATORS_TTL_SECONDS = 2 * 86400;

/** The newest row time in a body (walks objects and arrays; ISO strings under ROW_TIME_KEYS), or null. */
export function newestRowTime(body: unknown, depth = 0): number | null {
  if (depth > 6 || body === null || typeof body !== 'object') return null;
  let newest: number | null = null;
  const consider = (t: number | null) => {
    if (t !== null && Number.isFinite(t) && (newest === null || t > newest)) newest = t;
  };
  if (Array.isArray(body)) {
    for (const item of body) consider(newestRowTime(item, depth + 1));
    return newest;
  }
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (ROW_TIME_KEYS.has(k) && typeof v === 'string') consider(Date.parse(v));
    else if (v !== null && typeof v === 'object') consider(newestRowTime(v, depth + 1));
  }
  return newest;
}

/** The strong ETag of a serialized representation. */
export const etagOf = (serialized: string | Buffer): string =>
  `"${createHash('sha256').update(serialized).digest('base64url').slice(0, 27)}"`;

/**
 * The headers a 304 of the public API keeps (RFC 9110 §15.4.5): its validators and caching (ETag, Last-Modified,
 * Cache-Control, Expires, Vary, Date), and what guides the client about the request itself (request id, rate limit,
 * CORS). The rest — the security headers of a document, which the copy the client already holds keeps — is left out:
 * a 304 carries no representation, and every header costs the busiest answer of the API (issue 17, goal 1).
 */
const KEPT_IN_304 =
  /^(?:etag|last-modified|cache-control|expires|vary|date|content-location|x-request-id|x-ratelimit-[a-z-]+|retry-after|access-control-[a-z-]+)$/;
export const keptIn304 = (name: string): boolean => KEPT_IN_304.test(name.toLowerCase());

/**
 * The headers a 304 of a public page keeps: those of the API's (`keptIn304`) and the page's Content-Security-Policy, so
 * that a new policy reaches a page a browser holds on its next revalidation. helmet's other headers (X-Frame-Options,
 * HSTS, …) are the same on every page of every build: the copy the browser holds keeps them (ADR 0015).
 */
export const keptInPage304 = (name: string): boolean => keptIn304(name) || name.toLowerCase() === 'content-security-policy';

/** Makes a 304 written on this response (by any code on the router's path) carry only the headers `kept` (default: the API's). */
export function slimNotModified(res: ServerResponse, kept: (name: string) => boolean = keptIn304): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (status === 304) for (const name of this.getHeaderNames()) if (!kept(name)) this.removeHeader(name);
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, status, ...rest);
  } as ServerResponse['writeHead'];
}

/** Whether a conditional GET is answered 304 by these validators (If-None-Match wins over If-Modified-Since, RFC 9110). */
export function isNotModified(
  headers: { 'if-none-match'?: string; 'if-modified-since'?: string },
  v: Pick<ResourceValidators, 'etag' | 'lastModified'>,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').some((t) => {
      const tag = t.trim();
      return tag === '*' || tag === v.etag || tag === `W/${v.etag}`;
    });
  }
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Math.floor(v.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

/**
 * Per-resource validators of the public API, the one place they are computed. A handler's JSON body is digested into a
 * strong ETag (`record`), remembered in Redis per URL with the data version it was computed at; while that version is
 * current, `known` returns them without PostgreSQL (the middleware answers 304 from them, and a cache in front can key
 * on them). When the data version moves, the next request recomputes the body: if it is the same representation, the
 * ETag and Last-Modified stay as they were, so a write elsewhere (another institution, another procedure) never
 * invalidates a partner's copy of this document.
 */
@Injectable()
export class PublicValidators {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
  ) {
    this.prefix = `${config.redis.queuePrefix}:public:validators:`;
  }

  private keyOf(url: string): string {
    return this.prefix + createHash('sha1').update(url).digest('base64url');
  }

  /** The validators of `url` if they were computed at data version `version`; null when unknown or stale. */
  async known(url: string, version: string): Promise<ResourceValidators | null> {
    const raw = await this.redis.get(this.keyOf(url));
    const entry = raw ? (JSON.parse(raw) as { v: string; etag: string; lm: number }) : null;
    return entry && entry.v === version ? { etag: entry.etag, lastModified: new Date(entry.lm), version } : null;
  }

  /**
   * The validators of the representation a handler produced for `url` at data version `version`, remembered for the
   * next requests. The same body as last time keeps its Last-Modified.
   */
  async record(url: string, version: string, serialized: string | Buffer, body: unknown): Promise<ResourceValidators> {
    const etag = etagOf(serialized);
    const key = this.keyOf(url);
    const raw = await this.redis.get(key);
    const previous = raw ? (JSON.parse(raw) as { v: string; etag: string; lm: number }) : null;
    const rowTime = newestRowTime(body);
    // A new representation is never older than the one it replaces (If-Modified-Since must not answer 304 for it).
    const lm =
      previous && previous.etag === etag
        ? previous.lm
        : Math.max(rowTime ?? Math.floor(Date.now() / 1000) * 1000, previous ? previous.lm + 1000 : 0);
    // Versions only move forward: a slow request of an older version does not overwrite a newer entry.
    if (!previous || !isOlderVersion(version, previous.v))
      await this.redis.set(key, JSON.stringify({ v: version, etag, lm }), 'EX', VALIDATORS_TTL_SECONDS);
    return { etag, lastModified: new Date(lm), version };
  }
}
