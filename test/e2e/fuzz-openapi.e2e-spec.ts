import { buildOpenApiDocument } from '../../src/common/http/openapi';
import {
  asScope,
  bearer,
  createInstitution,
  createProcedure,
  createRequirement,
  createUser,
  tokenFor,
  TestUser,
} from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Walks every operation of the OpenAPI document (built from the app, as main.ts serves it) with junk: path and query
 * values (NUL bytes, malformed percent-encoding, huge and negative numbers, very long text, unknown ids), and bodies
 * (null, null for every field, wrong types, huge numbers, NUL bytes, deep nesting, a top-level array), without
 * credentials and with each kind of credential. Any 5xx fails the test, with the requests that caused it.
 * Deterministic: one seeded generator, operations in a fixed order (FUZZ_SEED to explore another sequence).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
/** Requests per operation and credential (drawn from the variants below). */
const PER_OPERATION = Number(process.env.FUZZ_PER_OPERATION ?? 6);

/** mulberry32: a small, fast, seedable generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON text spliced in where a marker string stands (a body too deep for JSON.stringify itself). */
const RAW = new Map<string, string>([
  ['\u0001deep-object', `${'{"a":'.repeat(10_000)}"hoja"${'}'.repeat(10_000)}`],
  ['\u0001deep-array', `${'['.repeat(10_000)}${']'.repeat(10_000)}`],
]);
const serialise = (body: Json): string => {
  let text = JSON.stringify(body);
  for (const [marker, raw] of RAW) text = text.split(JSON.stringify(marker)).join(raw);
  return text;
};

/** Junk for a path segment, already URL-encoded where it must be (some on purpose malformed). */
const PATH_JUNK = [
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  '..%2F..%2Fetc%2Fpasswd',
  'x'.repeat(600),
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  "'%3B%20DROP%20TABLE%20users%3B--",
  '%F0%9F%98%80',
  'null',
  'undefined',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '%20',
  'NaN',
  'true',
  '%5B%5D',
];

/** Junk for a query value, already URL-encoded. */
const QUERY_JUNK = [
  '%00',
  'x%00y',
  '%E0%A4%A',
  '-1',
  '1e309',
  '99999999999999999999999',
  '-99999999999999999999',
  '0.0000001',
  'NaN',
  'Infinity',
  'x'.repeat(3000),
  'null',
  'true',
  '%5B%5D',
  '2026-02-31',
  '9999-99-99T99%3A99%3A99Z',
  'WyJ4Il0',
  '%7B%22a%22%3A1%7D',
  '',
];

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  allOf?: Schema[];
  enum?: unknown[];
  format?: string;
};

function resolve(doc: Json, schema: Schema | undefined): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolve(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolve(doc, s));
    return { type: 'object', properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
  }
  return schema;
}

/** A plausible value for a field (so that junk in one field meets otherwise valid neighbours). */
function plausible(schema: Schema, rnd: () => number): Json {
  if (schema.enum?.length) return schema.enum[Math.floor(rnd() * schema.enum.length)];
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid'
        ? '00000000-0000-4000-8000-000000000001'
        : schema.format === 'date'
          ? '2026-01-15'
          : 'Texto de prueba';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return {};
  }
}

/** The wrong type for a field: a string where a number goes, an object where text goes, and so on. */
function wrongType(schema: Schema): Json {
  switch (schema.type) {
    case 'string':
      return { $gt: '' };
    case 'integer':
    case 'number':
      return '12abc';
    case 'boolean':
      return 'sí';
    case 'array':
      return 'no-es-lista';
    default:
      return 42;
  }
}

/** Body variants for an operation with a JSON body described by `schema`. */
function bodyVariants(doc: Json, schema: Schema | undefined, rnd: () => number): Array<{ label: string; body: Json }> {
  const resolved = resolve(doc, schema);
  const props = Object.entries(resolved.properties ?? {}).map(([k, s]) => [k, resolve(doc, s)] as const);
  const base = Object.fromEntries(props.map(([k, s]) => [k, plausible(s, rnd)]));
  const each = (label: string, value: (s: Schema) => Json) => ({ label, body: Object.fromEntries(props.map(([k, s]) => [k, value(s)])) });
  const one = (label: string, value: (s: Schema) => Json) => {
    if (!props.length) return { label, body: { x: value({}) } };
    const [k, s] = props[Math.floor(rnd() * props.length)];
    return { label: `${label} (${k})`, body: { ...base, [k]: value(s) } };
  };
  return [
    { label: 'JSON null', body: null },
    { label: 'top-level array', body: [base, base] },
    { label: 'empty object', body: {} },
    each('null for every field', () => null),
    each('wrong type for every field', wrongType),
    one('null for one field', () => null),
    one('wrong type', wrongType),
    one('huge number', () => 1e308),
    one('below any minimum', () => -9007199254740991),
    one('2^63', () => 2 ** 63),
    one('NUL in text', () => 'a\u0000b'),
    one('very long text', () => 'x'.repeat(200_000)),
    one('deep nesting (10,000)', () => '\u0001deep-object'),
    one('deep array (10,000)', () => '\u0001deep-array'),
    one('prototype pollution', () => JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}')),
    each('plausible values', (s) => plausible(s, rnd)),
    { label: 'unknown fields only', body: { ['\u0000']: 1, ['a'.repeat(1000)]: 'b' } },
  ];
}

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  bodySchema?: Schema;
  multipart?: string[];
  public: boolean;
}

function operationsOf(doc: Json): Operation[] {
  const ops: Operation[] = [];
  for (const path of Object.keys(doc.paths).sort()) {
    for (const method of Object.keys(doc.paths[path]).sort()) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = doc.paths[path][method];
      const params: Json[] = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const multipart = content['multipart/form-data']?.schema;
      ops.push({
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: content['application/json']?.schema,
        multipart: multipart ? Object.keys(resolve(doc, multipart).properties ?? {}) : undefined,
        public: path.startsWith('/api/public/') || path === '/health',
      });
    }
  }
  return ops;
}

describe('Fuzzing every operation of the OpenAPI document: never a 5xx', () => {
  let t: TestApp;
  let doc: Json;
  let admin: TestUser;
  let liaison: TestUser;
  let analyst: TestUser;
  let partnerKey: string;
  /** Real identifiers, so some requests reach the handlers with a row behind them. */
  let realIds: string[] = [];
  let realCodes: string[] = [];
  const since = new Date();

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '100000' } });
    doc = buildOpenApiDocument(t.app);
    const inst = await createInstitution(t.dataSource, 'Ministerio del Azar');
    admin = await createUser(t.dataSource, 'admin', null);
    analyst = await createUser(t.dataSource, 'analyst', null);
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    const procedure = await createProcedure(t.dataSource, inst.id, { code: 'AZAR-1' });
    const requirement = await createRequirement(t.dataSource, procedure);
    const key = await t
      .http()
      .post('/api/v1/partner-api-keys')
      .set(bearer(tokenFor(t, admin)))
      .send({ name: 'Fuzz', scopes: ['public:read', 'webhooks:manage'], rateLimitPerMinute: 100000 });
    partnerKey = key.body.key;
    const [model] = await asScope(t.dataSource, 'read_all', null, (em) =>
      em.query(`SELECT id FROM maturity_models ORDER BY version DESC LIMIT 1`),
    );
    realIds = [inst.id, procedure.id, requirement.id, liaison.id, key.body.id, model?.id].filter(Boolean);
    realCodes = [inst.code, 'AZAR-1'];
  });
  afterAll(async () => {
    delete process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE;
    // Reminders escalate to every active analyst of this shared database: retire the Commission staff made here.
    await asScope(t.dataSource, 'admin', null, (em) =>
      em.query(
        `UPDATE users SET status = 'disabled' WHERE role IN ('analyst', 'admin') AND created_at >= $1 AND email LIKE '%@prueba.gob.gt'`,
        [since],
      ),
    );
    await t.close();
  });

  it('walks every operation, with and without credentials, and no answer is a 5xx', async () => {
    const rnd = random(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(80);
    const failures: string[] = [];
    const counts = new Map<string, number>();
    let ipSeq = 0;

    for (const op of ops) {
      const credentials: Array<[string, Record<string, string>]> = op.public
        ? [
            ['sin credenciales', {}],
            ['llave de socio', { 'X-API-Key': partnerKey }],
            ['llave inválida', { 'X-API-Key': 'smp_00000000_' + 'A'.repeat(43) }],
          ]
        : [
            ['sin credenciales', {}],
            ['admin', bearer(tokenFor(t, admin))],
            ['analista', bearer(tokenFor(t, analyst))],
            ['enlace', bearer(tokenFor(t, liaison))],
            ['token falso', bearer('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')],
          ];
      const bodies = op.bodySchema ? bodyVariants(doc, op.bodySchema, rnd) : [];
      for (const [who, headers] of credentials) {
        for (let n = 0; n < PER_OPERATION; n++) {
          // Path: junk, or a real identifier / code (so handlers run with a row behind them).
          const url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
            rnd() < 0.35 ? encodeURIComponent(/code/i.test(name) ? pick(realCodes) : pick(realIds)) : pick(PATH_JUNK),
          );
          const query = op.queryParams.filter(() => rnd() < 0.6).map((q) => `${q}=${pick(QUERY_JUNK)}`);
          if (rnd() < 0.2)
            query.push(
              `${pick(op.queryParams.length ? op.queryParams : ['x'])}=${pick(QUERY_JUNK)}&${pick(op.queryParams.length ? op.queryParams : ['x'])}=1`,
            );
          const full = query.length ? `${url}?${query.join('&')}` : url;
          let req = (t.http() as Json)
            [op.method](full)
            .set(headers)
            .set('X-Forwarded-For', `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`);
          let label = '';
          if (op.multipart && rnd() < 0.5) {
            for (const field of op.multipart) {
              if (rnd() < 0.7)
                req = req.attach(
                  field,
                  Buffer.from(Array.from({ length: 64 + Math.floor(rnd() * 512) }, () => Math.floor(rnd() * 256))),
                  'basura.xlsx',
                );
            }
            label = 'multipart con bytes al azar';
          } else if (bodies.length && op.method !== 'get') {
            const v = pick(bodies);
            label = v.label;
            req = req.set('Content-Type', 'application/json').send(serialise(v.body));
          } else if (op.method !== 'get' && rnd() < 0.5) {
            label = 'cuerpo no JSON';
            req = req.set('Content-Type', 'application/json').send('{"a":');
          }
          const res = await req;
          counts.set(`${op.method} ${op.path}`, (counts.get(`${op.method} ${op.path}`) ?? 0) + 1);
          if (res.status >= 500)
            failures.push(
              `${res.status} ${op.method.toUpperCase()} ${full.slice(0, 200)} [${who}] ${label}: ${JSON.stringify(res.body).slice(0, 200)}`,
            );
        }
      }
    }
    expect(counts.size).toBe(ops.length);
    expect(failures).toEqual([]);
  }, 240_000);
});
