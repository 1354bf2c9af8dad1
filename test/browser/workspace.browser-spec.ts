import { Browser, Page } from 'playwright-core';
import { ReminderEvaluator } from '../../src/modules/notifications/reminder-evaluator';
import {
  bearer,
  createInstitution,
  createMilestone,
  createPlan,
  createUser,
  TEST_PASSWORD,
  tokenFor,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';
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
import { failedLinks, followMailLinks, linksOf, onSite, signedIn, signInOn } from './helpers/workspace';

const noonGt = (date: string) => new Date(`${date}T18:00:00Z`);

describe('Workspace in a real browser: accounts and sessions (/app)', () => {
  let site: Site;
  let browser: Browser;
  let smtp: SmtpListener;
  let inst: TestInstitution;
  let other: TestInstitution;
  let admin: TestUser;
  let liaison: TestUser;
  let liaisonOther: TestUser;
  /** Recipients whose password the test knows (to follow their links signed in). */
  const passwords = new Map<string, string>();
  const invitedEmail = `enlace.invitada.${Date.now()}@prueba.gob.gt`;
  let otherProcedure: string;
  let otherRequirement: string;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    site = await startSite({ worker: true, env: { SMTP_URL: smtp.url } });
    browser = await launchBrowser();
    inst = await createInstitution(site.t.dataSource, 'Ministerio del Espacio de Trabajo');
    other = await createInstitution(site.t.dataSource, 'Secretaría Ajena');
    admin = await createUser(site.t.dataSource, 'admin', null);
    liaison = await createUser(site.t.dataSource, 'liaison', inst.id);
    liaisonOther = await createUser(site.t.dataSource, 'liaison', other.id);
    for (const u of [admin, liaison, liaisonOther]) passwords.set(u.email.toLowerCase(), TEST_PASSWORD);
    const created = await site.t
      .http()
      .post('/api/v1/procedures')
      .set(bearer(tokenFor(site.t, liaisonOther)))
      .send({
        code: 'AJENA-001',
        name: 'Permiso ajeno de prueba',
        audience: 'business',
        channels: ['in_person'],
        legalMaxDays: 30,
        requirements: [{ name: 'Documento personal de identificación' }],
      })
      .expect(201);
    otherProcedure = created.body.id;
    otherRequirement = (
      await site.t
        .http()
        .get(`/api/v1/procedures/${otherProcedure}/requirements`)
        .set(bearer(tokenFor(site.t, liaisonOther)))
        .expect(200)
    ).body.items[0].id;
  });

  // Plan and Informes: a plan returned with comments, its milestones, and a returned report of the other institution.
  let otherPlan: string;
  let otherMilestone: string;
  let journeyMilestone: string;
  let otherReport: string;
  beforeAll(async () => {
    const year = new Date().getUTCFullYear();
    const plan = await createPlan(site.t.dataSource, other.id, {
      title: 'Plan de la Secretaría',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
    });
    otherPlan = plan.id;
    otherMilestone = (await createMilestone(site.t.dataSource, plan, { target: 'Formulario publicado en línea', dueDate: `${year}-12-31` }))
      .id;
    journeyMilestone = (await createMilestone(site.t.dataSource, plan, { target: 'Pago en línea habilitado', dueDate: `${year}-12-31` }))
      .id;
    await site.t
      .http()
      .post(`/api/v1/plans/${otherPlan}/submit`)
      .set(bearer(tokenFor(site.t, liaisonOther)))
      .expect(200);
    await site.t
      .http()
      .post(`/api/v1/plans/${otherPlan}/return`)
      .set(bearer(tokenFor(site.t, admin)))
      .send({ comment: 'Agregue el presupuesto por trámite.' })
      .expect(200);
    otherReport = (
      await site.t
        .http()
        .post('/api/v1/progress-reports')
        .set(bearer(tokenFor(site.t, liaisonOther)))
        .send({ year: 2025, quarter: 1, content: 'Avance del primer trimestre de 2025.' })
        .expect(201)
    ).body.id;
    await site.t
      .http()
      .post(`/api/v1/progress-reports/${otherReport}/review`)
      .set(bearer(tokenFor(site.t, admin)))
      .send({ decision: 'returned', comment: 'Detalle los hitos vencidos.' })
      .expect(200);
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.close();
  });

  const noProblems = async (page: Page, problems: string[]) => {
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  };

  it('an invited liaison follows the e-mail, chooses a password (refusals beside the fields), lands on Inicio, signs out and back in', async () => {
    await site.t
      .http()
      .post('/api/v1/users/invitations')
      .set(bearer(tokenFor(site.t, admin)))
      .send({ email: invitedEmail, name: 'María José Pérez', role: 'liaison', institutionId: inst.id })
      .expect(202);
    const mail = await smtp.waitFor((m) => m.to.includes(invitedEmail));
    const link = linksOf(mail).find((l) => l.includes('/app/activar-cuenta?token='));
    expect(link).toBeDefined();

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(onSite(site, link!));
    expect(await page.locator('h1').innerText()).toBe('Activar su cuenta');
    expect(await page.locator('main').innerText()).toContain(invitedEmail);
    await noProblems(page, problems);
    await screenshot(page, 'app-activar', 'desktop');

    await page.getByLabel('Nueva contraseña', { exact: true }).fill('corta');
    await page.getByLabel('Repita la nueva contraseña').fill('corta');
    await page.getByRole('button', { name: 'Activar mi cuenta' }).click();
    expect(await page.locator('#f-password-error').innerText()).toContain('al menos 12 caracteres');
    await noProblems(page, problems);

    const password = 'Mi frase de activación 2026';
    await page.getByLabel('Nueva contraseña', { exact: true }).fill(password);
    await page.getByLabel('Repita la nueva contraseña').fill(password);
    await Promise.all([page.waitForURL(`${site.baseUrl}/app`), page.getByRole('button', { name: 'Activar mi cuenta' }).click()]);
    passwords.set(invitedEmail, password);
    expect(await page.locator('.sf-notice').innerText()).toContain('Su cuenta está activa');
    expect(await page.locator('.sf-header__account').innerText()).toContain(inst.name);
    expect(await page.locator('h1').innerText()).toContain('Inicio');

    await Promise.all([page.waitForURL(`${site.baseUrl}/app/ingresar`), page.getByRole('button', { name: 'Cerrar sesión' }).click()]);
    expect(await page.locator('.sf-notice').innerText()).toContain('Cerró su sesión');
    await signInOn(page, site, invitedEmail, password);
    expect(new URL(page.url()).pathname).toBe('/app');
    // The invitation is spent: its link now explains what to do instead of failing.
    await page.goto(onSite(site, link!));
    expect(await page.locator('h1').innerText()).toBe('Este enlace de invitación ya no sirve');
    await context.close();
  });

  it('resets a forgotten password from the e-mail and signs in with the new one', async () => {
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}/app/ingresar`);
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).click();
    await noProblems(page, problems);
    await page.getByLabel('Correo electrónico').fill(liaison.email);
    await page.getByRole('button', { name: 'Enviar el enlace' }).click();
    expect(await page.locator('h1').innerText()).toBe('Revise su correo');
    await noProblems(page, problems);

    const mail = await smtp.waitFor((m) => m.to.includes(liaison.email.toLowerCase()) && /restablecer/i.test(m.text));
    const link = linksOf(mail).find((l) => l.includes('/app/restablecer-contrasena?token='));
    await page.goto(onSite(site, link!));
    expect(await page.locator('h1').innerText()).toBe('Elegir una nueva contraseña');
    await noProblems(page, problems);
    const password = 'Una nueva frase de enlace 2026';
    await page.getByLabel('Nueva contraseña', { exact: true }).fill(password);
    await page.getByLabel('Repita la nueva contraseña').fill(password);
    await Promise.all([
      page.waitForURL(`${site.baseUrl}/app/ingresar`),
      page.getByRole('button', { name: 'Guardar la nueva contraseña' }).click(),
    ]);
    expect(await page.locator('.sf-notice').innerText()).toContain('Su contraseña cambió');
    await signInOn(page, site, liaison.email, password);
    expect(new URL(page.url()).pathname).toBe('/app');
    passwords.set(liaison.email.toLowerCase(), password);
    await context.close();
  });

  it('signing out in one browser context ends the session in another', async () => {
    const one = await signedIn(browser, site, liaisonOther.email);
    const two = await signedIn(browser, site, liaisonOther.email);
    await two.page.reload();
    expect(new URL(two.page.url()).pathname).toBe('/app');
    await Promise.all([one.page.waitForURL('**/app/ingresar'), one.page.getByRole('button', { name: 'Cerrar sesión' }).click()]);
    await two.page.reload();
    expect(new URL(two.page.url()).pathname).toBe('/app/ingresar');
    expect(await two.page.locator('.sf-notice').innerText()).toContain('Su sesión se cerró');
    await one.context.close();
    await two.context.close();
  });

  it('refuses a form posted without its CSRF token', async () => {
    const { context, page } = await signedIn(browser, site, liaisonOther.email);
    await page.goto(`${site.baseUrl}/app/cuenta/contrasena`);
    await page.evaluate(`document.querySelector('main form input[name="_csrf"]').remove()`);
    await page.getByLabel('Contraseña actual').fill(TEST_PASSWORD);
    await page.getByLabel('Nueva contraseña', { exact: true }).fill('Otra frase cualquiera 2026');
    await page.getByLabel('Repita la nueva contraseña').fill('Otra frase cualquiera 2026');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Cambiar la contraseña' }).click(),
    ]);
    expect(response.status()).toBe(403);
    expect(await page.locator('h1').innerText()).toBe('No se pudo completar la acción');
    await context.close();
    // The password did not change.
    const again = await signedIn(browser, site, liaisonOther.email);
    expect(new URL(again.page.url()).pathname).toBe('/app');
    await again.context.close();
  });

  it("a user of another institution gets 404 on the first institution's procedure pages", async () => {
    const { context, page } = await signedIn(browser, site, liaison.email, passwords.get(liaison.email.toLowerCase()));
    for (const path of [
      `/app/inventario/${otherProcedure}`,
      `/app/inventario/${otherProcedure}/editar`,
      `/app/inventario/${otherProcedure}/requisitos/${otherRequirement}/eliminar`,
    ]) {
      const res = await page.goto(`${site.baseUrl}${path}`);
      expect([path, res?.status()]).toEqual([path, 404]);
      expect(await page.locator('h1').innerText()).toBe('No encontramos esta página');
    }
    await context.close();
  });

  const PAGES: Array<{ name: string; path: string | (() => string); signedIn: boolean; status?: number }> = [
    { name: 'app-ingresar', path: '/app/ingresar', signedIn: false },
    { name: 'app-restablecer', path: '/app/restablecer-contrasena', signedIn: false },
    { name: 'app-restablecer-confirmar', path: '/app/restablecer-contrasena?token=un-token-cualquiera', signedIn: false },
    { name: 'app-activar-invalido', path: '/app/activar-cuenta?token=un-token-cualquiera', signedIn: false },
    { name: 'app-inicio', path: '/app', signedIn: true },
    { name: 'app-contrasena', path: '/app/cuenta/contrasena', signedIn: true },
    { name: 'app-importar-enlace', path: '/app/importar', signedIn: true },
    { name: 'app-avisos', path: '/app/avisos', signedIn: true },
    { name: 'app-avisos-preferencias', path: '/app/avisos/preferencias', signedIn: true },
    { name: 'app-inventario', path: '/app/inventario', signedIn: true },
    { name: 'app-inventario-nuevo', path: '/app/inventario/nuevo', signedIn: true },
    { name: 'app-tramite', path: () => `/app/inventario/${otherProcedure}`, signedIn: true },
    { name: 'app-tramite-editar', path: () => `/app/inventario/${otherProcedure}/editar`, signedIn: true },
    { name: 'app-requisito-nuevo', path: () => `/app/inventario/${otherProcedure}/requisitos/nuevo`, signedIn: true },
    {
      name: 'app-requisito-eliminar',
      path: () => `/app/inventario/${otherProcedure}/requisitos/${otherRequirement}/eliminar`,
      signedIn: true,
    },
    { name: 'app-plan', path: '/app/plan', signedIn: true },
    { name: 'app-plan-nuevo', path: '/app/plan/nuevo', signedIn: true },
    { name: 'app-plan-devuelto', path: () => `/app/plan/${otherPlan}`, signedIn: true },
    { name: 'app-plan-editar', path: () => `/app/plan/${otherPlan}/editar`, signedIn: true },
    { name: 'app-hito-nuevo', path: () => `/app/plan/${otherPlan}/hitos/nuevo`, signedIn: true },
    { name: 'app-hito', path: () => `/app/plan/${otherPlan}/hitos/${otherMilestone}`, signedIn: true },
    { name: 'app-hito-editar', path: () => `/app/plan/${otherPlan}/hitos/${otherMilestone}/editar`, signedIn: true },
    { name: 'app-hito-cumplir', path: () => `/app/plan/${otherPlan}/hitos/${otherMilestone}/cumplir`, signedIn: true },
    { name: 'app-informes', path: '/app/informes', signedIn: true },
    { name: 'app-informe-nuevo', path: '/app/informes/nuevo', signedIn: true },
    { name: 'app-informe-devuelto', path: () => `/app/informes/${otherReport}`, signedIn: true },
    { name: 'app-404', path: '/app/no-existe', signedIn: true, status: 404 },
  ];

  it.each(['desktop', 'phone'] as ViewportName[])(
    'every workspace page type passes axe with zero serious or critical violations (%s), in Spanish, within the width',
    async (viewport) => {
      const anonymous = await newContext(browser, viewport);
      const { context } = await signedIn(browser, site, liaisonOther.email, TEST_PASSWORD, viewport);
      for (const entry of PAGES) {
        const p = { ...entry, path: typeof entry.path === 'function' ? entry.path() : entry.path };
        const page = await (p.signedIn ? context : anonymous).newPage();
        const problems = watchConsole(page);
        const res = await page.goto(`${site.baseUrl}${p.path}`);
        expect([p.path, res?.status()]).toEqual([p.path, p.status ?? 200]);
        expect([p.path, await audit(page)]).toEqual([p.path, []]);
        expect([p.path, problems]).toEqual([p.path, []]);
        expect([p.path, await overflowsHorizontally(page)]).toEqual([p.path, false]);
        expect(await page.locator('body').innerText()).not.toMatch(ENGLISH_CODES);
        await screenshot(page, p.name, viewport);
        await page.close();
      }
      await anonymous.close();
      await context.close();
    },
  );

  it('works without JavaScript: sign in and sign out with plain form posts', async () => {
    const context = await newContext(browser, 'desktop', { javaScript: false });
    const page = await context.newPage();
    await signInOn(page, site, liaisonOther.email);
    expect(new URL(page.url()).pathname).toBe('/app');
    await Promise.all([page.waitForURL('**/app/ingresar'), page.getByRole('button', { name: 'Cerrar sesión' }).click()]);
    await context.close();
  });

  it("journey: marks a milestone done with its evidence (a link and a file), then writes the quarter's report from the pre-filled text and submits it", async () => {
    const { context, page } = await signedIn(browser, site, liaisonOther.email);
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}/app/plan/${otherPlan}`);
    expect(await page.locator('main').innerText()).toContain('Agregue el presupuesto por trámite.');
    await Promise.all([
      page.waitForURL(`**/hitos/${journeyMilestone}/cumplir`),
      page.getByRole('link', { name: 'Marcar cumplido el hito Pago en línea habilitado' }).click(),
    ]);
    await page.getByLabel('Evidencia', { exact: true }).fill('Acuerdo 12-2026: https://example.gob.gt/acuerdo-12.pdf');
    await page
      .getByLabel('Archivo de evidencia (opcional)')
      .setInputFiles({ name: 'acuerdo-12.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await Promise.all([
      page.waitForURL(`**/hitos/${journeyMilestone}`),
      page.getByRole('button', { name: 'Registrar el cumplimiento' }).click(),
    ]);
    const done = await page.locator('body').innerText();
    expect(done).toContain('como cumplido');
    expect(done).toContain('Cumplido el');
    expect(await page.getByRole('link', { name: 'https://example.gob.gt/acuerdo-12.pdf' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'acuerdo-12.pdf', exact: true }).getAttribute('href')).toMatch(
      /^\/app\/evidencia\/[0-9a-f-]{36}$/,
    );
    await noProblems(page, problems);

    await page.goto(`${site.baseUrl}/app/informes`);
    await Promise.all([
      page.waitForURL('**/app/informes/nuevo'),
      page.getByRole('link', { name: 'Redactar el informe de otro trimestre' }).click(),
    ]);
    const draft = await page.getByLabel('Contenido del informe').inputValue();
    expect(draft).toContain('Hitos cumplidos (1):');
    expect(draft).toContain('- Pago en línea habilitado: cumplido el');
    await page.getByLabel('Contenido del informe').fill(`${draft.replace('[complete aquí]', 'Capacitación del personal de ventanilla.')}`);
    await Promise.all([
      page.waitForURL((u) => /\/app\/informes\/[0-9a-f-]{36}$/.test(u.pathname)),
      page.getByRole('button', { name: 'Presentar el informe' }).click(),
    ]);
    const report = await page.locator('body').innerText();
    expect(report).toContain('Se presentó el informe');
    expect(report).toContain('Capacitación del personal de ventanilla.');
    await noProblems(page, problems);
    await context.close();
  });

  it('every link in every e-mail captured in this run lands on a page answering 200 for its recipient', async () => {
    // More mail of the kinds the product sends: an invitation to an existing account, and plan reminders.
    await site.t
      .http()
      .post('/api/v1/users/invitations')
      .set(bearer(tokenFor(site.t, admin)))
      .send({ email: liaisonOther.email, name: 'Enlace existente', role: 'liaison', institutionId: other.id })
      .expect(202);
    const plan = await createPlan(site.t.dataSource, inst.id, {
      title: 'Plan de prueba',
      periodStart: '2026-01-01',
      periodEnd: '2027-12-31',
    });
    await createMilestone(site.t.dataSource, plan, { target: 'Hito que vence pronto', dueDate: '2027-03-22' });
    await createMilestone(site.t.dataSource, plan, { target: 'Hito vencido', dueDate: '2027-03-14' });
    const before = smtp.mails.length;
    await site.t.app.get(ReminderEvaluator).evaluate(noonGt('2027-03-15'));
    await smtp.waitFor((m) => smtp.mails.indexOf(m) >= before && m.subject.includes('Hito que vence pronto'), 20000);
    await smtp.waitFor((m) => smtp.mails.indexOf(m) >= before && m.subject.includes('Hito vencido'), 20000);

    const checks = await followMailLinks(browser, site, smtp.mails, passwords);
    expect(checks.length).toBeGreaterThanOrEqual(6);
    expect(new Set(checks.map((c) => new URL(c.link).pathname)).size).toBeGreaterThanOrEqual(4);
    expect(failedLinks(checks)).toEqual([]);
    expect(checks.some((c) => /^\/app\/plan\/[0-9a-f-]{36}\/hitos\/[0-9a-f-]{36}$/.test(new URL(c.link).pathname))).toBe(true);
  });
});
