import { bearer, createInstitution, createUser, TEST_PASSWORD, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
import type Redis from 'ioredis';
import { QueueName } from '../../src/queue/queue-names';
import { REDIS } from '../../src/redis/redis-token';
import { startSmtpListener, tokenFromMail } from '../helpers/smtp-listener';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('Auth (real PostgreSQL, Redis and SMTP)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpListener>>;
  let inst: TestInstitution;
  let liaison: TestUser;
  let admin: TestUser;
  let n = 0;
  /** The Commission's name comes from configuration (COMMISSION_NAME), never from the code. */
  const COMMISSION_NAME = 'Comisión de Prueba para Invitaciones';
  const ip = () => `10.9.${Math.floor(++n / 250)}.${n % 250}`;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({
      worker: true,
      env: { SMTP_URL: smtp.url, LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '6', COMMISSION_NAME: COMMISSION_NAME },
    });
    inst = await createInstitution(t.dataSource, 'Ministerio de Autenticación');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    admin = await createUser(t.dataSource, 'admin', null);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const login = (email: string, password: string, from = ip()) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });

  it('signs in with the right password and returns a 15-minute access token and a refresh token', async () => {
    const res = await login(liaison.email, TEST_PASSWORD).expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: liaison.id, role: 'liaison', institutionId: inst.id },
    });
    expect(res.body.refreshToken).toMatch(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    const me = await t.http().get('/api/v1/users/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body.email).toBe(liaison.email);
    expect(me.body.lastLoginAt).not.toBeNull();
  });

  it('signs in Commission staff (no institution) and audits it', async () => {
    const analyst = await createUser(t.dataSource, 'analyst', null);
    const res = await login(analyst.email, TEST_PASSWORD).expect(200);
    expect(res.body.user).toMatchObject({ role: 'analyst', institutionId: null });
    const audit = await t
      .http()
      .get(`/api/v1/audit-events?entity=user&entityId=${analyst.id}`)
      .set(bearer(tokenFor(t, admin)))
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['login']);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const wrong = await login(liaison.email, 'contraseña equivocada').expect(401);
    const unknown = await login('nadie@prueba.gob.gt', 'contraseña equivocada').expect(401);
    expect(wrong.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
    expect(unknown.body.message).toBe(wrong.body.message);
  });

  it('refuses an expired access token with TOKEN_EXPIRED and a missing one with UNAUTHENTICATED', async () => {
    const expired = tokenFor(t, liaison, -10);
    const res = await t.http().get('/api/v1/users/me').set(bearer(expired)).expect(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
    const none = await t.http().get('/api/v1/users/me').expect(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const forged = await t
      .http()
      .get('/api/v1/users/me')
      .set(bearer(`${expired.slice(0, -3)}abc`))
      .expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it('rotates the refresh token on every use, and reuse of an old one revokes the whole family', async () => {
    const first = (await login(liaison.email, TEST_PASSWORD).expect(200)).body.refreshToken as string;
    const second = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(200)).body.refreshToken as string;
    expect(second).not.toBe(first);
    const third = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second }).expect(200)).body.refreshToken as string;

    const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first }).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // the newest token of the family is dead too
    const after = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: third }).expect(401);
    expect(after.body.code).toBe('REFRESH_TOKEN_INVALID');
    const { count } = (
      await t.dataSource.query(`SELECT count(*)::int AS count FROM refresh_tokens WHERE id = $1 AND revoked_at IS NOT NULL`, [
        third.split('.')[0],
      ])
    )[0];
    expect(count).toBe(1);
  });

  it('locks an account for the address its failed logins come from (429 with Retry-After), even with the right password', async () => {
    const victim = await createUser(t.dataSource, 'liaison', inst.id);
    const from = ip();
    for (let i = 0; i < 2; i++) await login(victim.email, 'no es la contraseña', from).expect(401);
    const third = await login(victim.email, 'no es la contraseña', from).expect(429);
    expect(third.body.code).toBe('RATE_LIMITED');
    const blocked = await login(victim.email, TEST_PASSWORD, from).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    await login(victim.email, TEST_PASSWORD, ip()).expect(200); // the owner, elsewhere, is not locked out
  });

  it('limits login attempts per IP address across accounts', async () => {
    const from = '10.200.0.1';
    for (let i = 0; i < 6; i++) await login(`otro${i}@prueba.gob.gt`, 'no es la contraseña', from).expect(401);
    const res = await login(liaison.email, TEST_PASSWORD, from).expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    await login(liaison.email, TEST_PASSWORD, '10.200.0.2').expect(200);
  });

  it('invites by e-mail with a single-use link, refuses a weak password, and activates the account', async () => {
    const email = `invitado.${Date.now()}@prueba.gob.gt`;
    const invited = await t
      .http()
      .post('/api/v1/users/invitations')
      .set(bearer(tokenFor(t, admin)))
      .send({ email, name: 'Persona Invitada', role: 'liaison', institutionId: inst.id })
      .expect(202);
    expect(invited.body).toMatchObject({ email, message: expect.stringContaining(email) });

    const mail = await smtp.waitFor((m) => m.to.includes(email));
    const listed = await t
      .http()
      .get(`/api/v1/users?institutionId=${inst.id}&status=invited`)
      .set(bearer(tokenFor(t, admin)))
      .expect(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ email, status: 'invited', institutionId: inst.id })]),
    );
    expect(mail.subject).toContain('Invitación a Simplifica');
    expect(mail.subject).toContain(inst.name);
    const token = tokenFromMail(mail);
    // The single-use link never sits readable in Redis (BullMQ keeps finished jobs for a day).
    const jobs = await t.queue(QueueName.Mail).getJobs(['completed', 'active', 'waiting', 'delayed', 'failed']);
    const invitationJob = jobs.find((j) => j.data?.to === email);
    expect(invitationJob).toBeDefined();
    expect(JSON.stringify(invitationJob!.data)).not.toContain(token);
    expect(JSON.stringify(invitationJob!.data)).not.toContain('Invitación');

    const weak = await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'corta' }).expect(400);
    expect(weak.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(weak.body.details)).toContain('12 caracteres');
    const repetitive = await t.http().post('/api/v1/auth/invitations/accept').send({ token, password: 'aaaaaaaaaaaaaaaa' }).expect(400);
    expect(repetitive.body.message).toContain('débil');

    const accepted = await t
      .http()
      .post('/api/v1/auth/invitations/accept')
      .send({ token, password: 'una frase bastante larga 2026' })
      .expect(200);
    expect(accepted.body.user).toMatchObject({ email, status: 'active' });
    const again = await t
      .http()
      .post('/api/v1/auth/invitations/accept')
      .send({ token, password: 'otra frase bastante larga 2026' })
      .expect(400);
    expect(again.body.code).toBe('TOKEN_INVALID');
    await login(email, 'una frase bastante larga 2026').expect(200);
  });

  it('rate-limit keys in Redis hold a keyed hash of the address, never the address (login, API, pages)', async () => {
    // an address no earlier run used (counters outlive a run in the test Redis)
    const from = `10.231.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    await login(liaison.email, 'contraseña equivocada', from).expect(401);
    await t.http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', from).send({ email: 'nadie@prueba.gob.gt' }).expect(202);
    await t.http().get('/api/public/v1/institutions').set('X-Forwarded-For', from);
    await t.http().get('/').set('X-Forwarded-For', from);
    await t.http().get('/app/ingresar').set('X-Forwarded-For', from);
    const redis = t.app.get<Redis>(REDIS);
    const keys = await redis.keys('*');
    expect(keys.filter((k) => /:rl:login:ip:/.test(k)).length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.split(':').includes(from))).toEqual([]);
  });

  it('an invitation to the Commission names it as configured (COMMISSION_NAME)', async () => {
    const email = `analista.${Date.now()}@prueba.gob.gt`;
    await t
      .http()
      .post('/api/v1/users/invitations')
      .set(bearer(tokenFor(t, admin)))
      .send({ email, name: 'Analista Invitada', role: 'analyst' })
      .expect(202);
    const mail = await smtp.waitFor((m) => m.to.includes(email));
    expect(mail.subject).toContain(COMMISSION_NAME);
    expect(mail.subject).not.toContain('Gobierno Abierto');
  });

  it('resets a password by e-mail link, revoking existing sessions; unknown e-mails get the same 202', async () => {
    const user = await createUser(t.dataSource, 'liaison', inst.id);
    const session = (await login(user.email, TEST_PASSWORD).expect(200)).body.refreshToken as string;
    const unknown = await t.http().post('/api/v1/auth/password-reset').send({ email: 'nadie@prueba.gob.gt' }).expect(202);
    const known = await t.http().post('/api/v1/auth/password-reset').send({ email: user.email }).expect(202);
    expect(known.body).toEqual(unknown.body);

    const token = tokenFromMail(await smtp.waitFor((m) => m.to.includes(user.email)));
    await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'nueva frase de acceso 2026' }).expect(204);
    await t.http().post('/api/v1/auth/password-reset/confirm').send({ token, password: 'nueva frase de acceso 2027' }).expect(400);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: session }).expect(401);
    await login(user.email, 'nueva frase de acceso 2026').expect(200);
  });

  it('keeps roles apart: a liaison cannot invite or create partner keys', async () => {
    // A liaison of its own: reusing a spent refresh token above ended every token of the shared one.
    const token = tokenFor(t, await createUser(t.dataSource, 'liaison', inst.id));
    const res = await t
      .http()
      .post('/api/v1/users/invitations')
      .set(bearer(token))
      .send({ email: 'x@prueba.gob.gt', name: 'X Y', role: 'liaison', institutionId: inst.id })
      .expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await t
      .http()
      .post('/api/v1/partner-api-keys')
      .set(bearer(token))
      .send({ name: 'x', scopes: ['public:read'], rateLimitPerMinute: 10 })
      .expect(403);
  });
});
