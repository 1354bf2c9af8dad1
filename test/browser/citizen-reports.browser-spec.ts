import { Browser, Page } from 'playwright-core';
import {
  createInstitution,
  createProcedure,
  createRequirement,
  createUser,
  TEST_PASSWORD,
  TestInstitution,
  TestProcedure,
  TestUser,
} from '../helpers/factories';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';
import { audit, ENGLISH_CODES, launchBrowser, newContext, screenshot, Site, startSite, watchConsole } from './helpers/browser';
import { failedLinks, followMailLinks, linksOf, onSite, signedIn } from './helpers/workspace';

/**
 * "¿Me pueden pedir esto?" end to end in a real browser: a citizen with JavaScript disabled checks the requirements of
 * the day they applied, files a report, gets the tracking code; the status page shows each step as the liaison answers
 * and the analyst rules; every page passes axe (no serious or critical violation); every e-mail link lands on a page.
 */
describe('Citizen reports in a real browser (no JavaScript for the citizen)', () => {
  let site: Site;
  let browser: Browser;
  let smtp: SmtpListener;
  let inst: TestInstitution;
  let liaison: TestUser;
  let analyst: TestUser;
  let procedure: TestProcedure;
  const email = `persona.${Date.now()}@correo.example`;
  let code = '';

  beforeAll(async () => {
    smtp = await startSmtpListener();
    site = await startSite({ worker: true, env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
    inst = await createInstitution(site.t.dataSource, 'Ministerio de Denuncias en Navegador');
    liaison = await createUser(site.t.dataSource, 'liaison', inst.id);
    analyst = await createUser(site.t.dataSource, 'analyst', null);
    procedure = await createProcedure(site.t.dataSource, inst.id, { name: 'Licencia sanitaria de prueba' });
    await createRequirement(site.t.dataSource, procedure, { name: 'Documento personal de identificación', effectiveFrom: '2021-09-01' });
    await createRequirement(site.t.dataSource, procedure, {
      name: 'Constancia de carencia de antecedentes',
      legalBasisType: 'none',
      effectiveFrom: '2021-09-01',
    });
    await createRequirement(site.t.dataSource, procedure, {
      name: 'Fotocopia legalizada de la escritura',
      effectiveFrom: '2021-09-01',
      effectiveTo: '2024-01-15',
      status: 'eliminated',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.close();
  });

  /**
   * axe runs in the page, so a page seen without JavaScript is audited as it is opened again (same URL, same session
   * cookies when signed in) in a context with JavaScript; the markup is the same, no page has scripts of its own.
   */
  const checked = async (page: Page, name: string, jsEnabled = true) => {
    const body = (await page.textContent('main')) ?? '';
    expect(body).not.toMatch(ENGLISH_CODES);
    await screenshot(page, name, 'desktop');
    if (jsEnabled) {
      expect(await audit(page)).toEqual([]);
      return;
    }
    const context = await newContext(browser, 'desktop');
    const copy = await context.newPage();
    await copy.goto(page.url());
    expect(await audit(copy)).toEqual([]);
    await context.close();
  };

  it('a citizen without JavaScript checks a past day, files a report and receives the tracking code', async () => {
    const context = await newContext(browser, 'desktop', { javaScript: false });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}/transparencia/tramites/${inst.code}/${procedure.code}`);
    await page.getByLabel('¿Qué día inició su trámite?').fill('2023-06-15');
    await page.getByRole('button', { name: 'Ver los requisitos de ese día' }).click();
    await page.waitForURL(/fecha=2023-06-15/);
    expect(await page.textContent('section[aria-labelledby="me-pueden-pedir"]')).toContain(
      'Requisitos que le podían pedir el 15 de junio de 2023',
    );
    expect(await page.textContent('section[aria-labelledby="me-pueden-pedir"]')).toContain('Fotocopia legalizada de la escritura');
    await checked(page, 'denuncia-tramite-fecha', false);

    await page.getByRole('link', { name: 'Denúncielo' }).click();
    await page.waitForURL(/\/denunciar\?/);
    await checked(page, 'denuncia-formulario', false);
    // sent empty: messages beside the fields, nothing stored (audited where axe can run: the same form, sent empty)
    await page.getByRole('button', { name: 'Enviar la denuncia' }).click();
    expect(await page.textContent('.govuk-error-summary')).toContain('Hay un problema');
    await screenshot(page, 'denuncia-formulario-errores', 'desktop');
    {
      const js = await newContext(browser, 'desktop');
      const p = await js.newPage();
      await p.goto(page.url());
      await p.getByRole('button', { name: 'Enviar la denuncia' }).click();
      await p.waitForSelector('.govuk-error-summary');
      expect(await audit(p)).toEqual([]);
      await js.close();
    }

    await page.getByLabel('Algo que no está en la lista de requisitos del trámite').check();
    await page.getByLabel('Describa lo que le pidieron').fill('Una declaración jurada de ingresos autenticada por notario');
    await page.getByLabel('¿Dónde se lo pidieron?').selectOption('in_person');
    await page.getByLabel('Oficina o lugar (opcional)').fill('Ventanilla 3, zona 1');
    await page.getByLabel('Correo electrónico (opcional)').fill(email);
    await page.getByRole('button', { name: 'Enviar la denuncia' }).click();
    await page.waitForURL(/\/transparencia\/denuncias\/[0-9A-Z]{4}-[0-9A-Z]{4}\?nueva=1$/);
    code = (await page.textContent('.sf-tracking-code'))!.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.textContent('main')).toContain('Denuncia recibida');
    expect(await page.textContent('main')).not.toContain(email);
    await checked(page, 'denuncia-recibida', false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the status page shows each step as the liaison answers and the analyst rules', async () => {
    const statusUrl = `${site.baseUrl}/transparencia/denuncias/${code}`;
    const l = await signedIn(browser, site, liaison.email);
    await l.page.goto(`${site.baseUrl}/app/denuncias`);
    await checked(l.page, 'denuncias-enlace-lista');
    await l.page.getByRole('link', { name: code }).click();
    await l.page.getByLabel('Respuesta de la institución').fill('La declaración jurada ya no se exige; se instruyó a la ventanilla 3.');
    await l.page.getByRole('button', { name: 'Enviar la respuesta' }).click();
    await l.page.waitForURL(/\/app\/denuncias\/[0-9a-f-]{36}$/);
    expect(await l.page.textContent('main')).toContain('La institución respondió');
    await checked(l.page, 'denuncias-enlace-respondida');
    await l.context.close();

    const citizen = await newContext(browser, 'phone', { javaScript: false });
    const page = await citizen.newPage();
    await page.goto(statusUrl);
    expect(await page.textContent('main')).toContain('La institución respondió');
    expect(await page.textContent('main')).toContain('se instruyó a la ventanilla 3');
    await checked(page, 'denuncia-respondida', false);

    const a = await signedIn(browser, site, analyst.email);
    await a.page.goto(`${site.baseUrl}/app/denuncias`);
    await a.page.getByRole('link', { name: code }).click();
    await a.page.getByLabel('Decisión').selectOption('true');
    await a.page.getByLabel('Motivo').fill('Ninguna ley ni acuerdo gubernativo permite pedir una declaración jurada (art. 12).');
    await a.page.getByRole('button', { name: 'Registrar la decisión' }).click();
    await a.page.waitForURL(/\/app\/denuncias\/[0-9a-f-]{36}$/);
    expect(await a.page.textContent('main')).toContain('La Comisión declaró fundada la denuncia');
    await checked(a.page, 'denuncias-analista-resuelta');
    await a.context.close();

    await page.goto(statusUrl);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Denuncia recibida');
    expect(main).toContain('La institución respondió');
    expect(main).toContain('La Comisión declaró fundada la denuncia');
    expect(main).toContain('Quedó registrada como hallazgo en el trámite.');
    await checked(page, 'denuncia-resuelta', false);
    await citizen.close();
  });

  it('every link of every e-mail lands on a working page; the deletion link deletes the e-mail', async () => {
    await smtp.waitFor((m) => m.to.includes(email) && /fundada/.test(m.subject), 20_000);
    await smtp.waitFor((m) => m.to.includes(liaison.email.toLowerCase()) && m.subject.includes(code), 20_000);
    const passwords = new Map([liaison, analyst].map((u) => [u.email.toLowerCase(), TEST_PASSWORD]));
    const checks = await followMailLinks(browser, site, smtp.mails, passwords);
    expect(failedLinks(checks)).toEqual([]);
    const mine = smtp.mails.filter((m) => m.to.includes(email));
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const deletion = linksOf(mine[0]).find((l) => l.includes('/correo?clave='))!;
    const context = await newContext(browser, 'desktop', { javaScript: false });
    const page = await context.newPage();
    await page.goto(onSite(site, deletion));
    await checked(page, 'denuncia-borrar-correo', false);
    await page.getByRole('button', { name: 'Borrar mi correo' }).click();
    expect(await page.textContent('h1')).toContain('Borramos su correo');
    await page.goto(onSite(site, deletion));
    expect(await page.textContent('main')).toContain('ya no tiene un correo guardado');
    await context.close();
  });
});
