import { INestApplication, VersioningType } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { ErrorBody } from '../errors/error-body';
import { bodyParserErrors } from './body-parser-errors';
import { Assets } from '../../web/assets/assets.service';
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
  // Pages live beside the API: /transparencia (and later /app), robots.txt, the sitemaps and `/` are not under /api.
  app.setGlobalPrefix('api', { exclude: ['health', '/', 'transparencia', 'transparencia/{*path}', 'robots.txt', 'sitemap.xml', 'sitemaps/{*path}'] });
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
  app.enableShutdownHooks();
  if (config.http.docsEnabled) {
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Simplifica API')
        .setDescription(
          'Seguimiento del cumplimiento del Decreto 5-2021 (Ley para la Simplificación de Requisitos y Trámites Administrativos). ' +
            'Todas las fallas responden con la forma { statusCode, code, message, details, requestId }.',
        )
        .setVersion('1')
        .addBearerAuth()
        .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'partner-key')
        .build(),
      { extraModels: [ErrorBody] },
    );
    SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
