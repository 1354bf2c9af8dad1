import { Browser, Page } from 'playwright-core';
import { asScope, createInstitution, createProcedure, TestInstitution, TestProcedure } from '../helpers/factories';
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

  it('published comments page by plain links ("Ver más comentarios", ?comentarios=2), each page cacheable; axe stays clean', async () => {
    const busy = await createProcedure(site.t.dataSource, ministry.id, { name: 'Trámite muy comentado' });
    await asScope(site.t.dataSource, 'tenant', ministry.id, async (em) => {
      for (let i = 1; i <= 23; i++)
        await em.query(
          `INSERT INTO procedure_ratings (institution_id, procedure_id, overall, clarity, time_taken, treatment, channel, comment, comment_status, created_at)
           VALUES ($1, $2, 4, 4, 4, 4, 'online', $3, 'published', now() - make_interval(mins => $4))`,
          [ministry.id, busy.id, `Comentario número ${i}.`, i],
        );
    });
    const context = await newContext(browser, 'desktop', { javaScript: false });
    const page = await context.newPage();
    const first = await page.goto(`${site.baseUrl}${path(busy)}`);
    const comments = page.locator('#comentarios ~ ul').first().locator(':scope > li');
    expect(await page.getByText('Comentarios 1 a 10 de 23').count()).toBe(1);
    expect(await comments.count()).toBe(10);
    expect(await comments.first().innerText()).toContain('Comentario número 1.');
    expect(await page.getByRole('link', { name: 'Comentarios más recientes' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Ver más comentarios' }).click();
    expect(new URL(page.url()).search).toBe('?comentarios=2');
    expect(await page.getByText('Comentarios 11 a 20 de 23').count()).toBe(1);
    expect(await comments.first().innerText()).toContain('Comentario número 11.');
    expect(await page.getByText('Comentario número 1.', { exact: true }).count()).toBe(0);

    await page.getByRole('link', { name: 'Ver más comentarios' }).click();
    expect(await page.getByText('Comentarios 21 a 23 de 23').count()).toBe(1);
    expect(await comments.count()).toBe(3);
    expect(await page.getByRole('link', { name: 'Ver más comentarios' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Comentarios más recientes' }).click();
    expect(new URL(page.url()).search).toBe('?comentarios=2');
    await context.close();

    // each page is its own URL, cached like the page itself (validator and public Cache-Control)
    const second = await site.t
      .http()
      .get(`${path(busy)}?comentarios=2`)
      .expect(200);
    expect(second.headers.etag).toBeTruthy();
    expect(second.headers['cache-control']).toBe(first!.headers()['cache-control']);
    await site.t
      .http()
      .get(`${path(busy)}?comentarios=2`)
      .set('If-None-Match', second.headers.etag)
      .expect(304);
    // a page past the last, or not a number, shows the newest ones
    expect(
      (
        await site.t
          .http()
          .get(`${path(busy)}?comentarios=99`)
          .expect(200)
      ).text,
    ).toContain('Comentarios 1 a 10 de 23');
    expect(
      (
        await site.t
          .http()
          .get(`${path(busy)}?comentarios=abc`)
          .expect(200)
      ).text,
    ).toContain('Comentarios 1 a 10 de 23');

    const checked = await newContext(browser, 'desktop');
    const axePage = await checked.newPage();
    await axePage.goto(`${site.baseUrl}${path(busy)}?comentarios=2`);
    expect(await audit(axePage)).toEqual([]);
    await checked.close();
  });
});
