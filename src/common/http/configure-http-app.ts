import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { bodyParserErrors } from './body-parser-errors';
import { rejectHostileInput } from './hostile-input';
import { Assets } from '../../web/assets/assets.service';
import { buildOpenApiDocument, configureRouting } from './openapi';
import { assignRequestId } from './request-id';
import { noStoreByDefault } from './no-store';
import { PublicReadFront } from '../../modules/public-api/public-read-front';

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
  // Referrer-Policy same-origin (not helmet's no-referrer): a browser then sends the real Origin with a form POST to
  // this site — with no-referrer it sends "Origin: null" and no Referer, and the anonymous forms' same-origin check
  // (ADR 0011) could never pass — while other sites still receive no referrer at all.
  app.use(helmet({ contentSecurityPolicy: config.http.docsEnabled ? false : undefined, referrerPolicy: { policy: 'same-origin' } }));
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
