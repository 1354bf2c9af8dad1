import { Browser, Page } from 'playwright-core';
import { bearer, createInstitution, createUser, TEST_PASSWORD, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';
import { audit, launchBrowser, screenshot, Site, startSite, watchConsole } from './helpers/browser';
import { failedLinks, followMailLinks, linksOf, onSite, signedIn } from './helpers/workspace';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 15's review journey in a real browser: an analyst sees the liaison's submitted assessment in Revisión with the
 * consistency warning and rejects it with a comment; the liaison gets the e-mail and the in-app notice, corrects the
 * record and submits again; the analyst validates; the liaison's score and the public procedure page follow (the
 * product's own debounced recompute, run by the worker). Every page type of Revisión is audited with axe.
 */
describe('Workspace in a real browser: Revisión and the review loop', () => {
  let site: Site;
  let browser: Browser;
  let smtp: SmtpListener;
  let inst: TestInstitution;
  let liaison: TestUser;
  let analyst: TestUser;
  let procedure: { id: string; code: string; version: number };

  beforeAll(async () => {
    smtp = await startSmtpListener();
    site = await startSite({ worker: true, env: { SMTP_URL: smtp.url, SCORE_DEBOUNCE_MS: '200' } });
    browser = await launchBrowser();
    inst = await createInstitution(site.t.dataSource, 'Ministerio de la Revisión');
    liaison = await createUser(site.t.dataSource, 'liaison', inst.id);
    analyst = await createUser(site.t.dataSource, 'analyst', null);
    await site.t
      .http()
      .post('/api/v1/analyst-follows')
      .set(bearer(tokenFor(site.t, analyst)))
      .send({ institutionId: inst.id })
      .expect(201);
    // registered through the API, as a liaison does: its events queue the institution's first score
    const created = await site.t
      .http()
      .post('/api/v1/procedures')
      .set(bearer(tokenFor(site.t, liaison)))
      .send({
        code: `REV-${Date.now().toString(36).toUpperCase()}`,
        name: 'Licencia de exportación revisada',
        audience: 'business',
        channels: ['online', 'in_person'],
        onlineUrl: 'https://tramites.ejemplo.gob.gt/licencia',
        formsUrl: 'https://tramites.ejemplo.gob.gt/formularios',
        formsFree: true,
        feeGtq: '25.00',
        legalMaxDays: 30,
        inPersonVisits: 2,
        requirements: [{ name: 'Solicitud en línea' }],
      })
      .expect(201);
    procedure = { id: created.body.id, code: created.body.code, version: created.body.version };
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await smtp?.close();
  });

  const clean = async (page: Page, problems: string[]) => {
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  };
  const mailTo = (u: TestUser, pred: (text: string) => boolean) =>
    smtp.waitFor((m) => m.to.includes(u.email.toLowerCase()) && pred(m.text), 30000);
  /** Reloads a page until its main text matches (the worker's recompute is debounced and asynchronous). */
  const until = async (page: Page, url: string, pred: (text: string) => boolean, what: string): Promise<string> => {
    const deadline = Date.now() + 60000;
    for (;;) {
      await page.goto(url);
      const text = await page.locator('main').innerText();
      if (pred(text)) return text;
      if (Date.now() > deadline) throw new Error(`Tiempo agotado esperando ${what}: ${text.slice(0, 400)}`);
      await sleep(500);
    }
  };
  const scoreOf = (text: string) => /Puntaje de cumplimiento\s+([\d.,]+)/.exec(text)?.[1] ?? null;

  it('analyst rejects with the warning in view → liaison notified, corrects and resubmits → analyst validates → score and public page move', async () => {
    const submitLevel4 = async (page: Page) => {
      await page.goto(`${site.baseUrl}/app/madurez/${procedure.id}`);
      for (const label of [
        'Descripción, requisitos, costo, plazo y base legal publicados en línea',
        'Formularios disponibles en línea y gratuitos',
        'La solicitud se puede presentar en línea',
        'El pago se realiza en línea',
        'Las notificaciones son electrónicas',
        'El resultado se entrega electrónicamente',
        'No se requiere ninguna visita presencial',
      ])
        await page.getByLabel(label, { exact: true }).check();
      await page.getByLabel('Enlace a la evidencia (opcional)').fill('https://tramites.ejemplo.gob.gt/licencia');
      await Promise.all([page.waitForURL(/\/app\/madurez\/evaluaciones\//), page.getByRole('button', { name: /Enviar/ }).click()]);
      return new URL(page.url()).pathname.split('/').pop()!;
    };

    // the liaison: the starting score, then the assessment declaring level 4 while the record has 2 visits
    const { page: lp } = await signedIn(browser, site, liaison.email);
    const lproblems = watchConsole(lp);
    const before = scoreOf(await until(lp, `${site.baseUrl}/app`, (t) => scoreOf(t) !== null, 'el primer puntaje'));
    const publicUrl = `${site.baseUrl}/transparencia/tramites/${inst.code}/${procedure.code}`;
    const { page: pub } = await signedIn(browser, site, analyst.email); // any browser will do for the public page
    expect(await until(pub, publicUrl, (t) => t.includes('Madurez digital'), 'la página pública')).toContain('Nivel 0');
    const first = await submitLevel4(lp);

    // the analyst: the queue, the warning, a rejection without a comment refused beside the field, then with one
    const { page: ap } = await signedIn(browser, site, analyst.email);
    const aproblems = watchConsole(ap);
    const waiting = await mailTo(analyst, (t) => t.includes(procedure.code));
    expect(waiting.subject).toContain(`del ${inst.name}`);
    await ap.goto(`${site.baseUrl}/app/revision?sigo=si`);
    const row = ap.locator('tr', { hasText: procedure.code });
    expect(await row.innerText()).toContain('Evaluación de madurez');
    expect(await row.innerText()).toContain('Hoy');
    await clean(ap, aproblems);
    await screenshot(ap, 'app-revision-cola', 'desktop');
    await row.getByRole('link').click();
    await ap.waitForURL(new RegExp(`/app/revision/evaluaciones/${first}$`));
    expect(await ap.locator('#advertencias').innerText()).toContain(
      'Declara nivel 4 (sin visitas), pero el registro del trámite tiene 2 visitas presenciales.',
    );
    await clean(ap, aproblems);
    await screenshot(ap, 'app-revision-evaluacion', 'desktop');
    await ap.getByRole('button', { name: 'Rechazar la evaluación' }).click();
    await ap.locator('#f-comment-error').waitFor();
    expect(await ap.locator('#f-comment-error').innerText()).toContain('Escriba el motivo del rechazo');
    await clean(ap, aproblems);
    const comment = 'El registro dice 2 visitas presenciales: corríjalo si ya no se exigen, o declare el nivel 3.';
    await ap.getByLabel('Comentario para la institución').fill(comment);
    await Promise.all([ap.waitForURL(/\/app\/revision$/), ap.getByRole('button', { name: 'Rechazar la evaluación' }).click()]);
    expect(await ap.locator('.sf-notice').innerText()).toContain(`Se rechazó la evaluación de ${procedure.code}`);

    // the liaison: the e-mail with the comment, its link, and the in-app notice
    const rejected = await mailTo(liaison, (t) => t.includes(comment));
    expect(rejected.subject).toBe(`Evaluación de madurez rechazada: ${procedure.code} · Licencia de exportación revisada — ${inst.name}`);
    const link = linksOf(rejected).find((l) => l.includes(`/app/madurez/evaluaciones/${first}`))!;
    await lp.goto(onSite(site, link));
    expect(await lp.locator('main').innerText()).toContain(comment);
    await clean(lp, lproblems);
    await lp.goto(`${site.baseUrl}/app/avisos`);
    const notice = await lp.locator('main').innerText();
    expect(notice).toContain('Resultado de la revisión');
    expect(notice).toContain(`Comentario de la Comisión: «${comment}»`);
    await clean(lp, lproblems);

    // corrects the record (no visit any more) and submits again
    await site.t
      .http()
      .patch(`/api/v1/procedures/${procedure.id}`)
      .set(bearer(tokenFor(site.t, liaison)))
      .send({ version: procedure.version, inPersonVisits: 0, channels: ['online'] })
      .expect(200);
    const second = await submitLevel4(lp);
    expect(second).not.toBe(first);

    // the analyst validates the new submission, now without the warning
    await mailTo(analyst, (t) => t.includes(`/app/revision/evaluaciones/${second}`));
    await ap.goto(`${site.baseUrl}/app/revision/evaluaciones/${second}`);
    expect(await ap.locator('#advertencias').count()).toBe(0);
    await Promise.all([ap.waitForURL(/\/app\/revision$/), ap.getByRole('button', { name: 'Validar la evaluación' }).click()]);
    expect(await ap.locator('.sf-notice').innerText()).toContain(`Se validó la evaluación de ${procedure.code} (nivel 4)`);
    await mailTo(liaison, (t) => t.includes('validó la evaluación de madurez'));

    // the liaison's score and the public procedure page follow
    const after = await until(lp, `${site.baseUrl}/app`, (t) => scoreOf(t) !== null && scoreOf(t) !== before, 'el puntaje nuevo');
    expect(Number(scoreOf(after)!.replace(',', ''))).toBeGreaterThan(Number(before!.replace(',', '')));
    expect(await until(pub, publicUrl, (t) => t.includes('Nivel 4'), 'el nivel 4 en la página pública')).toContain('Nivel 4');

    // every link the journey's e-mails carry lands, for its recipient
    const passwords = new Map([liaison, analyst].map((u) => [u.email.toLowerCase(), TEST_PASSWORD]));
    const mine = smtp.mails.filter((m) => m.to.some((to) => passwords.has(to)));
    expect(failedLinks(await followMailLinks(browser, site, mine, passwords))).toEqual([]);
  }, 240_000);

  it('the plan and report review pages pass axe; a liaison gets 404 on Revisión', async () => {
    const token = bearer(tokenFor(site.t, liaison));
    const plan = await site.t
      .http()
      .post('/api/v1/plans')
      .set(token)
      .send({ title: 'Plan revisado en el navegador', periodStart: '2026-01-01', periodEnd: '2026-12-31' })
      .expect(201);
    await site.t.http().post(`/api/v1/plans/${plan.body.id}/submit`).set(token).expect(200);
    const report = await site.t
      .http()
      .post('/api/v1/progress-reports')
      .set(token)
      .send({ year: 2026, quarter: 1, content: 'Formularios publicados en línea.' })
      .expect(201);
    const { page: ap } = await signedIn(browser, site, analyst.email);
    const problems = watchConsole(ap);
    for (const [path, name] of [
      [`/app/revision/planes/${plan.body.id}`, 'app-revision-plan'],
      [`/app/revision/informes/${report.body.id}`, 'app-revision-informe'],
    ]) {
      await ap.goto(`${site.baseUrl}${path}`);
      await clean(ap, problems);
      await screenshot(ap, name, 'desktop');
    }
    await ap.getByRole('button', { name: 'Devolver el informe' }).click();
    await ap.locator('#f-comment-error').waitFor();
    await clean(ap, problems);

    const { page: lp } = await signedIn(browser, site, liaison.email);
    for (const path of ['/app/revision', `/app/revision/planes/${plan.body.id}`]) {
      const res = await lp.goto(`${site.baseUrl}${path}`);
      expect(res?.status()).toBe(404);
    }
    expect(await lp.locator('nav').innerText()).not.toContain('Revisión');
  }, 120_000);
});
