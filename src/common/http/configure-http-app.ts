import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import helmet, { HelmetOptions } from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { bodyParserErrors } from './body-parser-errors';
import { rejectHostileInput } from './hostile-input';
import { Assets } from '../../web/assets/assets.service';
import { API_PREFIX, buildOpenApiDocument, configureRouting } from './openapi';
import { assignRequestId } from './request-id';
import { noStoreByDefault } from './no-store';
import { PublicReadFront } from '../../modules/public-api/public-read-front';

/** The JSON API (`/api/...`): what a browser fetches as data, never renders as a document. */
const API_PATH = `/${API_PREFIX}/`;
const isApiPath = (path: string): boolean => path.startsWith(API_PATH);

/**
 * The security headers of the JSON API (OWASP REST Security Cheat Sheet, "Security headers"): HSTS, nosniff,
 * X-Frame-Options and Cross-Origin-Resource-Policy as for every response, and a CSP that allows nothing (a response
 * opened by mistake as a document runs and frames nothing). helmet's headers that act only on a document a browser
 * renders (Cross-Origin-Opener-Policy, Origin-Agent-Cluster, Referrer-Policy, X-DNS-Prefetch-Control,
 * X-Download-Options, X-Permitted-Cross-Domain-Policies, X-XSS-Protection) are left out: seven headers and about 250
 * bytes on every answer, which cost the public API's small 200s about 7 % of their requests a second here (issue 17).
 */
const API_SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * Everything HTTP-wide that is not a module: the same function runs in main.ts and in the e2e tests,
 * so the tests exercise exactly what production serves.
 */
export function configureHttpApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  // Case-sensitive routing: /API/... and /api/Public/... are unknown routes (404), never a route (and its middleware)
  // reached under another spelling. Nest's adapter has already created Express's router (which reads the setting only
  // when it is created), so the router is told too; the routes are registered after this, at init.
  const express = app.getHttpAdapter().getInstance() as unknown as { set(k: string, v: unknown): void; router: { caseSensitive: boolean } };
  express.set('case sensitive routing', true);
  express.router.caseSensitive = true;
  // No automatic (weak) ETags: the public API sets its own validators; private responses are not validated or cached.
  app.set('etag', false);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxyHops);
  app.disable('x-powered-by');
  app.use(assignRequestId);
  // Nothing is cacheable unless a route says so (the public read API does, after checking the caller).
  app.use(noStoreByDefault);
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.use(bodyParserErrors);
  app.use(rejectHostileInput);
  // Documents (pages, /docs) get helmet's whole set, the JSON API its own (API_SECURITY_HEADERS). Referrer-Policy
  // same-origin (not helmet's no-referrer): a browser then sends the real Origin with a form POST to this site — with
  // no-referrer it sends "Origin: null" and no Referer, and the anonymous forms' same-origin check (ADR 0011) could never
  // pass — while other sites still receive no referrer at all.
  const forDocuments = helmet({
    contentSecurityPolicy: config.http.docsEnabled ? false : undefined,
    referrerPolicy: { policy: 'same-origin' },
  });
  const forApi = helmet(API_SECURITY_HEADERS);
  app.use((req: Request, res: Response, next: NextFunction) => (isApiPath(req.path) ? forApi : forDocuments)(req, res, next));
  app.enableCors({
    origin: config.http.corsOrigins.length ? config.http.corsOrigins : false,
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'ETag', 'Link'],
  });
  // Built assets (content-hashed, pre-compressed) before everything else that costs time.
  app.use(app.get(Assets).serve);
  configureRouting(app);
  app.enableShutdownHooks();
  // Hot public GETs and their conditional requests are answered before Express (rate limit included); see ADR 0015.
  app.get(PublicReadFront).install(app.getHttpServer());
  if (config.http.docsEnabled) SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  return app;
}
