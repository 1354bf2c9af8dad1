import request from 'supertest';
import Redis from 'ioredis';
import { AppConfig } from '../../src/config/app-config';
import { REDIS } from '../../src/redis/redis-token';
import { SESSION_COOKIE } from '../../src/web/workspace/session/page-session';
import { TEST_PASSWORD } from './factories';
import { TestApp } from './test-app';

/**
 * A browser without a browser, for the workspace pages: a cookie jar (supertest's agent), the form token read from
 * the last page, and form posts with it. Each client is one "browser context"; two clients are two devices.
 */
export interface PageClient {
  agent: ReturnType<typeof request.agent>;
  /** GET a page and remember its form token. */
  get: (path: string) => Promise<request.Response>;
  /** POST a form with the last page's token (unless `_csrf` is given, or `csrf: false`). */
  post: (path: string, form: Record<string, string>, opts?: { csrf?: boolean }) => Promise<request.Response>;
  /** Opens the sign-in page and signs in (303 to /app). */
  signIn: (email: string, password?: string) => Promise<request.Response>;
  /** The session id of the cookie (unsigned). */
  sessionId: () => string | null;
}

export const csrfOf = (html: string): string | null => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? null;

export function pageClient(t: TestApp, ip = '10.77.0.1'): PageClient {
  const agent = request.agent(t.app.getHttpServer());
  let csrf: string | null = null;
  let cookie: string | null = null;
  const remember = (res: request.Response) => {
    const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const mine = set.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (mine) cookie = decodeURIComponent(mine.split(';')[0].split('=')[1]);
    const token = res.text ? csrfOf(res.text) : null;
    if (token) csrf = token;
    return res;
  };
  const client: PageClient = {
    agent,
    get: async (path) => remember(await agent.get(path).set('X-Forwarded-For', ip)),
    post: async (path, form, opts = {}) =>
      remember(
        await agent
          .post(path)
          .set('X-Forwarded-For', ip)
          .type('form')
          .send(opts.csrf === false ? form : { _csrf: csrf ?? '', ...form }),
      ),
    signIn: async (email, password = TEST_PASSWORD) => {
      await client.get('/app/ingresar');
      const res = await client.post('/app/ingresar', { email, password });
      // A browser follows the redirect; the page it lands on carries the new session's form token.
      if (res.status === 303 && res.headers.location) await client.get(res.headers.location);
      return res;
    },
    sessionId: () => (cookie ? (/^s:([^.]+)\./.exec(cookie)?.[1] ?? null) : null),
  };
  return client;
}

/** Rewrites a stored session (as another replica or the clock would see it), e.g. to age it. */
export async function editSession(t: TestApp, sid: string, edit: (s: Record<string, unknown>) => void): Promise<void> {
  const redis = t.app.get<Redis>(REDIS);
  const key = `${t.app.get(AppConfig).redis.queuePrefix}:sess:${sid}`;
  const raw = await redis.get(key);
  if (!raw) throw new Error(`No hay sesión ${sid}`);
  const s = JSON.parse(raw) as Record<string, unknown>;
  edit(s);
  await redis.set(key, JSON.stringify(s), 'KEEPTTL');
}
