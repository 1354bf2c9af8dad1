import { brotliDecompressSync } from 'node:zlib';
import { Database } from '../../src/database/database.service';
import { PublicCacheVersion } from '../../src/modules/public-api/public-cache-version';
import { PAGE_CSP } from '../../src/web/pages/page-responder';
import { createPublicSiteWorld, PublicSiteWorld } from '../helpers/public-site-world';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Public pages over HTTP (/transparencia)', () => {
  let t: TestApp;
  let w: PublicSiteWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await createPublicSiteWorld(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('/ leads to the transparency site', async () => {
    const res = await t.http().get('/').expect(302);
    expect(res.headers.location).toBe('/transparencia');
  });

  it('serves pages as Spanish HTML with a strict CSP, an ETag and short public caching', async () => {
    const res = await t.http().get('/transparencia').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(PAGE_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(res.headers.etag).toMatch(/^"p\d+-\d{4}-\d{2}-\d{2}-[\w-]{16}"$/);
    expect(res.text).toContain('<html lang="es"');
    expect(res.text).toContain('href="#contenido"');
    expect(res.text).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
    expect(res.text).not.toMatch(/ style="/);
  });

  it('answers a conditional request with 304, and a repeated one from memory, without touching PostgreSQL', async () => {
    const path = `/transparencia/instituciones/${w.ministry.code}`;
    const first = await t.http().get(path).expect(200);
    const etag = first.headers.etag as string;
    const db = t.app.get(Database);
    const spies = [jest.spyOn(db, 'run')];
    const query = jest.spyOn(t.dataSource, 'createQueryRunner');
    try {
      const cached = await t.http().get(path).set('If-None-Match', etag);
      expect(cached.status).toBe(304);
      expect(cached.headers.etag).toBe(etag);
      const again = await t.http().get(path).set('Accept-Encoding', 'br');
      expect(again.status).toBe(200);
      expect(again.headers['content-encoding']).toBe('br');
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(query).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
      query.mockRestore();
    }
    // New public data (any committed write or score run bumps the version): the old ETag no longer matches.
    await t.app.get(PublicCacheVersion).bump();
    const changed = await t.http().get(path).set('If-None-Match', etag).expect(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('serves content-hashed assets, pre-compressed and immutable; the favicon by name', async () => {
    const page = await t.http().get('/transparencia').expect(200);
    const css = /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(page.text)?.[1];
    expect(css).toBeDefined();
    const res = await t
      .http()
      .get(css!)
      .set('Accept-Encoding', 'gzip, br')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    // The client may already have decoded it; the length on the wire is the compressed one.
    const raw = res.body as Buffer;
    let text: string;
    try {
      text = brotliDecompressSync(raw).toString('utf8');
    } catch {
      text = raw.toString('utf8');
    }
    expect(Number(res.headers['content-length'])).toBeLessThan(text.length / 5);
    expect(text).toContain('.govuk-table');
    expect(text).not.toMatch(/GDS Transport|@font-face|\n\s+\n/);
    expect(
      (
        await t
          .http()
          .get(css!)
          .set('If-None-Match', res.headers.etag as string)
      ).status,
    ).toBe(304);
    const ico = await t.http().get('/favicon.ico').expect(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    await t.http().get('/assets/site.000000000000.css').expect(404);
  });

  it('fails as a Spanish HTML page with the request id for pages, and keeps the JSON shape for the API', async () => {
    const page = await t.http().get('/transparencia/instituciones/NO-EXISTE').set('X-Request-Id', 'prueba-404').expect(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers.etag).toBeUndefined();
    expect(page.text).toContain('No encontramos esta página');
    expect(page.text).toContain('prueba-404');
    await t
      .http()
      .get('/no-existe')
      .expect(404)
      .expect('Content-Type', /text\/html/);
    const api = await t.http().get('/api/public/v1/institutions/NO-EXISTE').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const route = await t.http().get('/api/v1/no-existe').expect(404);
    expect(route.body).toMatchObject({ statusCode: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('shows an invalid filter’s message beside its field, and ignores unknown parameters', async () => {
    const res = await t.http().get('/transparencia?type=planeta&utm_source=boletin').expect(200);
    expect(res.text).toContain('govuk-form-group--error');
    expect(res.text).toMatch(/id="f-type-error"[^>]*>[\s\S]*Debe ser uno de: ministry \(ministerio\)/);
    expect(res.text).toContain(w.ministry.name);
  });

  it('robots.txt and the sitemaps list every institution and procedure page', async () => {
    const robots = await t.http().get('/robots.txt').expect(200);
    expect(robots.text).toContain('Sitemap: http://simplifica.test/sitemap.xml');
    const index = await t.http().get('/sitemap.xml').expect(200);
    expect(index.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(index.text).toContain('<loc>http://simplifica.test/sitemaps/instituciones.xml</loc>');
    const institutions = await t.http().get('/sitemaps/instituciones.xml').expect(200);
    expect(institutions.text).toContain(`<loc>http://simplifica.test/transparencia/instituciones/${w.empty.code}</loc>`);
    expect(index.text).toContain(`<loc>http://simplifica.test/sitemaps/tramites-${w.ministry.code}.xml</loc>`);
    const procedures = await t.http().get(`/sitemaps/tramites-${w.ministry.code}.xml`).expect(200);
    for (const p of [w.licence, w.exporters, w.identity])
      expect(procedures.text).toContain(`/transparencia/tramites/${w.ministry.code}/${p.code}</loc>`);
    await t.http().get('/sitemaps/otra-cosa.xml').expect(404);
  });

  it('the public API serves the ranking the home page shows: institutions without inventory apart, never ranked', async () => {
    const res = await t.http().get('/api/public/v1/ranking?type=municipality').expect(200);
    expect(res.body.ranked.find((e: { code: string }) => e.code === w.empty.code)).toBeUndefined();
    expect(res.body.unranked.find((e: { code: string }) => e.code === w.empty.code)).toMatchObject({ rank: null, procedures: 0 });
    const all = await t.http().get('/api/public/v1/ranking?sort=name').expect(200);
    const ministry = all.body.ranked.find((e: { code: string }) => e.code === w.ministry.code);
    expect(ministry).toMatchObject({ procedures: 3, online: 1, prohibitedActive: 1, type: 'ministry', sector: 'Economía' });
    expect(ministry.rank).toBeGreaterThan(0);
    await t.http().get('/api/public/v1/ranking?type=planeta').expect(400);
    const facets = await t.http().get('/api/public/v1/procedure-facets').expect(200);
    expect(facets.body.categories).toEqual(expect.arrayContaining(['Comercio exterior', 'Identidad', 'Salud']));
  });
});
