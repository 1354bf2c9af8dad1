import { INestApplication, Type, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody } from '../errors/error-body';

/**
 * The API contract in one place: the routing that shapes every path (`/api/v1/…`, `/health` outside), the document
 * built from the controllers, and its stable JSON form. main.ts (through configureHttpApp), `npm run openapi` (the
 * committed docs/openapi.json) and the tests (route matrices, fuzzing) all take the document from here.
 */

/** Every API route is under `/${API_PREFIX}/` (configureRouting); the rest are pages and their files. */
export const API_PREFIX = 'api';

export function configureRouting(app: INestApplication): void {
  // Pages live beside the API: /transparencia (and later /app), robots.txt, the sitemaps and `/` are not under /api.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      'health',
      '/',
      'transparencia',
      'transparencia/{*path}',
      'app',
      'app/{*path}',
      'robots.txt',
      'sitemap.xml',
      'sitemaps/{*path}',
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, prefix: 'v' });
}

/** The OpenAPI document of an application whose routing was set by configureRouting. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
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
}

/**
 * The document without a running application: Nest's preview mode builds the module graph but instantiates no provider,
 * so nothing connects to PostgreSQL or Redis and no environment is needed.
 */
export async function generateOpenApiDocument(rootModule: Type<unknown>): Promise<OpenAPIObject> {
  const app = await NestFactory.create(rootModule, { preview: true, logger: false, abortOnError: false });
  try {
    configureRouting(app);
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** A copy with every object's keys sorted (arrays keep their order), so the committed file diffs cleanly. */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (value === null || typeof value !== 'object') return value;
  const src = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(src)
      .sort()
      .map((k) => [k, sortKeysDeep(src[k])]),
  ) as T;
}

/** The document as committed in docs/openapi.json: sorted keys, two-space indent, final newline. */
export const openApiJson = (doc: OpenAPIObject): string => `${JSON.stringify(sortKeysDeep(doc), null, 2)}\n`;
