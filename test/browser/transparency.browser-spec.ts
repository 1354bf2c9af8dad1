import { Browser, Page } from 'playwright-core';
import { format } from '../../src/common/views/handlebars-setup';
import { createPublicSiteWorld, PublicSiteWorld } from '../helpers/public-site-world';
import {
  audit,
  ENGLISH_CODES,
  launchBrowser,
  newContext,
  overflowsHorizontally,
  screenshot,
  Site,
  startSite,
  ViewportName,
  watchConsole,
} from './helpers/browser';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('Transparency site in a real browser', () => {
  let site: Site;
  let browser: Browser;
  let w: PublicSiteWorld;
  const api = async (path: string): Promise<Json> => (await fetch(`${site.baseUrl}/api/public/v1${path}`)).json();

  beforeAll(async () => {
    site = await startSite();
    w = await createPublicSiteWorld(site.t);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  /** Opens a page in a fresh context; the test fails on any CSP violation or script error it reports. */
  async function open(
    path: string,
    viewport: ViewportName = 'desktop',
    javaScript = true,
  ): Promise<{ page: Page; problems: string[]; status: number }> {
    const context = await newContext(browser, viewport, { javaScript });
    const page = await context.newPage();
    const problems = watchConsole(page);
    const res = await page.goto(`${site.baseUrl}${path}`);
    return { page, problems, status: res?.status() ?? 0 };
  }

  const text = (page: Page, selector: string) => page.locator(selector).first().innerText();

  it('the home page shows the national figures and the ranking the public API serves', async () => {
    const [indicators, ranking] = await Promise.all([api('/indicators'), api('/ranking')]);
    const { page, problems } = await open('/transparencia');
    const figures = await page.locator('.sf-figures__item').allInnerTexts();
    expect(figures[0]).toContain(format.integer(indicators.indicators.procedures.registered));
    expect(figures[1]).toContain(format.integer(indicators.indicators.procedures.online));
    expect(figures[2]).toContain(format.integer(indicators.indicators.requirements.eliminatedSinceBaseline));
    expect(figures[3]).toContain(format.integer(indicators.indicators.requirements.prohibitedActive));

    const mine = ranking.ranked.find((e: Json) => e.code === w.ministry.code);
    expect(mine).toBeDefined();
    const row = page.locator('.sf-ranking tbody tr', { hasText: w.ministry.name });
    expect(await row.locator('td').first().innerText()).toBe(String(mine.rank));
    expect(await row.locator('td').nth(1).innerText()).toBe(format.decimal(Number(mine.score)));
    // No inventory: listed apart, never ranked.
    expect(ranking.ranked.some((e: Json) => e.code === w.empty.code)).toBe(false);
    expect(await page.locator('.sf-ranking').innerText()).not.toContain(w.empty.name);
    expect(await page.locator('#sin-inventario + p + ul').innerText()).toContain(w.empty.name);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('follows the ranking to an institution and on to a procedure, with the API figures and structured data', async () => {
    const { page, problems } = await open('/transparencia');
    await page.getByRole('link', { name: w.ministry.name, exact: true }).first().click();
    await page.waitForURL(`**/transparencia/instituciones/${w.ministry.code}`);
    expect(await text(page, 'h1')).toBe(w.ministry.name);
    const detail = await api(`/institutions/${w.ministry.code}`);
    expect(await page.locator('.sf-chart--gauge .sf-chart__gauge-value').first().textContent()).toBe(
      format.decimal(Number(detail.currentScore.score)),
    );
    expect(await page.locator('#mejoras + ol li').count()).toBeGreaterThan(0);
    expect(await page.locator('#tramites-caption').innerText()).toContain('3 trámites');

    await page.getByRole('link', { name: 'Licencia sanitaria de funcionamiento' }).click();
    await page.waitForURL(`**/transparencia/tramites/${w.ministry.code}/${w.licence.code}`);
    expect(await text(page, 'h1')).toBe('Licencia sanitaria de funcionamiento');
    const current = await page.locator('#requisitos-caption').locator('xpath=..').innerText();
    expect(current).toContain('Documento personal de identificación');
    expect(current).toContain('Prohibido: Declaración jurada');
    expect(await page.getByRole('table', { name: /ya no se exige/ }).innerText()).toContain('Constancia de antecedentes policiacos');
    expect(await page.getByRole('table', { name: /Línea base/ }).innerText()).toMatch(/Visitas presenciales\s+3\s+0/);
    const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
    expect(jsonLd['@type']).toBe('GovernmentService');
    expect(jsonLd.provider.name).toBe(w.ministry.name);
    expect(jsonLd.offers).toEqual({ '@type': 'Offer', price: '250.00', priceCurrency: 'GTQ' });
    const procedure = await api(`/procedures/${w.ministry.code}/${w.licence.code}`);
    expect(await page.locator('section[aria-labelledby="madurez"]').innerText()).toContain(
      `Nivel ${procedure.maturity.currentLevel} · ${procedure.maturity.levelName}`,
    );
    expect(await page.locator('section[aria-labelledby="madurez"]').innerText()).toContain(procedure.maturity.nextLevel.criteria[0]);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('searches accent- and case-insensitively, with each filter, paged, the query in a shareable URL — without JavaScript', async () => {
    const { page, problems } = await open('/transparencia/buscar', 'desktop', false);
    const titles = () => page.locator('.sf-results__title').allInnerTexts();
    await page.getByLabel('Nombre o código del trámite').fill('nandu');
    await page.getByRole('button', { name: 'Buscar' }).click();
    expect(page.url()).toContain('q=nandu');
    expect(await titles()).toEqual(['Constancia de inscripción Ñandú']);

    await page.goto(`${site.baseUrl}/transparencia/buscar?q=${encodeURIComponent('LICENCIA SANITARIA')}`);
    expect(await titles()).toEqual(['Licencia sanitaria de funcionamiento']);

    const filtered = async (field: string, value: string) => {
      await page.goto(`${site.baseUrl}/transparencia/buscar`);
      await page.getByLabel(field).selectOption(value);
      await page.getByRole('button', { name: 'Buscar' }).click();
      return titles();
    };
    expect(await filtered('Institución', w.ministry.code)).toEqual([
      'Constancia de inscripción Ñandú',
      'Licencia sanitaria de funcionamiento',
      'Registro de exportadores',
    ]);
    expect(await filtered('Nivel de madurez', '4')).toContain('Licencia sanitaria de funcionamiento');
    expect(await filtered('Nivel de madurez', '4')).not.toContain('Registro de exportadores');
    expect(await filtered('Categoría', 'Comercio exterior')).toContain('Registro de exportadores');
    await page.goto(`${site.baseUrl}/transparencia/buscar?institution=${w.ministry.code}`);
    await page.getByLabel('Dirigido a').selectOption('person');
    await page.getByRole('button', { name: 'Buscar' }).click();
    expect(await titles()).toEqual(['Constancia de inscripción Ñandú']);
    await page.goto(`${site.baseUrl}/transparencia/buscar?institution=${w.ministry.code}`);
    await page.getByLabel('Solo trámites de comercio exterior').check();
    await page.getByRole('button', { name: 'Buscar' }).click();
    expect(await titles()).toEqual(['Registro de exportadores']);

    // 22 procedures of a series: 20 on the first page, the rest on the next, in order.
    await page.goto(`${site.baseUrl}/transparencia/buscar?q=${w.seriesWord}`);
    const firstPage = await titles();
    expect(firstPage).toHaveLength(20);
    await page.getByRole('link', { name: 'Página siguiente' }).click();
    const secondPage = await titles();
    expect(secondPage).toEqual([`Permiso ${w.seriesWord} 20`, `Permiso ${w.seriesWord} 21`]);
    // The shared URL of the second page shows the same results.
    const shared = await open(new URL(page.url()).pathname + new URL(page.url()).search, 'phone', false);
    expect(await shared.page.locator('.sf-results__title').allInnerTexts()).toEqual(secondPage);
    expect(problems).toEqual([]);
    await shared.page.context().close();
    await page.context().close();
  });

  it('filters and sorts the ranking with a plain form post (JavaScript off)', async () => {
    const { page } = await open('/transparencia', 'phone', false);
    await page.getByLabel('Tipo de institución').selectOption('secretariat');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    expect(page.url()).toContain('type=secretariat');
    const ranked = await page.locator('.sf-ranking tbody').innerText();
    expect(ranked).toContain(w.secretariat.name);
    expect(ranked).not.toContain(w.ministry.name);
    await page.getByRole('link', { name: 'Institución' }).click();
    expect(page.url()).toContain('sort=name');
    expect(await page.locator('.sf-ranking th[aria-sort="ascending"]').count()).toBe(1);
    await page.context().close();
  });

  it('the methodology and open-data pages show the API’s weights and every dataset', async () => {
    const methodology = await api('/methodology');
    const { page } = await open('/transparencia/metodologia');
    const weights = await page.locator('table', { hasText: 'Componentes de la puntuación de un trámite' }).innerText();
    expect(weights).toMatch(new RegExp(`Madurez digital[^\\n]*\\t${format.decimal(methodology.procedureWeights.maturity)}`));
    const dictionary = await api('/data-dictionary');
    await page.goto(`${site.baseUrl}/transparencia/datos-abiertos`);
    for (const d of dictionary.datasets)
      expect(await page.getByRole('link', { name: `Descargar ${d.name}` }).getAttribute('href')).toBe(d.url);
    expect(await page.locator('body').innerText()).toContain('business: empresas');
    await page.context().close();
  });

  it('an unknown institution or procedure gets the Spanish 404 page with the request id', async () => {
    for (const path of ['/transparencia/instituciones/NO-EXISTE', `/transparencia/tramites/${w.ministry.code}/NO-EXISTE`]) {
      const { page, status } = await open(path, 'phone');
      expect(status).toBe(404);
      expect(await text(page, 'h1')).toBe('No encontramos esta página');
      expect(await text(page, '.sf-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await audit(page)).toEqual([]);
      await page.context().close();
    }
  });

  describe.each(['desktop', 'phone'] as ViewportName[])('every page type at %s width', (viewport) => {
    const pages = (): Array<[string, string]> => [
      ['inicio', '/transparencia'],
      ['institucion', `/transparencia/instituciones/${w.ministry.code}`],
      ['institucion-sin-inventario', `/transparencia/instituciones/${w.empty.code}`],
      ['tramite', `/transparencia/tramites/${w.ministry.code}/${w.licence.code}`],
      ['buscar', '/transparencia/buscar?q=licencia&level=99'],
      ['metodologia', '/transparencia/metodologia'],
      ['datos-abiertos', '/transparencia/datos-abiertos'],
      ['error-404', '/transparencia/instituciones/NO-EXISTE'],
    ];

    it('passes axe-core with no serious or critical violation, fits the width, shows no English code, and is screenshotted', async () => {
      for (const [name, path] of pages()) {
        const { page, problems } = await open(path, viewport);
        await screenshot(page, name, viewport);
        const violations = await audit(page);
        expect({ name, violations }).toEqual({ name, violations: [] });
        expect({ name, overflows: await overflowsHorizontally(page) }).toEqual({ name, overflows: false });
        if (name !== 'datos-abiertos')
          expect({ name, english: (await page.locator('body').innerText()).match(ENGLISH_CODES)?.[0] ?? null }).toEqual({
            name,
            english: null,
          });
        expect({ name, problems }).toEqual({ name, problems: [] });
        await page.context().close();
      }
    });
  });

  it('shows a message beside an invalid filter instead of failing', async () => {
    const { page, status } = await open('/transparencia/buscar?q=licencia&level=99', 'desktop', false);
    expect(status).toBe(200);
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Debe ser menor o igual que 5');
    expect(await page.locator('#f-level-error').innerText()).toContain('Debe ser menor o igual que 5');
    expect(await page.locator('.sf-results__title').allInnerTexts()).toContain('Licencia sanitaria de funcionamiento');
    await page.context().close();
  });
});
