import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { negotiateEncoding } from '../assets/assets.service';
import { PageMeta, ViewEngine } from '../views/view-engine';
import { markFrontCacheable } from '../../modules/public-api/public-read-front';
import { compressed, PageCache, RenderedPage } from './page-cache';

/**
 * The Content-Security-Policy of every page: nothing inline (no script, no style attribute), everything from this
 * origin, no framing. Structured data (application/ld+json) is not script and needs no exception.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
].join('; ');

/** Short public caching for pages: a minute fresh, five more minutes served while revalidating (ETag → 304). */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/**
 * A citizen's report status page changes when the institution answers or the Commission rules, and the person who
 * filed it comes back to see exactly that: browsers and caches revalidate it on every visit (a 304 while unchanged).
 */
const REVALIDATE_ALWAYS = 'public, no-cache';

/** The Cache-Control of a public page, by its URL. */
export const pageCacheControl = (url: string): string =>
  url.startsWith('/transparencia/denuncias/') ? REVALIDATE_ALWAYS : PAGE_CACHE_CONTROL;

/** Set by the public page middleware for a cacheable request: its validator and its cache key. */
export interface PageLocals {
  etag: string;
  cacheKey: string;
  /** The public data version the page is rendered at. */
  version: string;
}

export const pageLocals = (res: Response): PageLocals | undefined => res.locals.page as PageLocals | undefined;

/** Writes a rendered page with its headers, compressed as the client accepts. */
export function writePage(res: Response, page: RenderedPage, headers: Record<string, string>): void {
  const encoding = negotiateEncoding(res.req.headers['accept-encoding']);
  const body = encoding ? compressed(page, encoding) : page.identity;
  res.status(page.status);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', page.type);
  res.setHeader('Vary', 'Accept-Encoding');
  if (page.type.startsWith('text/html')) res.setHeader('Content-Security-Policy', PAGE_CSP);
  if (encoding) res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', String(body.length));
  if (res.req.method === 'HEAD') res.end();
  else res.end(body);
}

/**
 * How page controllers answer: render a view (or send a text file such as robots.txt) with the validator and
 * caching the public page middleware prepared, keep it for the next request of the same data version, and send it.
 */
@Injectable()
export class PageResponder {
  constructor(
    private readonly views: ViewEngine,
    private readonly cache: PageCache,
    private readonly config: AppConfig,
  ) {}

  /** The site's public base URL (canonical links, structured data, sitemaps). */
  get baseUrl(): string {
    return this.config.http.publicUrl;
  }

  html(res: Response, view: string, model: object, meta: PageMeta, status = 200): void {
    this.send(res, { status, type: 'text/html; charset=utf-8', identity: Buffer.from(this.views.render(view, model, meta), 'utf8') });
  }

  file(res: Response, type: string, body: string): void {
    this.send(res, { status: 200, type, identity: Buffer.from(body, 'utf8') });
  }

  private send(res: Response, page: RenderedPage): void {
    const locals = pageLocals(res);
    const cacheable = locals !== undefined && page.status === 200;
    if (cacheable) {
      this.cache.set(locals.cacheKey, page);
      markFrontCacheable(res, { family: 'page', version: locals.version, body: page, etag: locals.etag, lastModified: null });
    }
    writePage(
      res,
      page,
      cacheable ? { ETag: locals.etag, 'Cache-Control': pageCacheControl(res.req.originalUrl) } : { 'Cache-Control': 'no-store' },
    );
  }
}
