import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { EntityManager } from 'typeorm';
import { anonymousActor } from '../../src/common/auth/actor';
import { AppException } from '../../src/common/errors/app.exception';
import { NetworkKeys } from '../../src/common/rate-limit/network-key';
import { RateLimiter } from '../../src/common/rate-limit/rate-limiter.service';
import { AuthService } from '../../src/modules/auth/auth.service';
import { PasswordHasher } from '../../src/modules/auth/password-hasher';
import { REDIS } from '../../src/redis/redis.module';
import { WebhooksService } from '../../src/modules/webhooks/webhooks.service';
import {
  asScope,
  bearer,
  createInstitution,
  createProcedure,
  createRequirement,
  createUser,
  TEST_PASSWORD,
  tokenFor,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
import { SmtpListener, startSmtpListener, tokenFromMail } from '../helpers/smtp-listener';
import { createTestApp, TestApp } from '../helpers/test-app';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Replays the findings of the outside security review (issue #10), one block per finding, so they stay closed.
 * Each test failed on the code the review attacked.
 */

let ipSeq = 0;
/** A fresh client address per call (TRUST_PROXY_HOPS=1 in tests), so per-IP limits of one test never touch another. */
const freshIp = () => `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

const binary = (res: Json, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Other suites share this database, and reminders escalate to every active analyst: the Commission staff a block
 * created are disabled when it ends, so they do not add to other suites' mail.
 */
const retireCommissionStaff = (t: TestApp, since: Date) =>
  asScope(t.dataSource, 'admin', null, (em) =>
    em.query(
      `UPDATE users SET status = 'disabled' WHERE role IN ('analyst', 'admin') AND created_at >= $1 AND email LIKE '%@prueba.gob.gt'`,
      [since],
    ),
  );

describe('Security review — public API (findings 1, 4, 9, 10, 13)', () => {
  let t: TestApp;
  let admin: TestUser;
  let inst: TestInstitution;
  let liaison: TestUser;
  let readKey: string;
  let manageKey: string;
  const since = new Date();

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '5', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    admin = await createUser(t.dataSource, 'admin', null);
    inst = await createInstitution(t.dataSource, 'Ministerio de Seguridad');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    const key = async (scopes: string[]) => {
      const res = await t
        .http()
        .post('/api/v1/partner-api-keys')
        .set(bearer(tokenFor(t, admin)))
        .send({ name: 'Revisión', scopes, rateLimitPerMinute: 1000 });
      expect(res.status).toBe(201);
      return res.body.key as string;
    };
    readKey = await key(['public:read']);
    manageKey = await key(['webhooks:manage']);
  });
  afterAll(async () => {
    delete process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE;
    delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
    await retireCommissionStaff(t, since);
    await t.close();
  });

  describe('1. scope bypass by path case', () => {
    it.each([
      ['GET', '/api/public/v1/Webhooks'],
      ['POST', '/api/public/v1/WEBHOOKS'],
      ['GET', '/API/public/v1/webhooks'],
      ['GET', '/api/Public/v1/webhooks'],
      ['GET', '/Api/v1/users/me'],
    ])('%s %s is an unknown route (404), whatever the key', async (method, path) => {
      const req =
        method === 'GET'
          ? t.http().get(path)
          : t
              .http()
              .post(path)
              .send({ url: 'https://example.org/hook', events: ['procedure_created'] });
      const res = await req.set('X-API-Key', readKey).set('X-Forwarded-For', freshIp());
      expect(res.status).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('a public:read key cannot list, create, deactivate or read deliveries of webhooks', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const calls = [
        t.http().get('/api/public/v1/webhooks'),
        t
          .http()
          .post('/api/public/v1/webhooks')
          .send({ url: 'https://example.org/hook', events: ['procedure_created'] }),
        t.http().post(`/api/public/v1/webhooks/${id}/deactivate`),
        t.http().get(`/api/public/v1/webhooks/${id}/deliveries`),
      ];
      for (const call of calls) {
        const res = await call.set('X-API-Key', readKey).set('X-Forwarded-For', freshIp());
        expect(res.status).toBe(403);
        expect(res.headers['cache-control']).toBe('no-store');
      }
    });

    it('every webhook route answers Cache-Control: no-store, with no key, a wrong key and the right one', async () => {
      for (const key of [undefined, readKey, manageKey, 'smp_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
        const req = t.http().get('/api/public/v1/webhooks').set('X-Forwarded-For', freshIp());
        const res = await (key ? req.set('X-API-Key', key) : req);
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers.etag).toBeUndefined();
      }
      const ok = await t.http().get('/api/public/v1/webhooks').set('X-API-Key', manageKey).set('X-Forwarded-For', freshIp());
      expect(ok.status).toBe(200);
      expect(ok.headers['cache-control']).toBe('no-store');
    });

    it('the webhooks service itself refuses a partner without the webhooks:manage scope', async () => {
      const webhooks = t.app.get(WebhooksService);
      const readOnly = {
        ...anonymousActor('r'),
        kind: 'partner' as const,
        partnerKeyId: '00000000-0000-4000-8000-000000000000',
        partnerScopes: ['public:read'],
      };
      await expect(webhooks.list(readOnly)).rejects.toMatchObject({ status: 403 });
      await expect(webhooks.list(anonymousActor('r'))).rejects.toBeInstanceOf(AppException);
    });
  });

  describe('9. invalid X-API-Key requests count against the IP limit', () => {
    it('answers 429 once an address has spent its anonymous allowance on bad keys', async () => {
      const from = freshIp();
      const statuses: number[] = [];
      for (let n = 0; n < 7; n++) {
        const res = await t
          .http()
          .get('/api/public/v1/methodology')
          .set('X-Forwarded-For', from)
          .set('X-API-Key', n % 2 ? 'no-es-una-llave' : `smp_0000000${n}_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
        statuses.push(res.status);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      // the same address is now limited for anonymous reads too
      expect((await t.http().get('/api/public/v1/methodology').set('X-Forwarded-For', from)).status).toBe(429);
    });
  });

  describe('4. CSV formula injection', () => {
    const nasty = [
      '=HYPERLINK("http://evil.example/x","click")',
      "+cmd|' /C calc'!A0",
      '-2+3',
      '@SUM(1,2)',
      '\tTab inicial',
      '\rRetorno inicial',
    ];

    beforeAll(async () => {
      for (const [n, name] of nasty.entries()) {
        const p = await createProcedure(t.dataSource, inst.id, { code: `CSV-${n}`, name });
        await createRequirement(t.dataSource, p, { name });
      }
      await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE institutions SET sector = '=1+1' WHERE id = $1`, [inst.id]));
    });

    const csv = async (dataset: string): Promise<Json[]> => {
      const res = await t.http().get(`/api/public/v1/export/${dataset}`).set('X-API-Key', readKey).buffer(true).parse(binary);
      expect(res.status).toBe(200);
      return parse((res.body as Buffer).toString('utf8'), { bom: true, columns: true, relax_quotes: true });
    };

    it('neutralises every cell that begins with =, +, -, @, tab or carriage return, in every public CSV', async () => {
      const procedures = (await csv('procedures.csv')).filter((r) => r.institution_code === inst.code && r.code.startsWith('CSV-'));
      expect(procedures.map((r) => r.name).sort()).toEqual(nasty.map((s) => `'${s}`).sort());
      const requirements = (await csv('requirements.csv')).filter((r) => r.institution_code === inst.code);
      expect(requirements.map((r) => r.name).sort()).toEqual(nasty.map((s) => `'${s}`).sort());
      const institutions = await csv('institutions.csv');
      expect(institutions.find((r) => r.code === inst.code)?.sector).toBe(`'=1+1`);
      // Numbers stay numbers: a negative fee or day count is not text and is not touched (none here), and ordinary text is unchanged.
      expect(institutions.find((r) => r.code === inst.code)?.name).toBe(`Ministerio de Seguridad ${inst.code}`);
    });

    it('writes XLSX text cells as text, never as formulas', async () => {
      const res = await t
        .http()
        .get('/api/v1/inventory/export.xlsx')
        .set(bearer(tokenFor(t, liaison)))
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.body as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('tramites')!;
      const injected: ExcelJS.Cell[] = [];
      sheet.eachRow((row) => {
        if (String(row.getCell(1).value).startsWith('CSV-')) injected.push(row.getCell(2));
      });
      expect(injected).toHaveLength(nasty.length);
      expect(injected.map((c) => String(c.value).trim()).sort()).toEqual(nasty.map((s) => s.trim()).sort());
      for (const c of injected) {
        expect(c.type).toBe(ExcelJS.ValueType.String);
        expect(c.formula).toBeUndefined();
      }
    });
  });

  describe('10. one allow-list of public fields; deactivated institutions are not published', () => {
    let gone: TestInstitution;

    beforeAll(async () => {
      gone = await createInstitution(t.dataSource, 'Secretaría Disuelta');
      const p = await createProcedure(t.dataSource, gone.id, { code: 'DISUELTO-1' });
      await asScope(t.dataSource, 'tenant', gone.id, (em) =>
        em.query(
          `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, is_public) VALUES ($1, $2, 'procedure', $2, 'create', true)`,
          [gone.id, p.id],
        ),
      );
      await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE institutions SET active = false WHERE id = $1`, [gone.id]));
    });

    it('leaves a deactivated institution out of institutions.csv and of the change feed', async () => {
      const res = await t.http().get('/api/public/v1/export/institutions.csv').set('X-API-Key', readKey);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(gone.code);
      let since = '';
      const seen: Json[] = [];
      for (;;) {
        const page = await t
          .http()
          .get(`/api/public/v1/changes?limit=500${since ? `&since=${since}` : ''}`)
          .set('X-API-Key', readKey);
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        since = page.body.nextCursor;
        if (!page.body.hasMore) break;
      }
      expect(seen.filter((c) => c.institutionCode === gone.code)).toEqual([]);
    });

    it('publishes in the public change log only fields of the public schema', async () => {
      const token = tokenFor(t, liaison);
      const created = await t
        .http()
        .post('/api/v1/procedures')
        .set(bearer(token))
        .send({ code: 'LOG-1', name: 'Trámite con bitácora', description: 'Antes' });
      expect(created.status).toBe(201);
      const patched = await t
        .http()
        .patch(`/api/v1/procedures/${created.body.id}`)
        .set(bearer(token))
        .send({ version: created.body.version, description: 'Después', lastReviewedAt: '2026-01-15', formsFree: true, declaredLevel: 0 });
      expect(patched.status).toBe(200);
      const detail = await t.http().get(`/api/public/v1/procedures/${inst.code}/LOG-1`).set('X-API-Key', readKey);
      expect(detail.status).toBe(200);
      const fields = detail.body.changes.map((c: Json) => c.field);
      expect(fields).toContain('description');
      const published = new Set([...Object.keys(detail.body), ...Object.keys(detail.body.maturity), null]);
      for (const f of fields) expect(published).toContain(f);
      // formsFree is not published (the last review now is: list items carry it, issue 16).
      expect(fields).not.toContain('formsFree');
      expect(fields).toContain('lastReviewedAt');
    });
  });

  describe('13. webhook targets', () => {
    it.each([
      ['https://[::ffff:0:7f00:1]/hook', 'IPv4-translated loopback'],
      ['https://[::ffff:0:a9fe:a9fe]/hook', 'IPv4-translated metadata address'],
      ['https://93.184.216.34:8443/hook', 'a port other than 443'],
      ['https://example.org:22/hook', 'the SSH port'],
    ])('refuses %s (%s)', async (url) => {
      const res = await t
        .http()
        .post('/api/public/v1/webhooks')
        .set('X-API-Key', manageKey)
        .set('X-Forwarded-For', freshIp())
        .send({ url, events: ['procedure_created'] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(/dirección no pública|puerto/);
    });
  });
});

describe('Security review — identity (findings 2, 5, 7, 8, 11, 12, 15)', () => {
  let t: TestApp;
  let replica: TestApp;
  let smtp: SmtpListener;
  let inst: TestInstitution;
  let other: TestInstitution;
  let admin: TestUser;
  const since = new Date();

  beforeAll(async () => {
    smtp = await startSmtpListener();
    const env = { SMTP_URL: smtp.url, LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '4' };
    t = await createTestApp({ worker: true, env });
    replica = await createTestApp({ env });
    inst = await createInstitution(t.dataSource, 'Ministerio de Identidad');
    other = await createInstitution(t.dataSource, 'Ministerio Vecino');
    admin = await createUser(t.dataSource, 'admin', null);
  });
  afterAll(async () => {
    for (const k of ['LOGIN_MAX_ATTEMPTS_PER_ACCOUNT', 'LOGIN_MAX_ATTEMPTS_PER_IP', 'SMTP_URL']) delete process.env[k];
    await retireCommissionStaff(t, since);
    await replica.close();
    await t.close();
    await smtp.close();
  });

  const login = (email: string, password = TEST_PASSWORD, from = freshIp()) =>
    t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const me = (app: TestApp, token: string) => app.http().get('/api/v1/users/me').set(bearer(token));
  const eventually = async (check: () => Promise<boolean>, ms = 3000): Promise<boolean> => {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 50))) if (await check()) return true;
    return check();
  };
  const patchUser = async (user: TestUser, changes: object) => {
    const current = await t
      .http()
      .get(`/api/v1/users/${user.id}`)
      .set(bearer(tokenFor(t, admin)));
    const res = await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(bearer(tokenFor(t, admin)))
      .send({ version: current.body.version, ...changes });
    expect(res.status).toBe(200);
  };

  describe('5. every request sees the current role and status', () => {
    it("a demoted institution admin's earlier token can no longer invite, on this replica or another", async () => {
      const demoted = await createUser(t.dataSource, 'institution_admin', inst.id);
      const token = (await login(demoted.email).expect(200)).body.accessToken as string;
      expect((await me(t, token)).status).toBe(200);
      expect((await me(replica, token)).status).toBe(200); // cached on the replica now
      await patchUser(demoted, { role: 'liaison' });
      const invite = await t
        .http()
        .post('/api/v1/users/invitations')
        .set(bearer(token))
        .send({ email: `intruso.${Date.now()}@prueba.gob.gt`, name: 'Intruso', role: 'institution_admin' });
      expect(invite.status).toBe(401);
      expect(invite.body.code).toBe('SESSION_REVOKED');
      expect(await eventually(async () => (await me(replica, token)).status === 401)).toBe(true);
    });

    it("a disabled user's token stops writing at once", async () => {
      const user = await createUser(t.dataSource, 'liaison', inst.id);
      const token = tokenFor(t, user);
      expect(
        (
          await t
            .http()
            .post('/api/v1/procedures')
            .set(bearer(token))
            .send({ code: `D-${Date.now()}`, name: 'Antes de desactivar' })
        ).status,
      ).toBe(201);
      await patchUser(user, { status: 'disabled' });
      expect(
        (
          await t
            .http()
            .post('/api/v1/procedures')
            .set(bearer(token))
            .send({ code: `E-${Date.now()}`, name: 'Después de desactivar' })
        ).status,
      ).toBe(401);
    });

    it('logout and password reset end the access tokens already issued', async () => {
      const user = await createUser(t.dataSource, 'liaison', inst.id);
      const first = (await login(user.email).expect(200)).body;
      const second = (await login(user.email).expect(200)).body;
      await t.http().post('/api/v1/auth/logout').send({ refreshToken: first.refreshToken }).expect(204);
      expect((await me(t, first.accessToken)).status).toBe(401);
      expect((await me(t, second.accessToken)).status).toBe(401);
      // the other session renews itself and goes on
      const renewed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(200);
      expect((await me(t, renewed.body.accessToken)).status).toBe(200);

      await t.http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', freshIp()).send({ email: user.email }).expect(202);
      const token = tokenFromMail(await smtp.waitFor((m) => m.to.includes(user.email)));
      await t
        .http()
        .post('/api/v1/auth/password-reset/confirm')
        .set('X-Forwarded-For', freshIp())
        .send({ token, password: 'una frase nueva y larga 2026' })
        .expect(204);
      expect((await me(t, renewed.body.accessToken)).status).toBe(401);
    });
  });

  describe('2. no unauthenticated argon2 work', () => {
    it('checks the token before hashing, and limits both endpoints per address', async () => {
      const hasher = t.app.get(PasswordHasher);
      const hash = jest.spyOn(hasher, 'hash');
      try {
        const from = freshIp();
        for (const path of ['/api/v1/auth/invitations/accept', '/api/v1/auth/password-reset/confirm']) {
          const res = await t
            .http()
            .post(path)
            .set('X-Forwarded-For', from)
            .send({ token: 'x'.repeat(43), password: 'una frase bastante larga 2026' });
          expect(res.status).toBe(400);
          expect(res.body.code).toBe('TOKEN_INVALID');
        }
        expect(hash).not.toHaveBeenCalled();
        const statuses: number[] = [];
        for (let n = 0; n < 3; n++) {
          statuses.push(
            (
              await t
                .http()
                .post('/api/v1/auth/password-reset/confirm')
                .set('X-Forwarded-For', from)
                .send({ token: 'y'.repeat(43), password: 'una frase bastante larga 2026' })
            ).status,
          );
        }
        expect(statuses).toEqual([400, 400, 429]);
        expect(hash).not.toHaveBeenCalled();
      } finally {
        hash.mockRestore();
      }
    });
  });

  describe('7. no account oracles', () => {
    it('answers a password reset before doing any work for the account, exactly as for an unknown address', async () => {
      const user = await createUser(t.dataSource, 'liaison', inst.id);
      const auth = t.app.get(AuthService);
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const issue = jest.spyOn(auth, 'issuePasswordReset').mockImplementation(() => gate);
      try {
        const known = await t.http().post('/api/v1/auth/password-reset').set('X-Forwarded-For', freshIp()).send({ email: user.email });
        const unknown = await t
          .http()
          .post('/api/v1/auth/password-reset')
          .set('X-Forwarded-For', freshIp())
          .send({ email: 'nadie.aqui@prueba.gob.gt' });
        expect(known.status).toBe(202);
        expect(known.body).toEqual(unknown.body);
        expect(issue).toHaveBeenCalledTimes(2); // the account-specific work was still pending when both answers went out
      } finally {
        release();
        issue.mockRestore();
      }
    });

    it('answers an invitation the same way whether or not the address has an account elsewhere', async () => {
      const instAdmin = await createUser(t.dataSource, 'institution_admin', inst.id);
      const elsewhere = await createUser(t.dataSource, 'liaison', other.id);
      const token = tokenFor(t, instAdmin);
      const fresh = `nueva.${Date.now()}@prueba.gob.gt`;
      const a = await t
        .http()
        .post('/api/v1/users/invitations')
        .set(bearer(token))
        .send({ email: elsewhere.email, name: 'Persona Uno', role: 'liaison' });
      const b = await t
        .http()
        .post('/api/v1/users/invitations')
        .set(bearer(token))
        .send({ email: fresh, name: 'Persona Dos', role: 'liaison' });
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(Object.keys(a.body).sort()).toEqual(Object.keys(b.body).sort());
      expect(a.body.message.replace(elsewhere.email, '')).toBe(b.body.message.replace(fresh, ''));
      // the existing account's holder is told; no second account, and nothing moved to the inviter's institution
      const notice = await smtp.waitFor((m) => m.to.includes(elsewhere.email));
      expect(notice.subject).toContain('ya tiene una cuenta');
      expect(notice.text).not.toMatch(/token=/);
      const invitation = await smtp.waitFor((m) => m.to.includes(fresh));
      expect(tokenFromMail(invitation)).toBeTruthy();
      const [row] = await asScope(t.dataSource, 'admin', null, (em) =>
        em.query(`SELECT institution_id FROM users WHERE email = $1`, [elsewhere.email]),
      );
      expect(row.institution_id).toBe(other.id);
    });

    it('says «La invitación no es válida» (15)', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/invitations/accept')
        .set('X-Forwarded-For', freshIp())
        .send({ token: 'z'.repeat(43), password: 'una frase bastante larga 2026' });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^La invitación no es válida/);
    });
  });

  describe('8. lockout per account and source, with progressive delays', () => {
    it('locks the attacking address out of the account, not the owner, and doubles the wait', async () => {
      const victim = await createUser(t.dataSource, 'analyst', null);
      const attacker = freshIp();
      for (let n = 0; n < 2; n++) await login(victim.email, 'no es la contraseña', attacker).expect(401);
      const first = await login(victim.email, 'no es la contraseña', attacker).expect(429);
      const firstWait = Number(first.headers['retry-after']);
      expect(firstWait).toBeGreaterThan(0);
      await login(victim.email, TEST_PASSWORD, attacker).expect(429); // even with the right password, from there
      await login(victim.email, TEST_PASSWORD, freshIp()).expect(200); // the owner, from elsewhere, gets in

      // once the lock has run out, the next failure from the same address locks for twice as long
      const limiter = t.app.get(RateLimiter);
      const pair = `login:pair:${createHash('sha256').update(victim.email).digest('hex')}:${t.app.get(NetworkKeys).of(attacker)}`;
      await t.app.get<Redis>(REDIS).del(`${process.env.QUEUE_PREFIX}:rl:${pair}:lock`);
      expect(await limiter.lockedFor(pair)).toBe(0);
      const second = await login(victim.email, 'no es la contraseña', attacker).expect(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThanOrEqual(2 * firstWait - 1);
    });
  });

  describe('11. row-level security pins identity and administrative audit rows', () => {
    const asUser = <T>(user: TestUser, fn: (em: EntityManager) => Promise<T>) =>
      t.dataSource.transaction(async (em) => {
        await em.query(
          `SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true), set_config('app.user_id', $2, true)`,
          [user.institutionId ?? '', user.id],
        );
        return fn(em);
      });

    it('a transaction bound to a user cannot rewrite its own role or institution', async () => {
      const self = await createUser(t.dataSource, 'institution_admin', inst.id);
      await expect(
        asUser(self, (em) => em.query(`UPDATE users SET role = 'admin', institution_id = NULL WHERE id = $1`, [self.id])),
      ).rejects.toThrow();
      await expect(asUser(self, (em) => em.query(`UPDATE users SET role = 'liaison' WHERE id = $1`, [self.id]))).rejects.toThrow();
      await expect(
        asUser(self, (em) => em.query(`UPDATE users SET institution_id = $2 WHERE id = $1`, [self.id, other.id])),
      ).rejects.toThrow();
      await expect(
        asUser(self, (em) =>
          em.query(`UPDATE users SET status = 'active', session_generation = session_generation - 1 WHERE id = $1`, [self.id]),
        ),
      ).rejects.toThrow();
      // its own harmless fields still change, and its administrator may still change a colleague's role
      await asUser(self, (em) => em.query(`UPDATE users SET name = 'Nombre nuevo' WHERE id = $1`, [self.id]));
      const colleague = await createUser(t.dataSource, 'liaison', inst.id);
      await asUser(self, (em) => em.query(`UPDATE users SET role = 'institution_admin' WHERE id = $1`, [colleague.id]));
      const [row] = await asScope(t.dataSource, 'admin', null, (em) =>
        em.query(`SELECT role, institution_id FROM users WHERE id = $1`, [self.id]),
      );
      expect(row).toEqual({ role: 'institution_admin', institution_id: inst.id });
    });

    it('audit rows without an institution come only from administrative scope', async () => {
      const liaison = await createUser(t.dataSource, 'liaison', inst.id);
      const insert = (em: EntityManager) =>
        em.query(
          `INSERT INTO audit_events (actor_kind, entity, entity_id, action, institution_id) VALUES ('user', 'methodology', 'x', 'forged', NULL)`,
        );
      await expect(asUser(liaison, insert)).rejects.toThrow(/row-level security/);
      await expect(asScope(t.dataSource, 'tenant', null, insert)).rejects.toThrow(/row-level security/);
      await asScope(t.dataSource, 'admin', null, insert);
      // Commission staff still sign in, and their sign-in is audited without an institution
      const analyst = await createUser(t.dataSource, 'analyst', null);
      await login(analyst.email).expect(200);
    });
  });

  describe('12. personal data only to the roles that need it', () => {
    it("hides login addresses and invitees' e-mails from liaisons in the audit trail", async () => {
      const instAdmin = await createUser(t.dataSource, 'institution_admin', inst.id);
      const colleague = await createUser(t.dataSource, 'liaison', inst.id);
      const liaison = await createUser(t.dataSource, 'liaison', inst.id);
      await login(colleague.email, TEST_PASSWORD, '10.66.1.2').expect(200);
      const invitee = `invitada.${Date.now()}@prueba.gob.gt`;
      await t
        .http()
        .post('/api/v1/users/invitations')
        .set(bearer(tokenFor(t, instAdmin)))
        .send({ email: invitee, name: 'Persona Invitada', role: 'liaison' })
        .expect(202);
      await smtp.waitFor((m) => m.to.includes(invitee));
      const trail = async (viewer: TestUser) => {
        const res = await t
          .http()
          .get('/api/v1/audit-events?entity=user&pageSize=100')
          .set(bearer(tokenFor(t, viewer)));
        expect(res.status).toBe(200);
        return JSON.stringify(res.body.items);
      };
      const seenByLiaison = await trail(liaison);
      expect(seenByLiaison).toContain(colleague.id); // the events are there
      expect(seenByLiaison).not.toContain('10.66.1.2');
      expect(seenByLiaison).not.toContain(invitee);
      const seenByAdmin = await trail(admin);
      expect(seenByAdmin).toContain('10.66.1.2');
      expect(seenByAdmin).toContain(invitee);
    });

    it("hides Commission staff's e-mail addresses from institution admins in the outbox", async () => {
      const instAdmin = await createUser(t.dataSource, 'institution_admin', inst.id);
      const analyst = await createUser(t.dataSource, 'analyst', null);
      const liaison = await createUser(t.dataSource, 'liaison', inst.id);
      await asScope(t.dataSource, 'admin', null, (em) =>
        em.query(
          `INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, recipient_email, reason, delivery,
                                    days_until_due, evaluated_on, payload, status, sent_at)
         SELECT $1, r.id, r.kind, 'milestone', gen_random_uuid(), CURRENT_DATE - 14, 'escalation-14', u.id, u.email, u.reason, 'immediate', -14, CURRENT_DATE, '{}', 'sent', now()
           FROM reminder_rules r, (VALUES ($2::uuid, $3, 'analyst_unassigned'), ($4::uuid, $5, 'liaison')) AS u(id, email, reason)
          WHERE r.code = 'milestone-overdue'`,
          [inst.id, analyst.id, analyst.email, liaison.id, liaison.email],
        ),
      );
      const res = await t
        .http()
        .get(`/api/v1/notifications/outbox?pageSize=200`)
        .set(bearer(tokenFor(t, instAdmin)));
      expect(res.status).toBe(200);
      const byRecipient = new Map(res.body.items.map((i: Json) => [i.recipientId, i]));
      expect((byRecipient.get(analyst.id) as Json).recipientEmail).toBeNull();
      expect((byRecipient.get(liaison.id) as Json).recipientEmail).toBe(liaison.email);
      const asAnalyst = await t
        .http()
        .get(`/api/v1/notifications/outbox?institutionId=${inst.id}&pageSize=200`)
        .set(bearer(tokenFor(t, analyst)));
      expect(asAnalyst.body.items.find((i: Json) => i.recipientId === analyst.id).recipientEmail).toBe(analyst.email);
    });
  });
});

describe('Security review — bad input is a 400, never a 500 (finding 6)', () => {
  let t: TestApp;
  let liaison: TestUser;
  let inst: TestInstitution;

  beforeAll(async () => {
    t = await createTestApp();
    inst = await createInstitution(t.dataSource, 'Ministerio de Entradas');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
  });
  afterAll(() => t.close());

  const expect400 = (res: { status: number; body: Json }) => {
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(res.body.message).toMatch(/[áéíóúñ]|solicitud|campo/i);
  };

  it.each([
    '/api/public/v1/institutions/%00',
    '/api/public/v1/procedures?q=%00',
    '/api/public/v1/procedures/%00/X',
    '/api/public/v1/procedures?institution=MINECO%00',
    '/api/v1/procedures?q=a%00b',
  ])('GET %s (a NUL byte) → 400', async (path) => {
    const res = await t
      .http()
      .get(path)
      .set(bearer(tokenFor(t, liaison)))
      .set('X-Forwarded-For', freshIp());
    expect400(res);
  });

  it('refuses a NUL byte in a JSON body, and JSON nested 10,000 levels deep, before validation', async () => {
    const token = tokenFor(t, liaison);
    expect400(await t.http().post('/api/v1/procedures').set(bearer(token)).send({ code: 'NUL-1', name: 'Con\u0000nulo' }));
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expect400(await t.http().post('/api/v1/procedures').set(bearer(token)).set('Content-Type', 'application/json').send(deep));
    expect400(
      await t
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"email":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
    );
  });

  // feeGtq and inPersonVisits are nullable: null is "sin dato" (unknown), not 0 (issue #12) — see the test below
  const procedureFields = ['name', 'code', 'channels', 'audience', 'foreignTrade', 'prioritized', 'status'];
  const requirementFields = ['name', 'evidenceType', 'issuer', 'legalBasisType', 'obtainableByInteroperability'];

  it.each(procedureFields)('PATCH a procedure with %s: null → 400 naming the field, row unchanged', async (field) => {
    const token = tokenFor(t, liaison);
    const p = (
      await t
        .http()
        .post('/api/v1/procedures')
        .set(bearer(token))
        .send({ code: `NN-${field}`, name: 'Trámite sin nulos' })
        .expect(201)
    ).body;
    const res = await t
      .http()
      .patch(`/api/v1/procedures/${p.id}`)
      .set(bearer(token))
      .send({ version: p.version, [field]: null });
    expect400(res);
    expect(res.body.details).toEqual([{ field, messages: [expect.stringMatching(/no puede ser nulo/)] }]);
    expect((await t.http().get(`/api/v1/procedures/${p.id}`).set(bearer(token))).body.version).toBe(p.version);
  });

  it.each(['feeGtq', 'inPersonVisits'])(
    'PATCH a procedure with %s: null → 200, the figure becomes unknown (declared nullable)',
    async (field) => {
      const token = tokenFor(t, liaison);
      const p = (
        await t
          .http()
          .post('/api/v1/procedures')
          .set(bearer(token))
          .send({ code: `NU-${field}`, name: 'Trámite con dato desconocido', [field]: field === 'feeGtq' ? '10.00' : 1 })
          .expect(201)
      ).body;
      const res = await t
        .http()
        .patch(`/api/v1/procedures/${p.id}`)
        .set(bearer(token))
        .send({ version: p.version, [field]: null })
        .expect(200);
      expect(res.body[field]).toBeNull();
    },
  );

  it.each(requirementFields)('PATCH a requirement with %s: null → 400 naming the field', async (field) => {
    const token = tokenFor(t, liaison);
    const p = (
      await t
        .http()
        .post('/api/v1/procedures')
        .set(bearer(token))
        .send({ code: `NR-${field}`, name: 'Trámite', requirements: [{ name: 'DPI' }] })
        .expect(201)
    ).body;
    const reqs = (await t.http().get(`/api/v1/procedures/${p.id}/requirements`).set(bearer(token)).expect(200)).body;
    const r = (reqs.items ?? reqs)[0];
    const res = await t
      .http()
      .patch(`/api/v1/requirements/${r.id}`)
      .set(bearer(token))
      .send({ version: r.version, [field]: null });
    expect400(res);
    expect(res.body.details).toEqual([{ field, messages: [expect.stringMatching(/no puede ser nulo/)] }]);
  });

  it('14. refuses an upload whose declared size is over the limit before reading any of it', async () => {
    // The app's own server, listening on a free port (app.close() stops it with the rest).
    const server = t.app.getHttpServer() as http.Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    {
      const { port } = server.address() as AddressInfo;
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/inventory/imports',
            headers: {
              ...bearer(tokenFor(t, liaison)),
              'Content-Type': 'multipart/form-data; boundary=x',
              'Content-Length': String(61 * 1024 * 1024),
            },
          },
          (res) => {
            res.resume();
            req.destroy();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
        req.write('--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK'); // and never the rest
      });
      expect(status).toBe(413);
    }
  }, 10_000);

  it('still clears a nullable field with null', async () => {
    const token = tokenFor(t, liaison);
    const p = (
      await t
        .http()
        .post('/api/v1/procedures')
        .set(bearer(token))
        .send({ code: 'NULABLE', name: 'Trámite', description: 'Algo' })
        .expect(201)
    ).body;
    const res = await t.http().patch(`/api/v1/procedures/${p.id}`).set(bearer(token)).send({ version: p.version, description: null });
    expect(res.status).toBe(200);
    expect(res.body.description).toBeNull();
  });
});
