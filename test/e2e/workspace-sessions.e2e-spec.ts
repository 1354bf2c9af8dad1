import { AppConfig } from '../../src/config/app-config';
import { REDIS } from '../../src/redis/redis-token';
import Redis from 'ioredis';
import { TEST_PASSWORD } from '../helpers/factories';
import { useWorld } from '../helpers/world';
import { editSession, pageClient } from '../helpers/workspace-client';

describe('Workspace sessions (/app): cookie, CSRF, expiry and revocation — real Redis and PostgreSQL', () => {
  const w = useWorld({ label: 'de Sesiones', app: { env: { PUBLIC_PAGES_RATE_LIMIT_PER_MINUTE: '25' } } });
  let n = 0;
  const client = () => pageClient(w.t, `10.78.${Math.floor(++n / 250)}.${n % 250}`);

  it('sets an HttpOnly, SameSite=Lax cookie limited to /app, Secure only over HTTPS, and keeps the session in Redis', async () => {
    const res = await w.t.http().get('/app/ingresar').expect(200);
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('sf_sesion='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; Path=\/app/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const https = await w.t.http().get('/app/ingresar').set('X-Forwarded-Proto', 'https').expect(200);
    expect(([] as string[]).concat(https.headers['set-cookie'] ?? []).find((c) => c.startsWith('sf_sesion='))).toMatch(/; Secure/);

    const c = client();
    await c.signIn(w.liaisonA.email);
    const sid = c.sessionId();
    const stored = await w.t.app.get<Redis>(REDIS).get(`${w.t.app.get(AppConfig).redis.queuePrefix}:sess:${sid}`);
    expect(JSON.parse(stored ?? '{}')).toMatchObject({ userId: w.liaisonA.id });
    const ttl = await w.t.app.get<Redis>(REDIS).ttl(`${w.t.app.get(AppConfig).redis.queuePrefix}:sess:${sid}`);
    expect(ttl).toBeGreaterThan(29 * 60);
    expect(ttl).toBeLessThanOrEqual(30 * 60);
  });

  it('signs in with a new session id (the planted one is dropped) and lands where the person was going', async () => {
    const c = client();
    const gated = await c.get('/app/inventario');
    expect(gated.status).toBe(303);
    expect(gated.headers.location).toBe('/app/ingresar?volver=%2Fapp%2Finventario');
    await c.get('/app/ingresar?volver=%2Fapp%2Finventario');
    const before = c.sessionId();
    expect(before).not.toBeNull();
    const res = await c.post('/app/ingresar', { email: w.liaisonA.email, password: TEST_PASSWORD, volver: '/app/inventario' });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/app/inventario');
    expect(c.sessionId()).not.toBe(before);
    expect((await c.get('/app')).status).toBe(200);
  });

  it('never follows a return address outside the workspace', async () => {
    const c = client();
    await c.get('/app/ingresar');
    const res = await c.post('/app/ingresar', {
      email: w.liaisonA.email,
      password: TEST_PASSWORD,
      volver: 'https://malicioso.example/app',
    });
    expect(res.headers.location).toBe('/app');
  });

  it("refuses a form post without the session's form token (403 page) and changes nothing", async () => {
    const c = client();
    await c.get('/app/ingresar');
    const res = await c.post('/app/ingresar', { email: w.liaisonA.email, password: TEST_PASSWORD }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('formulario venció');
    expect((await c.get('/app')).status).toBe(303); // still signed out
    const forged = await c.post('/app/ingresar', { _csrf: 'x'.repeat(64), email: w.liaisonA.email, password: TEST_PASSWORD });
    expect(forged.status).toBe(403);
  });

  it("shows the server's messages beside the fields and keeps the e-mail (never the password)", async () => {
    const c = client();
    await c.get('/app/ingresar');
    const invalid = await c.post('/app/ingresar', { email: 'no-es-un-correo', password: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('id="f-email-error"');
    expect(invalid.text).toContain('value="no-es-un-correo"');
    const wrong = await c.post('/app/ingresar', { email: w.liaisonA.email, password: 'una contraseña equivocada' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('Correo o contraseña incorrectos.');
    expect(wrong.text).not.toContain('una contraseña equivocada');
  });

  it("shares the API's per-account lock: failures on the page lock the API sign-in from that address too", async () => {
    const ip = '10.79.0.1';
    const c = pageClient(w.t, ip);
    await c.get('/app/ingresar');
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await c.post('/app/ingresar', { email: w.adminA.email, password: `equivocada-${i}` })).status;
    expect(last).toBe(429);
    await w.t
      .http()
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ email: w.adminA.email, password: TEST_PASSWORD })
      .expect(429);
  });

  it('ends a session idle for longer than SESSION_IDLE_MINUTES and one older than SESSION_ABSOLUTE_HOURS', async () => {
    const idle = client();
    await idle.signIn(w.liaisonA.email);
    await editSession(w.t, idle.sessionId()!, (s) => {
      s.seenAt = Date.now() - 31 * 60_000;
    });
    const r1 = await idle.get('/app');
    expect(r1.status).toBe(303);
    const page = await idle.get('/app/ingresar');
    expect(page.text).toContain('inactividad');

    const old = client();
    await old.signIn(w.liaisonA.email);
    await editSession(w.t, old.sessionId()!, (s) => {
      s.startedAt = Date.now() - 12 * 3_600_000 - 1000;
      s.seenAt = Date.now();
    });
    expect((await old.get('/app')).status).toBe(303);
    expect((await old.get('/app/ingresar')).text).toContain('duración máxima');
  });

  it('signing out ends every session of the user at once (another device too), and the API tokens', async () => {
    const laptop = client();
    const phone = client();
    await laptop.signIn(w.liaisonB.email);
    await phone.signIn(w.liaisonB.email);
    const token = (
      await w.t
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', '10.80.0.1')
        .send({ email: w.liaisonB.email, password: TEST_PASSWORD })
        .expect(200)
    ).body.accessToken;
    expect((await phone.get('/app')).status).toBe(200);
    const out = await laptop.post('/app/salir', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/app/ingresar');
    expect((await laptop.get('/app')).status).toBe(303);
    expect((await phone.get('/app')).status).toBe(303);
    await w.t
      .http()
      .get('/api/v1/users/me')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
  });

  it("an administrator disabling the user ends the user's page sessions", async () => {
    const victim = await (await import('../helpers/factories')).createUser(w.t.dataSource, 'liaison', w.a.id);
    const c = client();
    await c.signIn(victim.email);
    expect((await c.get('/app')).status).toBe(200);
    const { version } = (await w.t.http().get(`/api/v1/users/${victim.id}`).set(w.as(w.adminA)).expect(200)).body;
    await w.t.http().patch(`/api/v1/users/${victim.id}`).set(w.as(w.adminA)).send({ version, status: 'disabled' }).expect(200);
    expect((await c.get('/app')).status).toBe(303);
  });

  it('changing the password keeps this session, ends the others, and the new password works', async () => {
    const user = await (await import('../helpers/factories')).createUser(w.t.dataSource, 'liaison', w.a.id);
    const here = client();
    const there = client();
    await here.signIn(user.email);
    await there.signIn(user.email);
    await here.get('/app/cuenta/contrasena');
    const weak = await here.post('/app/cuenta/contrasena', {
      currentPassword: TEST_PASSWORD,
      password: 'aaaaaaaaaaaaaa',
      passwordConfirm: 'aaaaaaaaaaaaaa',
    });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('id="f-password-error"');
    const wrongCurrent = await here.post('/app/cuenta/contrasena', {
      currentPassword: 'no es la actual',
      password: 'Una frase nueva y larga 2026',
      passwordConfirm: 'Una frase nueva y larga 2026',
    });
    expect(wrongCurrent.text).toContain('id="f-currentPassword-error"');
    const ok = await here.post('/app/cuenta/contrasena', {
      currentPassword: TEST_PASSWORD,
      password: 'Una frase nueva y larga 2026',
      passwordConfirm: 'Una frase nueva y larga 2026',
    });
    expect(ok.status).toBe(303);
    expect((await here.get('/app')).status).toBe(200);
    expect((await there.get('/app')).status).toBe(303);
    const fresh = client();
    expect((await fresh.signIn(user.email, 'Una frase nueva y larga 2026')).status).toBe(303);
  });

  it('limits requests without a session per address (before a session is stored for them); signed-in pages are not counted', async () => {
    const ip = '10.83.0.1';
    const user = pageClient(w.t, ip);
    await user.signIn(w.liaisonA.email); // 2 anonymous requests
    let last = 0;
    for (let i = 0; i < 24; i++) last = (await w.t.http().get('/app/ingresar').set('X-Forwarded-For', ip)).status;
    expect(last).toBe(429);
    expect((await user.get('/app')).status).toBe(200);
  });

  it("renders the workspace layout with the person's institution and the navigation", async () => {
    const c = client();
    await c.signIn(w.liaisonA.email);
    const home = await c.get('/app');
    expect(home.status).toBe(200);
    expect(home.text).toContain(w.a.name);
    for (const section of ['Inicio', 'Inventario', 'Importar', 'Madurez', 'Plan', 'Informes', 'Avisos'])
      expect(home.text).toContain(`>${section}</a>`);
    for (const path of ['/app/inventario', '/app/importar', '/app/madurez', '/app/plan', '/app/informes', '/app/avisos'])
      expect((await c.get(path)).status).toBe(200);
    expect((await c.get('/app/no-existe')).status).toBe(404);
  });

  it("shows each role its own navigation and answers 404 for another role's sections", async () => {
    const navOf = (html: string) => [...html.matchAll(/class="sf-nav__link" href="([^"]+)"/g)].map((m) => m[1]);
    const liaison = client();
    await liaison.signIn(w.liaisonA.email);
    const liaisonNav = navOf((await liaison.get('/app')).text);
    expect(liaisonNav).toEqual(expect.arrayContaining(['/app/inventario', '/app/plan']));
    expect(liaisonNav).not.toContain('/app/tablero');
    for (const path of ['/app/tablero', '/app/revision', '/app/atrasos', '/app/nacional', '/app/configuracion']) {
      expect((await liaison.get(path)).status).toBe(404);
    }

    const analyst = client();
    await analyst.signIn(w.analyst.email);
    const analystNav = navOf((await analyst.get('/app')).text);
    expect(analystNav).toEqual(expect.arrayContaining(['/app/tablero', '/app/revision', '/app/atrasos', '/app/nacional']));
    expect(analystNav).not.toContain('/app/inventario');
    expect(analystNav).not.toContain('/app/configuracion');
    expect((await analyst.get('/app/tablero')).status).toBe(200);
    expect((await analyst.get('/app/configuracion')).status).toBe(404);

    const admin = client();
    await admin.signIn(w.admin.email);
    expect(navOf((await admin.get('/app')).text)).toContain('/app/configuracion');
    expect((await admin.get('/app/configuracion')).status).toBe(200);
  });
});
