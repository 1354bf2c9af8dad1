import { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { buildOpenApiDocument } from '../../src/common/http/openapi';

type Schema = Record<string, unknown>;
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One operation of the API as the OpenAPI document declares it. */
export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI template, e.g. /api/v1/plans/{planId}/milestones */
  path: string;
  operationId: string;
  /** Path parameters in order of appearance. */
  pathParams: string[];
  queryParams: Array<{ name: string; required: boolean }>;
  /** Bearer (signed-in users), partner key, or none. */
  security: 'bearer' | 'partner-key' | 'none';
  requestBody?: Schema;
  /** Content types of the success responses. */
  produces: string[];
}

const METHODS: HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/**
 * Every operation of the running app, from the same OpenAPI builder that serves /docs: a route added to a controller
 * shows up here with nothing else to edit (route matrices, fuzzing).
 */
export function apiRoutes(app: INestApplication): { doc: OpenAPIObject; routes: ApiRoute[] } {
  const doc = buildOpenApiDocument(app);
  const routes: ApiRoute[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = (item as Record<string, Schema | undefined>)[method];
      if (!op) continue;
      const params = (op.parameters ?? []) as Array<{ name: string; in: string; required?: boolean }>;
      const security = ((op.security ?? []) as Array<Record<string, unknown>>).flatMap((s) => Object.keys(s));
      const body = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.['application/json']?.schema;
      const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
      routes.push({
        method,
        path,
        operationId: String(op.operationId),
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: Boolean(p.required) })),
        security: security.includes('bearer') ? 'bearer' : security.includes('partner-key') ? 'partner-key' : 'none',
        requestBody: body,
        produces: Object.entries(responses)
          .filter(([code]) => code.startsWith('2'))
          .flatMap(([, r]) => Object.keys(r.content ?? {})),
      });
    }
  }
  return { doc, routes };
}

/** The path with each parameter replaced by the value given for it. */
export const fillPath = (route: ApiRoute, values: (param: string, index: number) => string): string => {
  let i = 0;
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values(name, i++)));
};

/** The collection a path parameter addresses: the segment before it (`/plans/{planId}/milestones` → plans). */
export const collectionOf = (route: ApiRoute, param = route.pathParams[0]): string => {
  const segments = route.path.split('/');
  return segments[segments.indexOf(`{${param}}`) - 1];
};

const resolve = (doc: OpenAPIObject, schema: Schema): Schema => {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  return resolve(doc, (doc.components?.schemas ?? {})[ref.replace('#/components/schemas/', '')] as Schema);
};

/**
 * A minimal body the schema accepts: required properties only, each from its example, first enum value, or a value
 * of its type and format. Validation rules the document cannot express need an override in the caller.
 */
export function sampleBody(doc: OpenAPIObject, schema: Schema): unknown {
  const s = resolve(doc, schema);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...(s.allOf as Schema[]).map((part) => sampleBody(doc, part) as object));
  if (s.example !== undefined) return s.example;
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.map((name) => [name, sampleBody(doc, props[name] ?? {})]));
    }
    case 'array':
      return Array.from({ length: Number(s.minItems ?? 0) }, () => sampleBody(doc, (s.items ?? {}) as Schema));
    case 'integer':
    case 'number':
      return Number(s.minimum ?? 1);
    case 'boolean':
      return false;
    case 'string':
      switch (s.format) {
        case 'date':
          return '2026-06-30';
        case 'date-time':
          return new Date().toISOString();
        case 'uuid':
          return randomUUID();
        case 'uri':
          return 'https://www.ejemplo.gob.gt/prueba';
        case 'email':
          return 'persona@ejemplo.gob.gt';
        default:
          return 'Texto de prueba de tenencia'.padEnd(Number(s.minLength ?? 0), '.').slice(0, Number(s.maxLength ?? 200));
      }
    default:
      return {};
  }
}
