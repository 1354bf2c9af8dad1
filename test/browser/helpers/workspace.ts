import { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../helpers/factories';
import { ReceivedMail } from '../../helpers/smtp-listener';
import { newContext, Site, ViewportName } from './browser';

/** APP_PUBLIC_URL of the tests: links in e-mails carry it; a browser test opens them on the site it started. */
export const MAIL_ORIGIN = 'http://simplifica.test';

/** Every http(s) link of a message (text and HTML parts), in order, without duplicates. */
/** A link as the HTML part writes it in an attribute (Handlebars escapes `&`, `=`, `'`…), as a browser reads it. */
const decodeHtmlReferences = (s: string): string =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

export function linksOf(mail: ReceivedMail): string[] {
  const found = new Set<string>();
  for (const m of `${mail.text}\n${mail.html}`.matchAll(/https?:\/\/[^\s"'<>)]+/g))
    found.add(decodeHtmlReferences(m[0]).replace(/[.,;]+$/, ''));
  return [...found];
}

/** A link of an e-mail as a URL of the site under test. */
export const onSite = (site: Site, link: string): string => link.replace(MAIL_ORIGIN, site.baseUrl);

/** A fresh browser context signed in as the user through the sign-in page (as a person would). */
export async function signedIn(
  browser: Browser,
  site: Site,
  email: string,
  password = TEST_PASSWORD,
  viewport: ViewportName = 'desktop',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser, viewport);
  const page = await context.newPage();
  await signInOn(page, site, email, password);
  return { context, page };
}

export async function signInOn(page: Page, site: Site, email: string, password = TEST_PASSWORD): Promise<void> {
  await page.goto(`${site.baseUrl}/app/ingresar`);
  await page.getByLabel('Correo electrónico').fill(email);
  await page.getByLabel('Contraseña', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.endsWith('/app/ingresar')),
    page.getByRole('button', { name: 'Ingresar' }).click(),
  ]);
}

/** Pages a link may land on without being signed in (account links). */
const ANONYMOUS = /^\/(app\/(activar-cuenta|restablecer-contrasena|ingresar)|api\/v1\/notifications\/unsubscribe)(\?|$)/;

export interface LinkCheck {
  recipient: string;
  subject: string;
  link: string;
  status: number;
  landedOn: string;
}

/**
 * Follows every link of every message as its recipient would: in a context signed in as the recipient when their
 * password is known (`passwords`), anonymously otherwise. Each link must answer 200 and, unless it is an account
 * link, land on the page it names (not on the sign-in page). New pages join this check by being linked from mail.
 */
export async function followMailLinks(
  browser: Browser,
  site: Site,
  mails: ReceivedMail[],
  passwords: Map<string, string>,
): Promise<LinkCheck[]> {
  const checks: LinkCheck[] = [];
  const byRecipient = new Map<string, ReceivedMail[]>();
  for (const m of mails) for (const to of m.to) byRecipient.set(to, [...(byRecipient.get(to) ?? []), m]);
  for (const [recipient, list] of byRecipient) {
    const password = passwords.get(recipient);
    const { context, page } = password
      ? await signedIn(browser, site, recipient, password)
      : await (async () => {
          const c = await newContext(browser, 'desktop');
          return { context: c, page: await c.newPage() };
        })();
    for (const mail of list) {
      for (const link of linksOf(mail)) {
        const res = await page.goto(onSite(site, link));
        const landed = new URL(page.url());
        checks.push({ recipient, subject: mail.subject, link, status: res?.status() ?? 0, landedOn: `${landed.pathname}${landed.search}` });
      }
    }
    await context.close();
  }
  return checks;
}

/** The checks that failed: not 200, or a page that needs a session landed on the sign-in page instead. */
export const failedLinks = (checks: LinkCheck[]): LinkCheck[] =>
  checks.filter((c) => {
    const path = new URL(c.link).pathname + new URL(c.link).search;
    return c.status !== 200 || (!ANONYMOUS.test(path) && c.landedOn.startsWith('/app/ingresar'));
  });
