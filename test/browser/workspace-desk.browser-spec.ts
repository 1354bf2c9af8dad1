import { Browser } from 'playwright-core';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { addDays } from '../../src/modules/notifications/reminder-format';
import {
  asScope,
  createInstitution,
  createMilestone,
  createPlan,
  createProcedure,
  createScoreSnapshots,
  createUser,
  TEST_PASSWORD,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
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

const today = todayInGuatemala();
const year = Number(today.slice(0, 4));

describe("The Commission's desk in a real browser (/app/tablero, /app/atrasos, /app/instituciones, /app/nacional, Inicio)", () => {
  let site: Site;
  let browser: Browser;
  let rising: TestInstitution;
  let falling: TestInstitution;
  let empty: TestInstitution;
  let analyst: TestUser;
  let liaison: TestUser;

  beforeAll(async () => {
    site = await startSite();
    browser = await launchBrowser();
    const ds = site.t.dataSource;
    rising = await createInstitution(ds, 'Ministerio en Ascenso');
    falling = await createInstitution(ds, 'Secretaría en Descenso');
    empty = await createInstitution(ds, 'Municipalidad sin Inventario');
    analyst = await createUser(ds, 'analyst', null);
    liaison = await createUser(ds, 'liaison', rising.id);
    await createUser(ds, 'liaison', falling.id);
    await createProcedure(ds, rising.id);
    await createProcedure(ds, falling.id);
    await createScoreSnapshots(site.t, rising.id, { [addDays(today, -30)]: 40, [today]: 65 });
    await createScoreSnapshots(site.t, falling.id, { [addDays(today, -30)]: 70, [today]: 52 });
    const plan = await createPlan(ds, rising.id, { periodStart: `${year - 1}-01-01`, periodEnd: `${year + 1}-12-31`, status: 'approved' });
    await createMilestone(ds, plan, { target: 'Ventanilla electrónica de licencias', dueDate: addDays(today, -12) });
    await asScope(ds, 'admin', null, (em) => em.query(`UPDATE institutions SET type = 'secretariat' WHERE id = $1`, [falling.id]));
  });

  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it('an analyst ranks the institutions by trend, opens one, follows it and finds its overdue milestone among those followed', async () => {
    const { context, page } = await signedIn(browser, site, analyst.email, TEST_PASSWORD);
    await page.goto(`${site.baseUrl}/app`);
    expect(await page.locator('#cuenta-atrasos').innerText()).not.toBe('0');
    await page.getByRole('link', { name: 'tablero de todas las instituciones' }).click();
    await page.getByLabel('Ordenar por').selectOption('trend');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    const rows = page.locator('table.sf-board tbody tr');
    const names = await rows.locator('th a').allInnerTexts();
    expect(names.indexOf(falling.name)).toBeLessThan(names.indexOf(rising.name));
    const emptyRow = page.locator(`tr[data-code="${empty.code}"]`);
    await expect(emptyRow.innerText()).resolves.toMatch(/Sin inventario[\s\S]*Sin enlace activo/);
    await page.getByRole('link', { name: rising.name }).click();
    expect(await page.locator('h1').innerText()).toBe(rising.name);
    await page.getByRole('button', { name: 'Seguir esta institución' }).click();
    expect(await page.locator('.sf-notice').innerText()).toContain(`Ahora sigue a ${rising.name}`);
    await page.goto(`${site.baseUrl}/app/atrasos`);
    await page.getByLabel('Solo las instituciones que sigo').check();
    await page.getByLabel('Tipo de atraso').selectOption('milestone_overdue');
    await page.getByRole('button', { name: 'Aplicar' }).click();
    const body = await page.locator('main').innerText();
    expect(body).toContain('Ventanilla electrónica de licencias');
    expect(body).toContain('12 días');
    expect(body).not.toContain(falling.name);
    await context.close();
  });

  it('a liaison cannot open any page of the desk (404)', async () => {
    const { context, page } = await signedIn(browser, site, liaison.email, TEST_PASSWORD);
    for (const path of ['/app/tablero', '/app/atrasos', '/app/nacional', `/app/instituciones/${rising.code}`]) {
      const res = await page.goto(`${site.baseUrl}${path}`);
      expect([path, res?.status()]).toEqual([path, 404]);
    }
    await context.close();
  });

  const PAGES = [
    { name: 'desk-inicio', path: () => '/app' },
    { name: 'desk-tablero', path: () => '/app/tablero?sort=-overdue' },
    { name: 'desk-tablero-error', path: () => '/app/tablero?type=planeta' },
    { name: 'desk-atrasos', path: () => '/app/atrasos' },
    { name: 'desk-institucion', path: () => `/app/instituciones/${rising.code}` },
    { name: 'desk-institucion-vacia', path: () => `/app/instituciones/${empty.code}` },
    { name: 'desk-nacional', path: () => '/app/nacional' },
  ];

  it.each(['desktop', 'phone'] as ViewportName[])(
    'every desk page type passes axe with zero serious or critical violations (%s), in Spanish, within the width',
    async (viewport) => {
      const { context } = await signedIn(browser, site, analyst.email, TEST_PASSWORD, viewport);
      for (const entry of PAGES) {
        const path = entry.path();
        const page = await context.newPage();
        const problems = watchConsole(page);
        const res = await page.goto(`${site.baseUrl}${path}`);
        expect([path, res?.status()]).toEqual([path, 200]);
        expect([path, await audit(page)]).toEqual([path, []]);
        expect([path, problems]).toEqual([path, []]);
        expect([path, await overflowsHorizontally(page)]).toEqual([path, false]);
        expect(await page.locator('body').innerText()).not.toMatch(ENGLISH_CODES);
        await screenshot(page, entry.name, viewport);
        await page.close();
      }
      await context.close();
    },
  );
});
