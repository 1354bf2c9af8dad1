import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { bodyParserErrors } from './body-parser-errors';
import { Assets } from '../../web/assets/assets.service';
import { buildOpenApiDocument, configureRouting } from './openapi';
import { assignRequestId } from './request-id';

/**
 * Everything HTTP-wide that is not a module: the same function runs in main.ts and in the e2e tests,
 * so the tests exercise exactly what production serves.
 */
export function configureHttpApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.http.trustProxyHops);
  app.disable('x-powered-by');
  app.use(assignRequestId);
  app.useBodyParser('json', { limit: config.http.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.use(bodyParserErrors);
  app.use(helmet({ contentSecurityPolicy: config.http.docsEnabled ? false : undefined }));
  app.enableCors({
    origin: config.http.corsOrigins.length ? config.http.corsOrigins : false,
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'ETag', 'Link'],
  });
  // Built assets (content-hashed, pre-compressed) before everything else that costs time.
  app.use(app.get(Assets).serve);
  configureRouting(app);
  app.enableShutdownHooks();
  if (config.http.docsEnabled) {
    SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
