import { Injectable } from '@nestjs/common';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { compressed, Precompressed } from '../../common/http/precompressed';
import { incomingRequestId } from '../../common/http/request-id';
import { NetworkKeys } from '../../common/rate-limit/network-key';
import { RateLeases } from '../../common/rate-limit/rate-leases';
import { AppConfig } from '../../config/app-config';
import { negotiateEncoding } from '../../web/assets/assets.service';
import { PublicCacheVersion } from './public-cache-version';
import { isNotModified, keptIn304, keptInPage304 } from './public-validators';

/** What a public read handler says about its 200 answer: it may be replayed to anyone for this data version. */
export interface FrontCacheable {
  /** api: /api/public/v1 (rate limit public:ip, X-RateLimit-* headers); page: /transparencia (pages:ip). */
  family: 'api' | 'page';
  /** The public data version the body was produced at (PublicCacheVersion). */
  version: string;
  /** The body (identity), and its compressed forms once made; shared with the router-side caches. */
  body: Precompressed;
  etag: string;
  /** API answers carry Last-Modified (If-Modified-Since is honoured); pages do not. */
  lastModified: Date | null;
}

const MARK = Symbol('publicReadFront');
type Marked = ServerResponse & { [MARK]?: FrontCacheable };

/** Marks a public 200 answer for the cache in front of the router (the answer is still written by the router's path). */
export function markFrontCacheable(res: ServerResponse, mark: FrontCacheable): void {
  (res as Marked)[MARK] = mark;
}

interface FrontEntry {
  mark: FrontCacheable;
  /** The router's headers for the 200 (flat [name, value, …]), without the per-request ones. */
  headers: string[];
  /** The same for a 304: only `keptIn304` (the API's) or `keptInPage304` (a page's), as the router's 304s. */
  notModified: string[];
}

/** Set per request (or per representation), never replayed. */
const PER_REQUEST = new Set([
  'x-request-id',
  'x-ratelimit-remaining',
  'content-length',
  'content-encoding',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);
const WINDOW_MS = 60_000;
const MAX_ENTRIES = 1000;
/** Counts identity bytes ×1.5 per entry (br and gzip add about half again at most). */
const MAX_BYTES = 96 * 1024 * 1024;

/** The addresses of a request as proxy-addr sees them (socket first, then X-Forwarded-For from the nearest hop). */
function forwardedFor(header: string): string[] {
  const list: string[] = [];
  let end = header.length;
  let start = header.length;
  for (let i = header.length - 1; i >= 0; i--) {
    const c = header.charCodeAt(i);
    if (c === 0x20) {
      if (start === end) start = end = i;
    } else if (c === 0x2c) {
      if (start !== end) list.push(header.substring(start, end));
      start = end = i;
    } else start = i;
  }
  if (start !== end) list.push(header.substring(start, end));
  return list;
}

/**
 * Answers repeated anonymous public GETs (the public API under /api/public/v1 and the pages under /transparencia) and
 * their conditional requests from memory, before Express and Nest see them: a per-process map from (public data
 * version, URL) to the body the router's path produced (identity, plus brotli and gzip made once when first asked)
 * and the headers it sent (security headers, caching, validators). The rate limit is applied first, on the same
 * Redis counters as the router's gate (RateLeases); whatever is not a hit — a miss, a partner key, a request with
 * Origin, a refused or uncertain rate limit, no subscription to the invalidation channel — goes to the router
 * unchanged, which also answers every error. See docs/adr/0015-public-read-cache-before-the-router.md.
 *
 * On the router's path, an answer a handler marked (markFrontCacheable) is written by the same code as a hit, so the
 * two are the same bytes and headers; it is kept when the caller was anonymous and without Origin.
 */
@Injectable()
export class PublicReadFront {
  private readonly entries = new Map<string, FrontEntry>();
  private entriesVersion = '';
  private bytes = 0;
  private readonly encodings = new Map<string, 'br' | 'gzip' | null>();
  private readonly apiLimit: number;
  private readonly pageLimit: number;
  private readonly hops: number;
  private hits = 0;

  constructor(
    private readonly version: PublicCacheVersion,
    private readonly leases: RateLeases,
    private readonly networks: NetworkKeys,
    config: AppConfig,
  ) {
    this.apiLimit = config.publicApi.anonymousPerMinute;
    this.pageLimit = config.site.pagesPerMinute;
    this.hops = config.http.trustProxyHops;
  }

  /** Puts this cache in front of the server's request listener (Express). */
  install(server: Server): void {
    const [router] = server.listeners('request') as RequestListener[];
    if (!router) return;
    server.removeListener('request', router);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const served = this.serve(req, res);
      if (served === true) return;
      if (served === false) return this.route(req, res, router);
      served.then(
        (ok) => ok || this.route(req, res, router),
        () => this.route(req, res, router),
      );
    });
  }

  /** Answers served from memory so far (for tests and the benchmark). */
  get served(): number {
    return this.hits;
  }

  /** Forgets every body (tests: the next request takes the router's path). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private familyOf(req: IncomingMessage): FrontCacheable['family'] | null {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    const url = req.url ?? '';
    if (url.startsWith('/api/public/v1/')) return 'api';
    if (url.startsWith('/transparencia') && (url.length === 14 || url[14] === '/' || url[14] === '?')) return 'page';
    return null;
  }

  /** true: answered; false: not a hit (the router answers); a promise of either when a rate-limit block is being taken. */
  private serve(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
    const family = this.familyOf(req);
    if (!family) return false;
    const h = req.headers;
    if (h['x-api-key'] !== undefined || h.origin !== undefined) return false;
    const data = this.version.mirrored();
    if (!data) return false;
    if (data.version !== this.entriesVersion) {
      // A new data version: every body is stale at once.
      this.clear();
      this.entriesVersion = data.version;
      return false;
    }
    const entry = this.entries.get(req.url!);
    if (!entry || entry.mark.family !== family) return false;
    const limit = family === 'api' ? this.apiLimit : this.pageLimit;
    const counted = this.leases.admit(
      `${family === 'api' ? 'public' : 'pages'}:ip:${this.networks.of(this.clientIp(req))}`,
      limit,
      WINDOW_MS,
    );
    if (counted === null) return false;
    if (typeof counted === 'number') return this.write(req, res, entry, limit, counted);
    return counted.then((n) => n !== null && this.write(req, res, entry, limit, n));
  }

  private write(req: IncomingMessage, res: ServerResponse, entry: FrontEntry, limit: number, counted: number): true {
    this.hits++;
    const { mark } = entry;
    const extra = ['X-Request-Id', incomingRequestId(req)];
    if (mark.family === 'api') extra.push('X-RateLimit-Remaining', String(Math.max(0, limit - counted)));
    const h = req.headers;
    const notModified = mark.lastModified
      ? isNotModified(h, { etag: mark.etag, lastModified: mark.lastModified })
      : isNotModified({ 'if-none-match': h['if-none-match'] }, { etag: mark.etag, lastModified: new Date(0) });
    if (notModified) {
      res.writeHead(304, entry.notModified.concat(extra));
      res.end();
      return true;
    }
    const encoding = this.encodingOf(h['accept-encoding']);
    const body = encoding ? compressed(mark.body, encoding) : mark.body.identity;
    if (encoding) extra.push('Content-Encoding', encoding);
    extra.push('Content-Length', String(body.length));
    res.writeHead(200, entry.headers.concat(extra));
    if (req.method === 'HEAD') res.end();
    else res.end(body);
    return true;
  }

  /** The router's path for a public GET: a marked 200 is written as a hit would be, and kept for anonymous callers. */
  private route(req: IncomingMessage, res: ServerResponse, router: RequestListener): void {
    if (!this.familyOf(req)) return void router(req, res);
    const url = req.url!;
    const keep = req.headers['x-api-key'] === undefined && req.headers.origin === undefined;
    const end = res.end;
    res.end = ((...args: Parameters<ServerResponse['end']>) => {
      res.end = end;
      const mark = (res as Marked)[MARK];
      if (!mark || res.statusCode !== 200 || res.headersSent || res.hasHeader('set-cookie')) return end.apply(res, args);
      if (keep) this.keep(url, this.entryOf(res, mark));
      const encoding = this.encodingOf(req.headers['accept-encoding']);
      const body = encoding ? compressed(mark.body, encoding) : mark.body.identity;
      if (encoding) res.setHeader('Content-Encoding', encoding);
      else res.removeHeader('Content-Encoding');
      res.setHeader('Content-Length', String(body.length));
      const finish = end as (this: ServerResponse, chunk?: Buffer) => ServerResponse;
      return req.method === 'HEAD' ? finish.call(res) : finish.call(res, body);
    }) as ServerResponse['end'];
    router(req, res);
  }

  private entryOf(res: ServerResponse, mark: FrontCacheable): FrontEntry {
    const headers: string[] = [];
    const notModified: string[] = [];
    // The names as the router spelt them (Node ≥ 15.13; not in the typings).
    for (const name of (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames()) {
      const lower = name.toLowerCase();
      if (PER_REQUEST.has(lower)) continue;
      const v = res.getHeader(name);
      const value = Array.isArray(v) ? v.join(', ') : String(v);
      headers.push(name, value);
      if ((mark.family === 'api' ? keptIn304 : keptInPage304)(lower)) notModified.push(name, value);
    }
    return { mark, headers, notModified };
  }

  private keep(url: string, entry: FrontEntry): void {
    const current = this.version.mirrored();
    if (!current || current.version !== entry.mark.version) return; // produced at a version already gone
    if (current.version !== this.entriesVersion) {
      this.clear();
      this.entriesVersion = current.version;
    }
    const size = Math.ceil(entry.mark.body.identity.length * 1.5);
    if (size > MAX_BYTES / 8) return;
    const old = this.entries.get(url);
    if (old) {
      this.entries.delete(url);
      this.bytes -= Math.ceil(old.mark.body.identity.length * 1.5);
    }
    while (this.entries.size && (this.entries.size >= MAX_ENTRIES || this.bytes + size > MAX_BYTES)) {
      const [oldest, e] = this.entries.entries().next().value as [string, FrontEntry];
      this.entries.delete(oldest);
      this.bytes -= Math.ceil(e.mark.body.identity.length * 1.5);
    }
    this.entries.set(url, entry);
    this.bytes += size;
  }

  private encodingOf(header: string | undefined): 'br' | 'gzip' | null {
    const key = header ?? '';
    let e = this.encodings.get(key);
    if (e === undefined) {
      e = negotiateEncoding(header);
      if (this.encodings.size > 200) this.encodings.clear();
      this.encodings.set(key, e);
    }
    return e;
  }

  /** req.ip as Express computes it with `trust proxy` = the configured number of hops. */
  private clientIp(req: IncomingMessage): string {
    const socket = req.socket.remoteAddress ?? 'unknown';
    const xff = req.headers['x-forwarded-for'];
    if (this.hops <= 0 || !xff) return socket;
    const addrs = [socket, ...forwardedFor(Array.isArray(xff) ? xff.join(',') : xff)];
    return addrs[Math.min(this.hops, addrs.length - 1)];
  }
}
