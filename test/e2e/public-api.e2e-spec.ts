import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { systemActor } from '../../src/common/auth/actor';
import { Access } from '../../src/common/auth/access';
import { Database } from '../../src/database/database.service';
import { applyValidatedLevel } from '../../src/modules/inventory/procedures/procedure-level';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { bearer, createInstitution, createUser, TEST_PASSWORD, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A validator for the subset of OpenAPI 3 the public schemas use: $ref, allOf, nullable, type, enum, required,
 * properties (closed unless additionalProperties says otherwise) and items. Returns the problems found.
 */
function validate(doc: Json, schema: Json, value: unknown, path = '$'): string[] {
  if (!schema) return [];
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) return [`${path}: unknown schema ${name}`];
    if (value === null && schema.nullable) return [];
    return validate(doc, target, value, path);
  }
  if (value === null) return schema.nullable ? [] : [`${path}: null not allowed`];
  if (schema.allOf) return schema.allOf.flatMap((s: Json) => validate(doc, s, value, path));
  if (schema.oneOf || schema.anyOf) {
    const options = schema.oneOf ?? schema.anyOf;
    return options.some((s: Json) => validate(doc, s, value, path).length === 0) ? [] : [`${path}: matches no alternative`];
  }
  const problems: string[] = [];
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${path}: ${JSON.stringify(value)} not in enum`);
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') problems.push(`${path}: expected string, got ${typeof value}`);
      break;
    case 'number':
      if (typeof value !== 'number') problems.push(`${path}: expected number, got ${typeof value}`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${path}: expected integer, got ${JSON.stringify(value)}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') problems.push(`${path}: expected boolean`);
      break;
    case 'array':
      if (!Array.isArray(value)) problems.push(`${path}: expected array`);
      else value.forEach((v, n) => problems.push(...validate(doc, schema.items, v, `${path}[${n}]`)));
      break;
    case 'object':
    case undefined:
      if (schema.type === 'object' || schema.properties) {
        if (typeof value !== 'object' || Array.isArray(value)) {
          problems.push(`${path}: expected object`);
          break;
        }
        const obj = value as Record<string, unknown>;
        for (const k of schema.required ?? []) if (!(k in obj)) problems.push(`${path}.${k}: required`);
        for (const [k, v] of Object.entries(obj)) {
          const prop = schema.properties?.[k];
          if (prop) problems.push(...validate(doc, prop, v, `${path}.${k}`));
          else if (schema.properties && !schema.additionalProperties) problems.push(`${path}.${k}: not in the schema`);
        }
      }
      break;
  }
  return problems;
}

describe('Public API /api/public/v1', () => {
  let t: TestApp;
  let doc: Json;
  let econ: TestInstitution;
  let other: TestInstitution;
  let liaison: TestUser;
  let otherLiaison: TestUser;
  let analyst: TestUser;
  const bodies: string[] = [];
  const base = '/api/public/v1';

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await t.http().get(`${base}${path}`).set(headers);
    if (res.status === 200) bodies.push(res.text ?? JSON.stringify(res.body));
    return res;
  };
  const schemaOf = (path: string) => doc.paths[path].get.responses['200'].content['application/json'].schema;
  const expectValid = (path: string, body: unknown) => expect(validate(doc, schemaOf(path), body)).toEqual([]);
  const as = (u: TestUser) => bearer(tokenFor(t, u));
  const createProc = async (u: TestUser, body: Record<string, unknown>) => {
    const res = await t.http().post('/api/v1/procedures').set(as(u)).send(body);
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string; version: number; requirements?: Array<{ id: string; version: number }> };
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '100000' } });
    doc = (await t.http().get('/docs-json')).body;
    econ = await createInstitution(t.dataSource, 'Ministerio de Economía y Ñandúes');
    other = await createInstitution(t.dataSource, 'Secretaría "Ágil", de Pruebas');
    liaison = await createUser(t.dataSource, 'liaison', econ.id);
    otherLiaison = await createUser(t.dataSource, 'liaison', other.id);
    analyst = await createUser(t.dataSource, 'analyst', null);
    await createProc(liaison, {
      code: 'CAFE-001',
      name: 'Licencia de exportación de café, "grano oro"',
      foreignTrade: true,
      prioritized: true,
      channels: ['in_person', 'online'],
      onlineUrl: 'https://tramites.example.gt/cafe',
      feeGtq: '150.50',
      legalMaxDays: 20,
      actualMedianDays: 25,
      annualVolume: 1200,
      inPersonVisits: 2,
      requirements: [{ name: 'Constancia de inscripción del exportador' }, { name: 'Declaración jurada de origen' }],
    });
    await createProc(liaison, { code: 'REG-002', name: 'Registro sanitario de alimentos', feeGtq: '0', legalMaxDays: 30 });
    await createProc(otherLiaison, { code: 'PERM-1', name: 'Permiso de operación', channels: ['online'] });
    await t.app.get(ScoringService).recomputeAll();
  });

  afterAll(async () => {
    await t.close();
  });

  it('documents every public route in the OpenAPI document, with a 200 schema', () => {
    for (const p of [
      '/institutions',
      '/institutions/{code}',
      '/procedures',
      '/procedures/{institutionCode}/{procedureCode}',
      '/indicators',
      '/methodology',
      '/changes',
      '/data-dictionary',
    ]) {
      expect(schemaOf(`${base}${p}`)).toBeDefined();
    }
    expect(doc.paths[`${base}/export/procedures.csv`].get).toBeDefined();
  });

  it('lists institutions with their current score and indicators, validating against the contract', async () => {
    const res = await get('/institutions');
    expect(res.status).toBe(200);
    expectValid(`${base}/institutions`, res.body);
    const e = res.body.items.find((i: Json) => i.code === econ.code);
    expect(e).toMatchObject({ name: econ.name, type: 'ministry', coverage: 'bound' });
    expect(e.currentScore.score).toMatch(/^\d+(\.\d+)?$/);
    expect(e.indicators).toEqual(expect.any(Object));
    const codes = res.body.items.map((i: Json) => i.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('shows one institution with breakdown, trend and milestone summary; 404 for an unknown code', async () => {
    const res = await get(`/institutions/${econ.code}`);
    expect(res.status).toBe(200);
    expectValid(`${base}/institutions/{code}`, res.body);
    expect(res.body.trend.length).toBeGreaterThanOrEqual(1);
    expect(res.body.scoreBreakdown).toEqual(expect.any(Object));
    expect(res.body.procedureCount).toBe(2);
    expect(res.body.milestones).toMatchObject({ total: 0, overdue: 0 });
    const missing = await get('/institutions/NO-EXISTE');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('filters procedures (institution, foreign trade, prioritised, level, status, accent-insensitive text, updatedSince)', async () => {
    const all = await get('/procedures');
    expectValid(`${base}/procedures`, all.body);
    const q = async (query: string) => (await get(`/procedures?${query}`)).body.items.map((p: Json) => `${p.institutionCode}/${p.code}`);
    expect(await q(`institution=${econ.code}`)).toHaveLength(2);
    expect(await q(`institution=${econ.code}&foreignTrade=true`)).toEqual([`${econ.code}/CAFE-001`]);
    expect(await q(`institution=${econ.code}&prioritized=false`)).toEqual([`${econ.code}/REG-002`]);
    expect(await q('q=EXPORTACION%20DE%20CAFE')).toEqual([`${econ.code}/CAFE-001`]);
    expect(await q(`institution=${econ.code}&level=0&status=active`)).toHaveLength(2);
    expect(await q(`institution=${econ.code}&status=eliminated`)).toEqual([]);
    expect(await q(`institution=${econ.code}&updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
  });

  it('shows a procedure with current and eliminated requirements, maturity, burden and a public change log without authors', async () => {
    const list = await get(`/procedures?institution=${econ.code}&foreignTrade=true`);
    expect(list.body.items).toHaveLength(1);
    const detail0 = await t.http().get(`/api/v1/procedures?q=CAFE-001`).set(as(liaison));
    const proc = detail0.body.items[0];
    const reqs = await t.http().get(`/api/v1/procedures/${proc.id}/requirements`).set(as(liaison));
    const sworn =
      reqs.body.items?.find((r: Json) => r.name.startsWith('Declaración')) ?? reqs.body.find((r: Json) => r.name.startsWith('Declaración'));
    const ended = await t.http().post(`/api/v1/requirements/${sworn.id}/end`).set(as(liaison)).send({ version: sworn.version });
    expect(ended.status).toBe(200);
    await t.app.get(ScoringService).recomputeInstitution(econ.id);

    const res = await get(`/procedures/${econ.code}/CAFE-001`);
    expect(res.status).toBe(200);
    expectValid(`${base}/procedures/{institutionCode}/{procedureCode}`, res.body);
    expect(res.body.requirements.current.map((r: Json) => r.name)).toEqual(['Constancia de inscripción del exportador']);
    expect(res.body.requirements.eliminated).toEqual([
      expect.objectContaining({ name: 'Declaración jurada de origen', status: 'eliminated', effectiveTo: expect.any(String) }),
    ]);
    expect(res.body.maturity.currentLevel).toBe(0);
    expect(res.body.burden).toEqual(expect.objectContaining({ savings: expect.any(Object) }));
    expect(res.body.changes.map((c: Json) => c.action)).toEqual(expect.arrayContaining(['create', 'eliminate']));
    expect(JSON.stringify(res.body)).not.toMatch(/changedBy|changed_by/);
    expect((await get(`/procedures/${econ.code}/NADA`)).status).toBe(404);
  });

  it('counts a requirement ended on a future date as in force until then, everywhere (API, score, public detail, catalogue)', async () => {
    const proc = await createProc(liaison, {
      code: 'FUT-1',
      name: 'Trámite con baja programada',
      requirements: [{ name: 'Fotocopia de cédula' }, { name: 'Constancia vigente' }],
    });
    const reqs = await t.http().get(`/api/v1/procedures/${proc.id}/requirements`).set(as(liaison));
    const copy = reqs.body.items.find((r: Json) => r.name === 'Fotocopia de cédula');
    const today = todayInGuatemala();
    const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    expect(
      (await t.http().post(`/api/v1/requirements/${copy.id}/end`).set(as(liaison)).send({ version: copy.version, effectiveTo: nextYear }))
        .status,
    ).toBe(200);
    await t.app.get(ScoringService).recomputeInstitution(econ.id);

    const asOfToday = await t.http().get(`/api/v1/procedures/${proc.id}/requirements?asOf=${today}`).set(as(liaison));
    expect(asOfToday.body.items.map((r: Json) => r.name).sort()).toEqual(['Constancia vigente', 'Fotocopia de cédula']);
    const score = await t.http().get(`/api/v1/procedures/${proc.id}/score`).set(as(liaison));
    expect(JSON.stringify(score.body)).toContain('"activeRequirements":2');
    const detail = await get(`/procedures/${econ.code}/FUT-1`);
    expect(detail.body.requirements.current.map((r: Json) => r.name).sort()).toEqual(['Constancia vigente', 'Fotocopia de cédula']);
    expect(detail.body.requirements.eliminated).toEqual([]);
    const catalog = JSON.parse((await t.http().get(`${base}/export/catalog.jsonld`).buffer(true)).text);
    const service = catalog['@graph'].find((n: Json) => String(n['@id']).endsWith('/FUT-1'));
    expect(service['cv:holdsRequirement']).toHaveLength(2);
  });

  it('serves national indicators with their series, the methodology in force and the data dictionary', async () => {
    const ind = await get('/indicators');
    expectValid(`${base}/indicators`, ind.body);
    expect(ind.body.current).not.toBeNull();
    expect(ind.body.series.length).toBeGreaterThanOrEqual(1);
    const m = await get('/methodology');
    expectValid(`${base}/methodology`, m.body);
    expect(m.body.burdenParameters).toEqual(expect.objectContaining({ hourValueGtq: expect.any(Number) }));
    const weights = Object.values(m.body.procedureWeights as Record<string, number>).reduce((s, w) => s + w, 0);
    expect(weights).toBe(100);
    const dd = await get('/data-dictionary');
    expectValid(`${base}/data-dictionary`, dd.body);
    expect(dd.body.datasets.map((d: Json) => d.name)).toEqual(
      expect.arrayContaining(['procedures.csv', 'requirements.csv', 'institutions.csv', 'catalog.jsonld']),
    );
  });

  it('paginates by opaque cursor with Link headers, without duplicates or gaps while rows change between pages', async () => {
    const inst = await createInstitution(t.dataSource, 'Instituto Paginado');
    const u = await createUser(t.dataSource, 'institution_admin', inst.id);
    const original: Array<{ id: string; code: string; version: number }> = [];
    for (let n = 0; n < 23; n++)
      original.push(await createProc(u, { code: `PG-${String(n).padStart(2, '0')}`, name: `Trámite paginado ${n}` }));
    const seen: string[] = [];
    let next: string | null = `/procedures?institution=${inst.code}&limit=5`;
    let round = 0;
    while (next) {
      const res = await get(next);
      expect(res.status).toBe(200);
      expectValid(`${base}/procedures`, res.body);
      seen.push(...res.body.items.map((p: Json) => p.code));
      const link = res.headers.link as string | undefined;
      if (res.body.page.nextCursor) {
        expect(link).toMatch(/^<\/api\/public\/v1\/procedures\?.*cursor=[A-Za-z0-9_-]+>; rel="next"$/);
        next = link!.slice(link!.indexOf('<') + 1, link!.indexOf('>')).replace(base, '');
      } else {
        expect(link).toBeUndefined();
        next = null;
      }
      // Between pages: rename some rows, add new ones.
      const victim = original[(round * 7) % original.length];
      const patched = await t
        .http()
        .patch(`/api/v1/procedures/${victim.id}`)
        .set(as(u))
        .send({ version: victim.version, name: `Renombrado ${round}` });
      expect(patched.status).toBe(200);
      victim.version = patched.body.version;
      await createProc(u, { code: `NEW-${round}`, name: `Nuevo ${round}` });
      round++;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const o of original) expect(seen).toContain(o.code);
  });

  it('rejects bad parameters with 400 in the shared error shape', async () => {
    for (const path of [
      '/procedures?colour=red',
      '/procedures?limit=10000',
      '/procedures?limit=0',
      '/procedures?cursor=not*valid',
      `/procedures?cursor=${Buffer.from('["x"]').toString('base64url')}`,
      `/institutions?cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
      '/changes?since=zzz',
      `/changes?since=${Buffer.from('["a","b"]').toString('base64url')}`,
      `/changes?since=${Buffer.from(`[${2 ** 53 + 2},1]`).toString('base64url')}`,
      `/changes?since=${Buffer.from('[-1,1]').toString('base64url')}`,
      '/procedures?level=11',
      '/procedures?foreignTrade=maybe',
      '/procedures?updatedSince=yesterday',
      '/methodology?x=1',
      '/export/procedures.csv?format=xls',
    ]) {
      const res = await get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(Object.keys(res.body).sort()).toEqual(['code', 'details', 'message', 'requestId', 'statusCode']);
      expect(res.body.code).toMatch(/VALIDATION_FAILED|BAD_REQUEST/);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String), requestId: expect.any(String) });
    }
  });

  it('feeds every public change of a scripted sequence exactly once, in order, resumably', async () => {
    // Catch up to now.
    let cursor: string | undefined;
    for (;;) {
      const res = await get(`/changes?limit=500${cursor ? `&since=${cursor}` : ''}`);
      expectValid(`${base}/changes`, res.body);
      cursor = res.body.nextCursor;
      if (!res.body.hasMore) break;
    }
    const p = await createProc(liaison, { code: 'FEED-1', name: 'Trámite del flujo', requirements: [{ name: 'Fotocopia de DPI' }] });
    const reqs = await t.http().get(`/api/v1/procedures/${p.id}/requirements`).set(as(liaison));
    const req = (reqs.body.items ?? reqs.body)[0];
    expect((await t.http().post(`/api/v1/requirements/${req.id}/end`).set(as(liaison)).send({ version: req.version })).status).toBe(200);
    const db = t.app.get(Database);
    const actor = { ...systemActor(), kind: 'user' as const, userId: analyst.id, role: 'analyst' as const };
    await db.run(Access.institution(actor, econ.id, 'test: validated level'), (tx) => applyValidatedLevel(tx, p.id, 3));
    const current = await t.http().get(`/api/v1/procedures/${p.id}`).set(as(liaison));
    const eliminated = await t
      .http()
      .patch(`/api/v1/procedures/${p.id}`)
      .set(as(liaison))
      .send({ version: current.body.version, status: 'eliminated' });
    expect(eliminated.status).toBe(200);

    // One change per page; an empty page may only mean an open transaction elsewhere holds changes back for a moment.
    const events: Json[] = [];
    const until = Date.now() + 15_000;
    while (events.length < 4 && Date.now() < until) {
      const res = await get(`/changes?limit=1&since=${cursor}`);
      expect(res.status).toBe(200);
      events.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!res.body.items.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(events.map((e) => [e.type, e.procedureCode])).toEqual([
      ['procedure_created', 'FEED-1'],
      ['requirement_eliminated', 'FEED-1'],
      ['level_validated', 'FEED-1'],
      ['procedure_eliminated', 'FEED-1'],
    ]);
    expect(events[1]).toMatchObject({ requirementId: req.id, requirementName: 'Fotocopia de DPI' });
    expect(events[2]).toMatchObject({ previousLevel: 0, level: 3 });
    // Resuming from the last cursor gives nothing new; resuming from an earlier one replays from there, once.
    expect((await get(`/changes?since=${cursor}`)).body.items).toEqual([]);
    const replay = await get(`/changes?since=${events[1].cursor}`);
    expect(replay.body.items.map((e: Json) => e.type)).toEqual(['level_validated', 'procedure_eliminated']);
    // Cursors carry the writing transaction's 64-bit id (txid) and the row id, as plain JSON numbers.
    const [txid, rowId] = JSON.parse(Buffer.from(events[3].cursor, 'base64url').toString('utf8')) as [number, number];
    const [row] = await t.dataSource.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
      return em.query(`SELECT txid FROM public_events WHERE id = $1`, [rowId]);
    });
    expect(txid).toBe(Number(row.txid));
    // A cursor past 2^32 (a later transaction-id epoch) is valid and simply has nothing after it yet.
    const beyond = Buffer.from(JSON.stringify([2 ** 32 + txid, 0])).toString('base64url');
    expect((await get(`/changes?since=${beyond}`)).body).toMatchObject({ items: [], nextCursor: beyond, hasMore: false });
    // The txid is internal: the procedure's own change log does not show it.
    const log = await t.http().get(`/api/v1/procedures/${p.id}/changes`).set(as(liaison));
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBeGreaterThan(0);
    expect(log.body.items.every((c: Json) => !('txid' in c))).toBe(true);
  });

  it('holds back changes committed after a still-open transaction, so none is skipped when that one commits', async () => {
    let cursor = '';
    for (;;) {
      const res = await get(`/changes?limit=500${cursor ? `&since=${cursor}` : ''}`);
      cursor = res.body.nextCursor;
      if (!res.body.hasMore) break;
    }
    const [p1, p2] = [
      await createProc(liaison, { code: 'SLOW-1', name: 'Lento' }),
      await createProc(liaison, { code: 'FAST-1', name: 'Rápido' }),
    ];
    cursor = (await get(`/changes?limit=500&since=${cursor}`)).body.nextCursor;
    const version = t.app.get(PublicCacheVersion);
    const insert = `INSERT INTO public_events (type, institution_id, procedure_id, subject, subject_id, changes)
                    VALUES ('level_validated', $1, $2, 'procedure', $2, '[{"field": "currentLevel", "oldValue": 0, "newValue": 2}]')`;
    const slow = t.dataSource.createQueryRunner();
    await slow.connect();
    try {
      await slow.startTransaction();
      await slow.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [econ.id]);
      await slow.query(insert, [econ.id, p1.id]); // written first, committed last
      await t.dataSource.transaction(async (em) => {
        await em.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [econ.id]);
        await em.query(insert, [econ.id, p2.id]);
      });
      await version.bump(); // raw SQL writes no audit row: bump as an audited write would after its commit
      expect((await get(`/changes?since=${cursor}`)).body.items).toEqual([]);
      await slow.commitTransaction();
      await version.bump();
    } finally {
      await slow.release();
    }
    let items: Json[] = [];
    for (const until = Date.now() + 15_000; items.length < 2 && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      items = (await get(`/changes?since=${cursor}`)).body.items;
    }
    expect(items.map((e: Json) => e.procedureCode)).toEqual(['SLOW-1', 'FAST-1']);
  });

  it('is not held back by an open transaction of another database on the same server', async () => {
    let cursor = '';
    for (;;) {
      const res = await get(`/changes?limit=500${cursor ? `&since=${cursor}` : ''}`);
      cursor = res.body.nextCursor;
      if (!res.body.hasMore) break;
    }
    const elsewhere = new Client({ connectionString: process.env.DATABASE_ADMIN_URL });
    await elsewhere.connect();
    try {
      await elsewhere.query('BEGIN');
      await elsewhere.query('SELECT pg_current_xact_id()'); // an older transaction id, still running, in the "postgres" database
      await createProc(liaison, { code: 'OTHER-DB-1', name: 'Otra base abierta' });
      let items: Json[] = [];
      for (const until = Date.now() + 15_000; !items.length && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        items = (await get(`/changes?since=${cursor}`)).body.items;
      }
      expect(items.map((e: Json) => e.procedureCode)).toEqual(['OTHER-DB-1']);
    } finally {
      await elsewhere.query('ROLLBACK');
      await elsewhere.end();
    }
  });

  it('answers conditional requests with 304 from Redis alone, and a fresh 200 after a write or a score run', async () => {
    const db = t.app.get(Database);
    const first = await get('/institutions');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers['last-modified']).toBeDefined();
    expect(first.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');

    const spy = jest.spyOn(db, 'run');
    try {
      const cached = await get('/institutions', { 'If-None-Match': etag });
      expect(cached.status).toBe(304);
      expect(cached.text ?? '').toBe('');
      const bySince = await get('/institutions', { 'If-Modified-Since': first.headers['last-modified'] as string });
      expect(bySince.status).toBe(304);
      // A repeated unconditional request of the same version is served from memory as well.
      const again = await get('/institutions');
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }

    // A committed write bumps the version: the old ETag no longer matches and the new body shows the change.
    const list = await t.http().get('/api/v1/procedures?q=REG-002').set(as(liaison));
    const reg = list.body.items[0];
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/procedures/${reg.id}`)
          .set(as(liaison))
          .send({ version: reg.version, name: 'Registro sanitario (renovado)' })
      ).status,
    ).toBe(200);
    const afterWrite = await get(`/procedures?institution=${econ.code}&q=renovado`, { 'If-None-Match': etag });
    expect(afterWrite.status).toBe(200);
    expect(afterWrite.body.items.map((p: Json) => p.name)).toEqual(['Registro sanitario (renovado)']);
    // Per-resource validators: the institutions list does not show procedure names, so its ETag and Last-Modified stand.
    const unchanged = await get('/institutions', { 'If-None-Match': etag });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.etag).toBe(etag);
    expect((await get('/institutions', { 'If-Modified-Since': first.headers['last-modified'] as string })).status).toBe(304);
    // An institution's own change does change the list's representation.
    const admin = await createUser(t.dataSource, 'admin', null);
    const inst = (await t.http().get(`/api/v1/institutions/${econ.id}`).set(as(admin))).body;
    expect(
      (
        await t
          .http()
          .patch(`/api/v1/institutions/${econ.id}`)
          .set(as(admin))
          .send({ version: inst.version, website: 'https://economia.example.gt' })
      ).status,
    ).toBe(200);
    const fresh = await get('/institutions', { 'If-None-Match': etag });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.etag).not.toBe(etag);
    expect(new Date(fresh.headers['last-modified'] as string).getTime()).toBeGreaterThan(
      new Date(first.headers['last-modified'] as string).getTime(),
    );

    // A score run (no audit row) bumps it too.
    const before = fresh.headers.etag as string;
    expect((await get('/institutions', { 'If-None-Match': before })).status).toBe(304);
    await t.app.get(ScoringService).recomputeInstitution(econ.id);
    const scored = await get('/institutions', { 'If-None-Match': before });
    expect(scored.status).toBe(200);

    // A write that publishes nothing (a sign-in, audited) leaves the version alone.
    await t.http().post('/api/v1/auth/login').send({ email: liaison.email, password: TEST_PASSWORD }).expect(200);
    expect((await get('/institutions', { 'If-None-Match': scored.headers.etag as string })).status).toBe(304);

    // A refused write of public data (stale version: its unit of work rolls back) publishes no event: the version stays.
    const stale = await t
      .http()
      .patch(`/api/v1/procedures/${reg.id}`)
      .set(as(liaison))
      .send({ version: reg.version, name: 'Cambio con versión vieja' });
    expect(stale.status).toBe(409);
    expect((await get('/institutions', { 'If-None-Match': scored.headers.etag as string })).status).toBe(304);

    // Events reach their handlers only after commit: emitted in a unit of work that rolls back, they vanish with it.
    const emitThen = (fail: boolean) =>
      db.run(Access.administrative(systemActor(), 'test: events after commit'), async (tx) => {
        tx.emit('scores.recomputed', { subject: 'national' });
        if (fail) throw new Error('rolled back');
      });
    // (The version moving shows in PostgreSQL being read again; the representation itself is unchanged, so still 304.)
    const reads = jest.spyOn(db, 'run');
    try {
      await expect(emitThen(true)).rejects.toThrow('rolled back');
      reads.mockClear();
      expect((await get('/institutions', { 'If-None-Match': scored.headers.etag as string })).status).toBe(304);
      expect(reads).not.toHaveBeenCalled();
      await emitThen(false);
      reads.mockClear();
      const recomputed = await get('/institutions', { 'If-None-Match': scored.headers.etag as string });
      expect(recomputed.status).toBe(304);
      expect(recomputed.headers.etag).toBe(scored.headers.etag);
      expect(reads).toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it("keeps a document's validators when another institution or procedure changes; a CDN may share anonymous answers", async () => {
    const admin = await createUser(t.dataSource, 'admin', null);
    const mine = await get(`/institutions/${econ.code}`);
    const theirs = await get(`/institutions/${other.code}`);
    const procedure = await get(`/procedures/${econ.code}/REG-002`);
    expect(mine.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(mine.headers.vary).toBe('Accept-Encoding, X-API-Key');
    expect(new Date(mine.headers['last-modified'] as string).getTime()).toBeLessThanOrEqual(Date.now());
    // The other institution changes (its website): its document changes, ours does not.
    const row = (await t.http().get(`/api/v1/institutions/${other.id}`).set(as(admin))).body;
    await t
      .http()
      .patch(`/api/v1/institutions/${other.id}`)
      .set(as(admin))
      .send({ version: row.version, website: 'https://otra.example.gt' })
      .expect(200);
    expect((await get(`/institutions/${econ.code}`, { 'If-None-Match': mine.headers.etag as string })).status).toBe(304);
    expect((await get(`/institutions/${econ.code}`, { 'If-Modified-Since': mine.headers['last-modified'] as string })).status).toBe(304);
    expect((await get(`/procedures/${econ.code}/REG-002`, { 'If-None-Match': procedure.headers.etag as string })).status).toBe(304);
    const changed = await get(`/institutions/${other.code}`, { 'If-None-Match': theirs.headers.etag as string });
    expect(changed.status).toBe(200);
    expect(changed.body.website).toBe('https://otra.example.gt');
    expect(changed.headers.etag).not.toBe(theirs.headers.etag);
    // Our procedure changes: its document changes, and so does the list page showing it.
    const page = await get(`/procedures?institution=${econ.code}`);
    const reg = (await t.http().get('/api/v1/procedures?q=REG-002').set(as(liaison))).body.items[0];
    await t.http().patch(`/api/v1/procedures/${reg.id}`).set(as(liaison)).send({ version: reg.version, actualMedianDays: 7 }).expect(200);
    const after = await get(`/procedures/${econ.code}/REG-002`, { 'If-None-Match': procedure.headers.etag as string });
    expect(after.status).toBe(200);
    expect(after.body.actualMedianDays).toBe(7);
    expect((await get(`/procedures?institution=${econ.code}`, { 'If-None-Match': page.headers.etag as string })).status).toBe(200);
    expect((await get(`/institutions/${other.code}`, { 'If-None-Match': changed.headers.etag as string })).status).toBe(304);
  });

  it('exports CSV in UTF-8 with BOM that parses back with accents, commas and quotes intact', async () => {
    const res = await t
      .http()
      .get(`${base}/export/procedures.csv`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.etag).toBeDefined();
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8');
    bodies.push(text);
    const rows: Json[] = parse(text, { bom: true, columns: true });
    const cafe = rows.find((r) => r.code === 'CAFE-001');
    expect(cafe).toMatchObject({
      institution_code: econ.code,
      name: 'Licencia de exportación de café, "grano oro"',
      fee_gtq: '150.50',
      channels: 'in_person;online',
      foreign_trade: 'true',
    });

    const inst = await get('/export/institutions.csv');
    expect(inst.text.charCodeAt(0)).toBe(0xfeff);
    const irows: Json[] = parse(inst.text, { bom: true, columns: true });
    expect(irows.find((r) => r.code === other.code)?.name).toBe(other.name);
    expect(irows.find((r) => r.code === econ.code)?.name).toBe('Ministerio de Economía y Ñandúes ' + econ.code);

    const reqs = await get('/export/requirements.csv');
    const rrows: Json[] = parse(reqs.text, { bom: true, columns: true });
    expect(rrows.find((r) => r.institution_code === econ.code && r.name === 'Declaración jurada de origen')).toMatchObject({
      procedure_code: 'CAFE-001',
      status: 'eliminated',
      effective_to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  });

  it('exports procedures as a JSON array matching the contract, and the catalogue as CPSV-AP JSON-LD', async () => {
    const json = await get('/export/procedures.json');
    expect(json.status).toBe(200);
    const arr = JSON.parse(json.text);
    expect(Array.isArray(arr)).toBe(true);
    expect(arr.length).toBeGreaterThanOrEqual(3);
    for (const p of arr) expect(validate(doc, { $ref: '#/components/schemas/PublicProcedure' }, p)).toEqual([]);

    const ld = await t
      .http()
      .get(`${base}/export/catalog.jsonld`)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (s += c));
        r.on('end', () => cb(null, s));
      });
    expect(ld.status).toBe(200);
    expect(ld.headers['content-type']).toMatch(/^application\/ld\+json/);
    const graph = JSON.parse(ld.body as string);
    expect(graph['@context']).toEqual(expect.objectContaining({ cpsv: 'http://purl.org/vocab/cpsv#', cv: 'http://data.europa.eu/m8g/' }));
    const types = new Set(graph['@graph'].map((n: Json) => n['@type']));
    expect([...types]).toEqual(expect.arrayContaining(['cv:PublicOrganisation', 'cpsv:PublicService']));
    const cafe = graph['@graph'].find((n: Json) => n['dct:identifier'] === `${econ.code}/CAFE-001`);
    expect(cafe['cv:hasCompetentAuthority']['@id']).toMatch(new RegExp(`/institutions/${econ.code}$`));
    expect(cafe['cv:hasCost']).toEqual([
      expect.objectContaining({ '@type': 'cv:Cost', 'cv:hasValue': { '@value': '150.50', '@type': 'xsd:double' } }),
    ]);
    expect(cafe['cv:hasChannel'].map((c: Json) => [c['@type'], c['dct:type']['@id'].split('#channel-')[1]])).toEqual([
      ['cv:Channel', 'in_person'],
      ['cv:Channel', 'online'],
    ]);
    expect(cafe['cv:processingTime']).toEqual({ '@value': 'P20D', '@type': 'xsd:duration' });
    expect(cafe['cv:holdsRequirement']).toEqual([
      expect.objectContaining({
        '@type': 'cv:Requirement',
        'dct:title': { '@value': 'Constancia de inscripción del exportador', '@language': 'es' },
      }),
    ]);
  });

  it('never returns personal data: no e-mails, user ids or authors in any public response', async () => {
    const everything = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(20);
    expect(everything).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
    for (const u of [liaison, otherLiaison, analyst]) {
      expect(everything).not.toContain(u.id);
      expect(everything).not.toContain(u.email);
    }
    expect(everything).not.toMatch(/changedBy|changed_by|createdBy|created_by|Usuario liaison/);
  });
});
