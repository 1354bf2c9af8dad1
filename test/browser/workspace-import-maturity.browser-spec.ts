import { Browser, Page } from 'playwright-core';
import { csv, requisitos, tramites, xlsx } from '../../src/modules/inventory/import-export/__tests__/fixtures';
import { asScope, bearer, createInstitution, createUser, TEST_PASSWORD, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import {
  audit,
  ENGLISH_CODES,
  launchBrowser,
  overflowsHorizontally,
  screenshot,
  Site,
  startSite,
  ViewportName,
  watchConsole,
} from './helpers/browser';
import { signedIn } from './helpers/workspace';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * The liaison's Importar and Madurez pages in a real browser (issue 14's journey pieces): a spreadsheet with one bad
 * row shows the located problem; the fixed file shows what would change and imports after confirming, on a progress
 * page that refreshes itself; an assessment is submitted with a file, which only its institution may download.
 */
describe('Workspace in a real browser: Importar and Madurez', () => {
  let site: Site;
  let browser: Browser;
  let inst: TestInstitution;
  let other: TestInstitution;
  let liaison: TestUser;
  let liaisonOther: TestUser;
  let procedureId: string;
  const code = `NAV-${Date.now().toString(36).toUpperCase()}`;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    site = await startSite({ worker: true });
    browser = await launchBrowser();
    inst = await createInstitution(site.t.dataSource, 'Ministerio de las Cargas');
    other = await createInstitution(site.t.dataSource, 'Secretaría de Otra Parte');
    liaison = await createUser(site.t.dataSource, 'liaison', inst.id);
    liaisonOther = await createUser(site.t.dataSource, 'liaison', other.id);
    const created = await site.t
      .http()
      .post('/api/v1/procedures')
      .set(bearer(tokenFor(site.t, liaison)))
      .send({
        code: `${code}-0`,
        name: 'Licencia que ya existía',
        audience: 'business',
        channels: ['in_person'],
        legalMaxDays: 30,
        requirements: [{ name: 'Fotocopia de cédula' }],
      })
      .expect(201);
    procedureId = created.body.id;
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  const clean = async (page: Page, problems: string[]) => {
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  };
  const idOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

  it('imports a spreadsheet: one bad row → the located problem; fixed → what would change, by name → confirmed → done', async () => {
    const { context, page } = await signedIn(browser, site, liaison.email);
    const problems = watchConsole(page);
    const sheets = (fee: string) => ({
      tramites: tramites(
        { codigo: `${code}-0`, nombre: 'Licencia que ya existía', costo_gtq: '10' },
        { codigo: `${code}-1`, nombre: 'Permiso nuevo desde la hoja', costo_gtq: fee },
      ),
      requisitos: requisitos(
        { codigo_tramite: `${code}-0`, nombre: 'Fotocopia de cédula' },
        { codigo_tramite: `${code}-1`, nombre: 'Solicitud firmada' },
      ),
    });
    await page.goto(`${site.baseUrl}/app/importar`);
    await clean(page, problems);
    const bad = sheets('-5');
    await page.setInputFiles('#f-tramites', { name: 'tramites.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(bad.tramites)) });
    await page.setInputFiles('#f-requisitos', { name: 'requisitos.csv', mimeType: 'text/csv', buffer: Buffer.from(csv(bad.requisitos)) });
    await Promise.all([
      page.waitForURL(/\/app\/importar\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Revisar el archivo' }).click(),
    ]);
    // the page refreshes itself (Refresh header) until the review is done
    await page.locator('h1', { hasText: 'El archivo tiene problemas' }).waitFor({ timeout: 30000 });
    ids.problems = idOf(page);
    const row = page.locator('table tbody tr').first();
    expect((await row.locator('td').allInnerTexts()).slice(0, 3)).toEqual(['Trámites', '3', 'costo_gtq']);
    expect(await page.getByRole('button', { name: 'Confirmar e importar' }).count()).toBe(0);
    await clean(page, problems);
    await screenshot(page, 'app-importar-problemas', 'desktop');

    await page.getByRole('link', { name: 'Cargar el archivo corregido' }).click();
    const good = sheets('15.50');
    await page.setInputFiles('#f-file', {
      name: 'inventario corregido.xlsx',
      mimeType: 'application/octet-stream',
      buffer: await xlsx(good),
    });
    await Promise.all([
      page.waitForURL(/\/app\/importar\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Revisar el archivo' }).click(),
    ]);
    await page.locator('h1', { hasText: 'El archivo está listo para importarse' }).waitFor({ timeout: 30000 });
    ids.preview = idOf(page);
    const main = await page.locator('main').innerText();
    expect(main).toContain(`${code}-1 · Permiso nuevo desde la hoja`);
    expect(main).toContain(`${code}-1 · Solicitud firmada`);
    expect(main).toContain('Costo: sin dato → Q 10.00');
    expect(main).toContain('Canales: presencial → ninguno');
    await clean(page, problems);
    await screenshot(page, 'app-importar-revision', 'desktop');

    await Promise.all([
      page.waitForURL((u) => u.pathname !== `/app/importar/${ids.preview}`),
      page.getByRole('button', { name: 'Confirmar e importar' }).click(),
    ]);
    await page.locator('h1', { hasText: 'Importación completada' }).waitFor({ timeout: 30000 });
    await clean(page, problems);
    const list = await site.t
      .http()
      .get(`/api/v1/procedures?q=${code}`)
      .set(bearer(tokenFor(site.t, liaison)))
      .expect(200);
    expect(list.body.items.map((p: { code: string }) => p.code).sort()).toEqual([`${code}-0`, `${code}-1`]);
    await context.close();
  });

  it('submits a maturity assessment with a file; the result shows it; it downloads as an attachment', async () => {
    const { context, page } = await signedIn(browser, site, liaison.email);
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}/app/madurez`);
    await clean(page, problems);
    await page.getByRole('link', { name: 'Evaluar Licencia que ya existía' }).click();
    expect(await page.locator('h1').innerText()).toContain('Licencia que ya existía');
    // without evidence: the message beside the fields, the answer kept
    await page.getByLabel('Descripción, requisitos, costo, plazo y base legal publicados en línea').check();
    await page.getByRole('button', { name: 'Enviar la evaluación' }).click();
    expect(await page.locator('#f-evidenceUrl-error').innerText()).toContain(
      'Desde el nivel 1 se necesita evidencia: un enlace, un archivo, una nota',
    );
    expect(await page.getByLabel('Descripción, requisitos, costo, plazo y base legal publicados en línea').isChecked()).toBe(true);
    await clean(page, problems);
    await screenshot(page, 'app-madurez-errores', 'desktop');

    await page.setInputFiles('#f-evidenceFile', { name: 'captura del portal.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([
      page.waitForURL(/\/app\/madurez\/evaluaciones\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Enviar la evaluación' }).click(),
    ]);
    ids.assessment = idOf(page);
    expect(await page.locator('h1').innerText()).toBe('Evaluación de madurez: nivel 1');
    expect(await page.locator('.sf-notice').innerText()).toContain('Se envió la evaluación');
    await clean(page, problems);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'captura del portal.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('captura del portal.pdf');
    const href = await page.getByRole('link', { name: 'captura del portal.pdf' }).getAttribute('href');
    ids.file = href!.split('/').pop()!;
    await context.close();
  });

  it('a liaison of another institution gets 404 on these pages and on the file', async () => {
    const { context, page } = await signedIn(browser, site, liaisonOther.email);
    for (const path of [
      `/app/madurez/${procedureId}`,
      `/app/madurez/evaluaciones/${ids.assessment}`,
      `/app/evidencia/${ids.file}`,
      `/app/importar/${ids.preview}`,
    ]) {
      const res = await page.goto(`${site.baseUrl}${path}`);
      expect([path, res?.status()]).toEqual([path, 404]);
      expect(await page.locator('h1').innerText()).toBe('No encontramos esta página');
    }
    await context.close();
  });

  it.each(['desktop', 'phone'] as ViewportName[])(
    'every Importar and Madurez page type passes axe with zero serious or critical violations (%s), in Spanish, within the width',
    async (viewport) => {
      // an import still running (never queued, so it stays so): the progress page
      const [{ id: running }] = await asScope(site.t.dataSource, 'tenant', inst.id, (em) =>
        em.query(
          `INSERT INTO inventory_imports (institution_id, file_name, format, content, dry_run, status, progress, created_by) VALUES ($1, 'en-curso.xlsx', 'xlsx', '\\x00', true, 'running', 40, $2) RETURNING id`,
          [inst.id, liaison.id],
        ),
      );
      const { context } = await signedIn(browser, site, liaison.email, TEST_PASSWORD, viewport);
      const pages = [
        ['app-importar', '/app/importar'],
        ['app-importar-problemas', `/app/importar/${ids.problems}`],
        ['app-importar-revision', `/app/importar/${ids.preview}`],
        ['app-importar-progreso', `/app/importar/${running}`],
        ['app-madurez', '/app/madurez'],
        ['app-madurez-evaluar', `/app/madurez/${procedureId}`],
        ['app-madurez-resultado', `/app/madurez/evaluaciones/${ids.assessment}`],
      ];
      for (const [name, path] of pages) {
        const page = await context.newPage();
        const problems = watchConsole(page);
        const res = await page.goto(`${site.baseUrl}${path}`);
        expect([path, res?.status()]).toEqual([path, 200]);
        if (name === 'app-importar-progreso') {
          expect(res?.headers().refresh).toBe('2');
          expect(await page.locator('h1').innerText()).toBe('Revisando el archivo…');
        }
        expect([path, await audit(page)]).toEqual([path, []]);
        expect([path, problems]).toEqual([path, []]);
        expect([path, await overflowsHorizontally(page)]).toEqual([path, false]);
        const text = await page.locator('body').innerText();
        expect(text).not.toMatch(ENGLISH_CODES);
        expect(text).not.toMatch(/\b(info_published|online_payment|dryRun|proceduresCreated)\b/);
        await screenshot(page, name, viewport);
        await page.close();
      }
      await context.close();
    },
  );
});
