import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createTestApp, TestApp } from '../../helpers/test-app';

/**
 * The real-browser harness: Debian's chromium driven by playwright-core, axe-core injected into each page, and
 * screenshots in a git-ignored folder. A page test starts the real app on a free port, opens pages in a desktop
 * (1280 px) or phone (360 px) context, with or without JavaScript, and audits each one.
 */
export const SCREENSHOT_DIR = join(__dirname, '..', 'screenshots');

export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, phone: { width: 360, height: 740 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

/** chromium from CHROMIUM_PATH or the PATH (scripts/test.sh and .ci/run install Debian's package when it is missing). */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    throw new Error(
      'No se encontró chromium: instálelo con «apt-get install -y chromium» (scripts/test.sh lo hace) o indique CHROMIUM_PATH.',
    );
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in a container: no sandbox; /dev/shm is small there.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--lang=es-GT'],
  });
}

export interface Site {
  t: TestApp;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real app (same set-up as main.ts) listening on a free loopback port. */
export async function startSite(opts: Parameters<typeof createTestApp>[0] = {}): Promise<Site> {
  const t = await createTestApp(opts);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, close: () => t.close() };
}

/**
 * Collects what a page reports that a test must fail on: CSP violations, script errors and sub-resources (styles,
 * icons) that fail to load. The document's own status (a 404 page) is the test's to check.
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/^Failed to load resource/.test(m.text())) return; // reported with its URL below, or the document's own status
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.request().isNavigationRequest()) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return problems;
}

export async function newContext(browser: Browser, viewport: ViewportName, opts: { javaScript?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: VIEWPORTS[viewport], javaScriptEnabled: opts.javaScript ?? true, locale: 'es-GT' });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's audit of the page (WCAG 2.x A and AA rules), returning the serious and critical violations. The engine
 * is evaluated through the DevTools protocol, so the page's CSP (no inline script) stays in force.
 */
export async function audit(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, evaluated in the page (this project's TypeScript has no DOM types).
  const result = (await page.evaluate(`(async () => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  })()`)) as AxeViolation[];
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A full-page screenshot under test/browser/screenshots/<name>-<viewport>.png (git-ignored). */
export async function screenshot(page: Page, name: string, viewport: ViewportName): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${viewport}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Whether the page is wider than its viewport (a phone would scroll sideways). */
export const overflowsHorizontally = (page: Page): Promise<boolean> =>
  page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1') as Promise<boolean>;

/** English codes of the glossary that must never reach a person's eyes on a page. */
export const ENGLISH_CODES =
  /\b(in_person|business|both|bound|opted_in|ministry|secretariat|decentralized|autonomous|municipality|same_institution|other_institution|government_agreement|other_rule|sworn_declaration|notarised_signature|replaced_by_interoperability|raise_level|in_progress|planExecution|noProhibited|legalBasis|resolutionTime)\b/;
