import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Database } from '../../src/database/database.service';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { PublicExportService } from '../../src/modules/public-api/public-export.service';
import { GUATEMALA, QUETZAL, SPANISH } from '../../src/modules/public-api/cpsv-ap';
import { asScope, createProcedure, createRequirement } from '../helpers/factories';
import { useWorld } from '../helpers/world';

/** What a 304 may carry: validators and caching (RFC 9110 §15.4.5), the request's own headers, and the connection's. */
const NOT_MODIFIED_HEADERS =
  /^(?:etag|last-modified|cache-control|expires|vary|date|content-location|x-request-id|x-ratelimit-[a-z-]+|retry-after|access-control-[a-z-]+|connection|keep-alive)$/;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PUBLIC_URL = 'https://datos.simplifica.example';
const run = promisify(execFile);

/** Runs scripts/validate-cpsv-ap.mjs (rdf-validate-shacl over the vendored CPSV-AP 3.2.0 shapes) on a JSON-LD document. */
async function shacl(doc: unknown): Promise<{ conforms: boolean; triples: number; results: Json[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'cpsv-'));
  try {
    const file = join(dir, 'catalog.jsonld');
    await writeFile(file, JSON.stringify(doc));
    const out = await run(process.execPath, [join(__dirname, '../../scripts/validate-cpsv-ap.mjs'), file]).catch(
      (e: { code?: number; stdout?: string; stderr?: string }) => {
        if (e.code === 1 && e.stdout) return { stdout: e.stdout };
        throw new Error(`validator failed: ${e.stderr}`);
      },
    );
    return JSON.parse(out.stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every value of "@id" anywhere in a document. */
function ids(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => ids(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '@id' && typeof v === 'string') out.push(v);
      else ids(v, out);
    }
  }
  return out;
}

/**
 * Linked data and open data (issue 16): the catalogue is CPSV-AP 3 as the official SHACL shapes define it, under the
 * configured public URL; every open-data file is sorted by code, so successive releases diff line by line.
 */
describe('Public linked data (CPSV-AP) and open-data ordering', () => {
  const w = useWorld({
    label: 'de Datos Abiertos',
    app: { env: { APP_PUBLIC_URL: PUBLIC_URL, PUBLIC_API_RATE_LIMIT_PER_MINUTE: '5000' } },
  });
  const get = (path: string) =>
    w.t
      .http()
      .get(`/api/public/v1${path}`)
      .buffer(true)
      .parse((r, cb) => {
        let s = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (s += c));
        r.on('end', () => cb(null, s));
      });
  const catalog = async (): Promise<Json> => {
    const res = await get('/export/catalog.jsonld');
    expect(res.status).toBe(200);
    return JSON.parse(res.body as string);
  };
  const csvLines = async (file: string): Promise<string[]> => {
    const res = await get(`/export/${file}`);
    expect(res.status).toBe(200);
    return (res.body as string)
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
  };

  beforeAll(async () => {
    const ds = w.t.dataSource;
    await asScope(ds, 'admin', null, (em) => em.query(`UPDATE institutions SET website = 'https://www.a.gob.gt' WHERE id = $1`, [w.a.id]));
    // Created out of code order (ids are random): files must come out sorted by code all the same.
    const z = await createProcedure(ds, w.a.id, { code: 'Z-9', name: 'Licencia Z', feeGtq: '75.00', legalMaxDays: 20 });
    const a = await createProcedure(ds, w.a.id, { code: 'A-1', name: 'Registro A' });
    const m = await createProcedure(ds, w.a.id, { code: 'M-5', name: 'Permiso M' });
    await createProcedure(ds, w.b.id, { code: 'B-2', name: 'Constancia B' });
    await asScope(ds, 'tenant', w.a.id, (em) =>
      em.query(
        `UPDATE procedures SET fee_gtq = NULL, description = 'Inscripción en el registro', channels = '{in_person,online}',
                online_url = 'https://tramites.a.gob.gt/registro', legal_basis = 'Decreto 5-2021, art. 13; Acuerdo Gubernativo 211-2015'
          WHERE id = $1`,
        [a.id],
      ),
    );
    for (const p of [z, a, m, z]) await createRequirement(ds, p, { name: `Requisito de ${p.code}` });
    const withBasis = await createRequirement(ds, m, { name: 'Constancia con base', legalBasisType: 'government_agreement' });
    await asScope(ds, 'tenant', w.a.id, (em) =>
      em.query(`UPDATE requirements SET legal_basis_reference = 'Acuerdo Gubernativo 32-2013' WHERE id = $1`, [withBasis.id]),
    );
  });

  it('the catalogue conforms to the CPSV-AP 3.2.0 SHACL shapes', async () => {
    const report = await shacl(await catalog());
    expect(report.results).toEqual([]);
    expect(report.conforms).toBe(true);
    expect(report.triples).toBeGreaterThan(50);
  }, 120_000);

  it('the validation can fail: a service without its competent authority, or a requirement without a title, does not conform', async () => {
    const doc = await catalog();
    const service = doc['@graph'].find((n: Json) => n['dct:identifier'] === `${w.a.code}/A-1`);
    delete service['cv:hasCompetentAuthority'];
    const withoutAuthority = await shacl(doc);
    expect(withoutAuthority.conforms).toBe(false);
    expect(withoutAuthority.results).toEqual([
      expect.objectContaining({ focusNode: service['@id'], path: 'http://data.europa.eu/m8g/hasCompetentAuthority' }),
    ]);

    const again = await catalog();
    const z = again['@graph'].find((n: Json) => n['dct:identifier'] === `${w.a.code}/Z-9`);
    delete z['cv:holdsRequirement'][0]['dct:title'];
    const untitled = await shacl(again);
    expect(untitled.conforms).toBe(false);
    expect(untitled.results.map((r) => r.path)).toEqual(['http://purl.org/dc/terms/title']);
  }, 120_000);

  it('services carry requirements, legal resources (ELI-style), language, status, cost only when known, contact point and authority', async () => {
    const doc = await catalog();
    const graph: Json[] = doc['@graph'];
    const base = `${PUBLIC_URL}/api/public/v1`;
    const a1 = graph.find((n) => n['dct:identifier'] === `${w.a.code}/A-1`)!;
    const z9 = graph.find((n) => n['dct:identifier'] === `${w.a.code}/Z-9`)!;
    const m5 = graph.find((n) => n['dct:identifier'] === `${w.a.code}/M-5`)!;
    expect(a1).toMatchObject({
      '@id': `${base}/procedures/${w.a.code}/A-1`,
      '@type': 'cpsv:PublicService',
      'dct:title': { '@value': 'Registro A', '@language': 'es' },
      'dct:description': { '@value': 'Inscripción en el registro', '@language': 'es' },
      'dct:language': { '@id': SPANISH },
      'adms:status': { '@id': `${base}/data-dictionary#procedure-status-active` },
      'cv:hasCompetentAuthority': { '@id': `${base}/institutions/${w.a.code}` },
      'cv:contactPoint': { '@id': `${base}/institutions/${w.a.code}#contact-point` },
    });
    // Unknown fee: no cv:hasCost at all (never a zero that reads as free); a known one is a cv:Cost in quetzales.
    expect(a1['cv:hasCost']).toBeUndefined();
    expect(z9['cv:hasCost']).toEqual([
      expect.objectContaining({
        '@type': 'cv:Cost',
        'cv:hasValue': { '@value': '75.00', '@type': 'xsd:double' },
        'cv:currency': { '@id': QUETZAL },
      }),
    ]);
    expect(z9['cv:processingTime']).toEqual({ '@value': 'P20D', '@type': 'xsd:duration' });
    expect(z9['cv:holdsRequirement']).toHaveLength(2);
    expect(z9['cv:holdsRequirement'][0]).toMatchObject({ '@type': 'cv:Requirement', 'dct:title': { '@value': 'Requisito de Z-9' } });
    expect(z9['hasInput'] ?? z9['cpsv:hasInput']).toBeUndefined();
    // The legal basis: each cited law or acuerdo an ELI-style resource (one per citation, articles folded in).
    expect(a1['cv:hasLegalResource'].map((l: Json) => [l['@id'], l['dct:title']['@value']])).toEqual([
      [`${base}/export/catalog.jsonld#eli/gt/decreto/2021/5`, 'Decreto 5-2021'],
      [`${base}/export/catalog.jsonld#eli/gt/acuerdo-gubernativo/2015/211`, 'Acuerdo Gubernativo 211-2015'],
    ]);
    expect(m5['cv:hasLegalResource'].map((l: Json) => l['@id'])).toEqual([
      `${base}/export/catalog.jsonld#eli/gt/acuerdo-gubernativo/2013/32`,
    ]);
    const online = a1['cv:hasChannel'].find((c: Json) => c['dct:type']['@id'].endsWith('#channel-online'));
    expect(online['schema:url']).toEqual({ '@id': 'https://tramites.a.gob.gt/registro' });
    expect(graph.find((n) => n['@id'] === `${base}/institutions/${w.a.code}`)).toMatchObject({
      '@type': 'cv:PublicOrganisation',
      'dct:spatial': { '@id': GUATEMALA },
    });
  });

  it('every @id is under the configured public URL (besides the EU authority values and the institutions’ own sites)', async () => {
    const body = (await get('/export/catalog.jsonld')).body as string;
    expect(body).not.toContain('localhost');
    const foreign = new Set(ids(JSON.parse(body)).filter((id) => !id.startsWith(`${PUBLIC_URL}/`)));
    expect([...foreign].sort()).toEqual([GUATEMALA, QUETZAL, SPANISH, 'https://tramites.a.gob.gt/registro', 'https://www.a.gob.gt'].sort());
  });

  describe('sorted by code', () => {
    const sortedCodes = () => [w.a.code, w.b.code].sort();

    it('procedures.csv, requirements.csv, institutions.csv, procedures.json and the catalogue, across batch boundaries', async () => {
      const exportsService = w.t.app.get(PublicExportService);
      for (const batch of [2, 5000]) {
        exportsService.batchSize = batch;
        const procs = (await csvLines('procedures.csv')).slice(1).map((l) => l.split(',').slice(0, 2).join('/'));
        expect(procs).toEqual([`${w.a.code}/A-1`, `${w.a.code}/M-5`, `${w.a.code}/Z-9`, `${w.b.code}/B-2`].sort());
        const reqs = (await csvLines('requirements.csv')).slice(1).map((l) => l.split(',').slice(0, 3));
        expect(reqs).toHaveLength(5);
        const keys = reqs.map((r) => r.join('/'));
        expect(keys).toEqual([...keys].sort());
        expect(new Set(keys).size).toBe(5);
        const inst = (await csvLines('institutions.csv')).slice(1).map((l) => l.split(',')[0]);
        expect(inst).toEqual(sortedCodes());
        const json = JSON.parse((await get('/export/procedures.json')).body as string).map((p: Json) => `${p.institutionCode}/${p.code}`);
        expect(json).toEqual(procs);
        const services = (await catalog())['@graph']
          .filter((n: Json) => n['@type'] === 'cpsv:PublicService')
          .map((n: Json) => n['dct:identifier']);
        expect(services).toEqual(procs);
      }
      exportsService.batchSize = 5000;
    });

    it('an edit changes one line in place: successive releases diff cleanly', async () => {
      const before = await csvLines('procedures.csv');
      await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
        em.query(`UPDATE procedures SET name = 'Permiso M renovado' WHERE institution_id = $1 AND code = 'M-5'`, [w.a.id]),
      );
      const after = await csvLines('procedures.csv');
      expect(after).toHaveLength(before.length);
      const changed = after.map((l, n) => (l === before[n] ? null : n)).filter((n) => n !== null);
      expect(changed).toHaveLength(1);
      expect(after[changed[0]!]).toContain('Permiso M renovado');
    });
  });

  it('every open-data file carries validators for a CDN: ETag, Last-Modified, 304 without PostgreSQL, Cache-Control and Vary', async () => {
    const files = [
      'procedures.csv',
      'requirements.csv',
      'institutions.csv',
      'indicators.csv',
      'indicators.json',
      'procedures.json',
      'catalog.jsonld',
    ];
    const first = new Map<string, { etag: string; lastModified: string }>();
    for (const file of files) {
      const res = await get(`/export/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toMatch(/^"[^"]+"$/);
      expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
      expect(res.headers.vary).toBe('Accept-Encoding, X-API-Key');
      first.set(file, { etag: res.headers.etag as string, lastModified: res.headers['last-modified'] as string });
    }
    expect(new Set([...first.values()].map((v) => v.etag)).size).toBe(files.length);
    const spy = jest.spyOn(w.t.app.get(Database), 'run');
    try {
      for (const file of files) {
        const { etag, lastModified } = first.get(file)!;
        const byTag = await w.t.http().get(`/api/public/v1/export/${file}`).set('If-None-Match', etag);
        expect(byTag.status).toBe(304);
        expect(byTag.headers.etag).toBe(etag);
        expect(byTag.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
        // A 304 keeps validators, caching and the request's own headers only (RFC 9110 §15.4.5), not the file's.
        expect(Object.keys(byTag.headers).filter((h) => !NOT_MODIFIED_HEADERS.test(h))).toEqual([]);
        expect((await w.t.http().get(`/api/public/v1/export/${file}`).set('If-Modified-Since', lastModified)).status).toBe(304);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    // A change of public data (the version moves): a fresh 200 with another tag.
    await w.t.app.get(PublicCacheVersion).bump();
    const after = await w.t.http().get('/api/public/v1/export/procedures.csv').set('If-None-Match', first.get('procedures.csv')!.etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(first.get('procedures.csv')!.etag);
  });
});
