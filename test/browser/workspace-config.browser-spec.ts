import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { bearer, createInstitution, createUser, TEST_PASSWORD, tokenFor, TestUser } from '../helpers/factories';
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

/**
 * Configuración in a real browser (issue 15, item 5): an administrator creates a partner key and sees it once (a
 * reload no longer shows it), subscribes a local receiver for that key, sends a test event and sees the delivery in
 * the log. A liaison and an analyst get 404. Every page type passes axe (zero serious or critical), in Spanish.
 *
 * The receiver listens on 127.0.0.1 over http, so the app runs with WEBHOOK_ALLOW_PRIVATE_TARGETS (refused in production).
 */
describe('Workspace in a real browser: Configuración', () => {
  let site: Site;
  let browser: Browser;
  let admin: TestUser;
  let analyst: TestUser;
  let liaison: TestUser;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: Array<{ event: string; body: string }> = [];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    site = await startSite({ worker: true, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
    browser = await launchBrowser();
    const inst = await createInstitution(site.t.dataSource, 'Ministerio de Ajustes');
    admin = await createUser(site.t.dataSource, 'admin', null);
    analyst = await createUser(site.t.dataSource, 'analyst', null);
    liaison = await createUser(site.t.dataSource, 'liaison', inst.id);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ event: String(req.headers['x-simplifica-event'] ?? ''), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/simplifica`;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  }, 60_000);

  const clean = async (page: Page, problems: string[]) => {
    expect(await audit(page)).toEqual([]);
    expect(problems).toEqual([]);
  };
  const idOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

  it('an administrator creates a partner key and sees it exactly once; a reload does not show it', async () => {
    const { context, page } = await signedIn(browser, site, admin.email);
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}/app/configuracion`);
    await clean(page, problems);
    await page.getByRole('link', { name: 'Llaves de socios' }).click();
    await page.getByRole('link', { name: 'Crear una llave' }).click();
    // A message beside the field first (no name, no permission).
    await page.getByRole('button', { name: 'Crear la llave' }).click();
    expect((await page.locator('#f-name-error').innerText()).length).toBeGreaterThan(10);
    await clean(page, problems);
    await screenshot(page, 'app-configuracion-llave-errores', 'desktop');

    await page.getByLabel('Nombre').fill('AGEXPORT — tablero de seguimiento');
    await page.getByLabel('Gestión de webhooks').check();
    await Promise.all([
      page.waitForURL(/\/app\/configuracion\/llaves\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Crear la llave' }).click(),
    ]);
    ids.key = idOf(page);
    const shown = await page.locator('#llave-nueva').innerText();
    expect(shown).toMatch(/^smp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(await page.locator('.sf-notice').innerText()).toContain('Se creó la llave');
    await clean(page, problems);
    await screenshot(page, 'app-configuracion-llave-nueva', 'desktop');

    await page.reload();
    expect(await page.locator('#llave-nueva').count()).toBe(0);
    expect(await page.content()).not.toContain(shown);
    expect(await page.locator('main').innerText()).toContain(shown.slice(0, 12)); // the visible prefix stays
    // The key works on the public API.
    const res = await fetch(`${site.baseUrl}/api/public/v1/institutions`, { headers: { 'X-API-Key': shown } });
    expect(res.status).toBe(200);
    await context.close();
  });

  it('an administrator subscribes a local receiver, sends a test event and sees the delivery in the log', async () => {
    const { context, page } = await signedIn(browser, site, admin.email);
    const problems = watchConsole(page);
    await page.goto(`${site.baseUrl}/app/configuracion/llaves/${ids.key}`);
    await page.getByRole('link', { name: 'Suscribir un webhook con esta llave' }).click();
    await page.getByLabel('Dirección del receptor (URL)').fill(receiverUrl);
    await page.getByLabel('Trámite registrado').check();
    await Promise.all([
      page.waitForURL(/\/app\/configuracion\/webhooks\/[0-9a-f-]{36}$/),
      page.getByRole('button', { name: 'Crear la suscripción' }).click(),
    ]);
    ids.subscription = idOf(page);
    expect(await page.locator('#secreto-nuevo').innerText()).toMatch(/^whsec_/);
    await clean(page, problems);

    await page.getByRole('button', { name: 'Enviar evento de prueba' }).click();
    await page.waitForURL(new RegExp(`/app/configuracion/webhooks/${ids.subscription}$`));
    expect(await page.locator('.sf-notice').innerText()).toContain('Se envió un evento de prueba');
    expect(await page.locator('#secreto-nuevo').count()).toBe(0);
    for (let i = 0; i < 100 && !received.some((r) => r.event === 'webhook_test'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(received.map((r) => r.event)).toContain('webhook_test');
    let row = '';
    for (let i = 0; i < 50; i++) {
      await page.reload();
      row = await page.locator('table tbody tr').first().innerText();
      if (row.includes('Entregada')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(row).toContain('evento de prueba');
    expect(row).toContain('Entregada');
    await clean(page, problems);
    await screenshot(page, 'app-configuracion-webhook-bitacora', 'desktop');
    await context.close();
  });

  it('an analyst and a liaison get 404 on the configuration pages', async () => {
    for (const who of [analyst, liaison]) {
      const { context, page } = await signedIn(browser, site, who.email);
      for (const path of ['/app/configuracion', '/app/configuracion/llaves', `/app/configuracion/webhooks/${ids.subscription}`]) {
        const res = await page.goto(`${site.baseUrl}${path}`);
        expect([who.role, path, res?.status()]).toEqual([who.role, path, 404]);
      }
      expect(await page.locator('nav.sf-nav').innerText()).not.toContain('Configuración');
      await context.close();
    }
  });

  it.each(['desktop', 'phone'] as ViewportName[])(
    'every Configuración page type passes axe with zero serious or critical violations (%s), in Spanish',
    async (viewport) => {
      if (!ids.methodologyDraft) {
        // A draft to compare with the version in force (made through the API, as any administrator could).
        const active = await site.t
          .http()
          .get('/api/v1/methodologies/active')
          .set(bearer(tokenFor(site.t, admin)))
          .expect(200);
        const p = active.body.parameters;
        const draft = await site.t
          .http()
          .post('/api/v1/methodologies')
          .set(bearer(tokenFor(site.t, admin)))
          .send({
            ...p,
            name: 'Borrador con más peso a la madurez',
            procedureWeights: {
              ...p.procedureWeights,
              maturity: p.procedureWeights.maturity + 5,
              freshness: p.procedureWeights.freshness - 5,
            },
          })
          .expect(201);
        ids.methodologyDraft = draft.body.id;
        const model = await site.t
          .http()
          .get('/api/v1/maturity-models/active')
          .set(bearer(tokenFor(site.t, admin)))
          .expect(200);
        ids.modelInForce = model.body.id;
        const levels = model.body.levels.map((l: { level: number; name: string; criteria: unknown[] }) => ({
          ...l,
          name: l.level === 1 ? `${l.name} (revisado)` : l.name,
        }));
        const modelDraft = await site.t
          .http()
          .post('/api/v1/maturity-models')
          .set(bearer(tokenFor(site.t, admin)))
          .send({ name: 'Borrador de la escala', levels })
          .expect(201);
        ids.modelDraft = modelDraft.body.id;
        ids.rule = (
          await site.t
            .http()
            .get('/api/v1/reminder-rules')
            .set(bearer(tokenFor(site.t, admin)))
            .expect(200)
        ).body[0].id;
      }
      const { context, page } = await signedIn(browser, site, admin.email, TEST_PASSWORD, viewport);
      const problems = watchConsole(page);
      const pages = [
        ['app-configuracion', '/app/configuracion'],
        ['app-configuracion-llaves', '/app/configuracion/llaves'],
        ['app-configuracion-llave', `/app/configuracion/llaves/${ids.key}`],
        ['app-configuracion-llave-revocar', `/app/configuracion/llaves/${ids.key}/revocar`],
        ['app-configuracion-webhooks', '/app/configuracion/webhooks'],
        ['app-configuracion-webhook-nueva', '/app/configuracion/webhooks/nueva'],
        ['app-configuracion-webhook', `/app/configuracion/webhooks/${ids.subscription}`],
        ['app-configuracion-recordatorios', '/app/configuracion/recordatorios'],
        ['app-configuracion-recordatorio-nueva', '/app/configuracion/recordatorios/nueva'],
        ['app-configuracion-plazos', '/app/configuracion/plazos-legales'],
        ['app-configuracion-plazo-nuevo', '/app/configuracion/plazos-legales/nuevo'],
        ['app-configuracion-instituciones', '/app/configuracion/instituciones'],
        ['app-configuracion-institucion-nueva', '/app/configuracion/instituciones/nueva'],
        ['app-configuracion-usuarios', '/app/configuracion/usuarios'],
        ['app-configuracion-invitar', '/app/configuracion/usuarios/invitar'],
        ['app-configuracion-usuario', `/app/configuracion/usuarios/${liaison.id}`],
        ['app-configuracion-usuario-desactivar', `/app/configuracion/usuarios/${liaison.id}/desactivar`],
        ['app-configuracion-recordatorio', `/app/configuracion/recordatorios/${ids.rule}`],
        ['app-configuracion-modelos', '/app/configuracion/modelos-madurez'],
        ['app-configuracion-modelo-nuevo', '/app/configuracion/modelos-madurez/nuevo'],
        ['app-configuracion-modelo-vigente', `/app/configuracion/modelos-madurez/${ids.modelInForce}`],
        ['app-configuracion-modelo-borrador', `/app/configuracion/modelos-madurez/${ids.modelDraft}`],
        ['app-configuracion-modelo-publicar', `/app/configuracion/modelos-madurez/${ids.modelDraft}/publicar`],
        ['app-configuracion-metodologias', '/app/configuracion/metodologias'],
        ['app-configuracion-metodologia-nueva', '/app/configuracion/metodologias/nueva'],
        ['app-configuracion-metodologia-borrador', `/app/configuracion/metodologias/${ids.methodologyDraft}`],
      ];
      for (const [name, path] of pages) {
        const res = await page.goto(`${site.baseUrl}${path}`);
        expect([path, res?.status()]).toEqual([path, 200]);
        expect([path, await audit(page)]).toEqual([path, []]);
        expect([path, ENGLISH_CODES.exec(await page.locator('main').innerText())?.[0] ?? null]).toEqual([path, null]);
        if (viewport === 'phone') expect([path, await overflowsHorizontally(page)]).toEqual([path, false]);
        await screenshot(page, name, viewport);
      }
      expect(problems).toEqual([]);
      await context.close();
    },
    300_000,
  );
});
