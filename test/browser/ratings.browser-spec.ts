import { Browser, Page } from 'playwright-core';
import { createInstitution, createProcedure, TestInstitution, TestProcedure } from '../helpers/factories';
import { audit, launchBrowser, newContext, Site, startSite, watchConsole } from './helpers/browser';

/** Issue 18 in a real browser, without JavaScript: a citizen rates a procedure; a second rating is refused kindly. */
describe('Rating a procedure in a real browser', () => {
  let site: Site;
  let browser: Browser;
  let ministry: TestInstitution;
  let procedure: TestProcedure;
  let another: TestProcedure;
  const path = (p = procedure) => `/transparencia/tramites/${encodeURIComponent(ministry.code)}/${encodeURIComponent(p.code)}`;

  beforeAll(async () => {
    site = await startSite();
    ministry = await createInstitution(site.t.dataSource, 'Ministerio de Opiniones');
    procedure = await createProcedure(site.t.dataSource, ministry.id, { name: 'Licencia para valorar' });
    another = await createProcedure(site.t.dataSource, ministry.id, { name: 'Permiso sin JavaScript' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  async function fill(page: Page, marks: { overall: number; clarity: number; timeTaken: number; treatment: number }): Promise<void> {
    for (const [name, n] of Object.entries(marks)) await page.locator(`#valorar-${name}-${n}`).check();
    await page.getByLabel('En línea').check();
    await page.getByLabel('Comentario (opcional)').fill('Me pidieron una copia que ya tenían.');
  }

  it('works without JavaScript: the form posts and the confirmation shows', async () => {
    const context = await newContext(browser, 'phone', { javaScript: false });
    const page = await context.newPage();
    await page.goto(`${site.baseUrl}${path(another)}`);
    await fill(page, { overall: 5, clarity: 4, timeTaken: 4, treatment: 5 });
    await page.getByRole('button', { name: 'Enviar valoración' }).click();
    expect(await page.locator('h1').innerText()).toBe('Gracias por su valoración');
    await context.close();
  });

  it('a citizen rates the procedure, sees the confirmation, and a second rating is refused politely (axe on each page)', async () => {
    // axe runs as a script in the page: this context allows it; the pages themselves have none
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}${path()}`);
    expect(await page.getByRole('heading', { name: 'Valore este trámite' }).isVisible()).toBe(true);
    expect(await page.locator('form[action$="/valorar"]').innerText()).toContain('No guardamos datos personales');
    expect(await audit(page)).toEqual([]);

    // incomplete: the error summary and messages beside the fields, with what was chosen kept
    await page.locator('#valorar-overall-4').check();
    await page.getByRole('button', { name: 'Enviar valoración' }).click();
    expect(await page.locator('.govuk-error-summary').innerText()).toContain('Elija cuán claros fueron los requisitos de 1 a 5.');
    expect(await page.locator('#valorar-overall-4').isChecked()).toBe(true);
    expect(await audit(page)).toEqual([]);

    await fill(page, { overall: 4, clarity: 3, timeTaken: 2, treatment: 5 });
    await page.getByRole('button', { name: 'Enviar valoración' }).click();
    expect(await page.locator('h1').innerText()).toBe('Gracias por su valoración');
    expect(await page.locator('main').innerText()).toContain('se publicará cuando la Comisión lo revise');
    expect(await audit(page)).toEqual([]);

    // the same browser, back on the page: the form is there (the page is the same for everyone) but the answer is kind
    await page.goto(`${site.baseUrl}${path()}`);
    await fill(page, { overall: 1, clarity: 1, timeTaken: 1, treatment: 1 });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/valorar')),
      page.getByRole('button', { name: 'Enviar valoración' }).click(),
    ]);
    expect(response.status()).toBe(409);
    expect(await page.locator('h1').innerText()).toBe('Ya valoró este trámite');
    expect(await page.locator('main').innerText()).toContain('puede volver a valorarlo dentro de 30 días');
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);

    const stored = (await site.t.dataSource.transaction(async (em) => {
      await em.query(`SELECT set_config('app.scope', 'read_all', true)`);
      return em.query(`SELECT overall, channel, comment_status FROM procedure_ratings WHERE procedure_id = $1`, [procedure.id]);
    })) as Array<{ overall: number; channel: string; comment_status: string }>;
    expect(stored).toEqual([{ overall: 4, channel: 'online', comment_status: 'pending' }]);
    await context.close();
  });
});
