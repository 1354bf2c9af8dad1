import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { anonymousActor } from '../../src/common/auth/actor';
import { AppException } from '../../src/common/errors/app.exception';
import { WebhooksService } from '../../src/modules/public-api/webhooks/webhooks.service';
import { asScope, bearer, createInstitution, createProcedure, createRequirement, createUser, tokenFor, TestInstitution, TestUser } from '../helpers/factories';
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

describe('Security review — public API (findings 1, 4, 9, 10, 13)', () => {
  let t: TestApp;
  let admin: TestUser;
  let inst: TestInstitution;
  let liaison: TestUser;
  let readKey: string;
  let manageKey: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_API_RATE_LIMIT_PER_MINUTE: '5', WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' } });
    admin = await createUser(t.dataSource, 'admin', null);
    inst = await createInstitution(t.dataSource, 'Ministerio de Seguridad');
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    const key = async (scopes: string[]) => {
      const res = await t.http().post('/api/v1/partner-api-keys').set(bearer(tokenFor(t, admin))).send({ name: 'Revisión', scopes, rateLimitPerMinute: 1000 });
      expect(res.status).toBe(201);
      return res.body.key as string;
    };
    readKey = await key(['public:read']);
    manageKey = await key(['webhooks:manage']);
  });
  afterAll(async () => {
    delete process.env.PUBLIC_API_RATE_LIMIT_PER_MINUTE;
    delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
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
      const req = method === 'GET' ? t.http().get(path) : t.http().post(path).send({ url: 'https://example.org/hook', events: ['procedure_created'] });
      const res = await req.set('X-API-Key', readKey).set('X-Forwarded-For', freshIp());
      expect(res.status).toBe(404);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('a public:read key cannot list, create, deactivate or read deliveries of webhooks', async () => {
      const id = '00000000-0000-4000-8000-000000000000';
      const calls = [
        t.http().get('/api/public/v1/webhooks'),
        t.http().post('/api/public/v1/webhooks').send({ url: 'https://example.org/hook', events: ['procedure_created'] }),
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
      const readOnly = { ...anonymousActor('r'), kind: 'partner' as const, partnerKeyId: '00000000-0000-4000-8000-000000000000', partnerScopes: ['public:read'] };
      await expect(webhooks.list(readOnly)).rejects.toMatchObject({ status: 403 });
      await expect(webhooks.list(anonymousActor('r'))).rejects.toBeInstanceOf(AppException);
    });
  });

  describe('9. invalid X-API-Key requests count against the IP limit', () => {
    it('answers 429 once an address has spent its anonymous allowance on bad keys', async () => {
      const from = freshIp();
      const statuses: number[] = [];
      for (let n = 0; n < 7; n++) {
        const res = await t.http().get('/api/public/v1/methodology').set('X-Forwarded-For', from)
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
    const nasty = ['=HYPERLINK("http://evil.example/x","click")', '+cmd|\' /C calc\'!A0', '-2+3', '@SUM(1,2)', '\tTab inicial', '\rRetorno inicial'];

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
      const res = await t.http().get('/api/v1/inventory/export.xlsx').set(bearer(tokenFor(t, liaison))).buffer(true).parse(binary);
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
      await asScope(t.dataSource, 'tenant', gone.id, (em) => em.query(
        `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, is_public) VALUES ($1, $2, 'procedure', $2, 'create', true)`,
        [gone.id, p.id],
      ));
      await asScope(t.dataSource, 'admin', null, (em) => em.query(`UPDATE institutions SET active = false WHERE id = $1`, [gone.id]));
    });

    it('leaves a deactivated institution out of institutions.csv and of the change feed', async () => {
      const res = await t.http().get('/api/public/v1/export/institutions.csv').set('X-API-Key', readKey);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain(gone.code);
      let since = '';
      const seen: Json[] = [];
      for (;;) {
        const page = await t.http().get(`/api/public/v1/changes?limit=500${since ? `&since=${since}` : ''}`).set('X-API-Key', readKey);
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        since = page.body.nextCursor;
        if (!page.body.hasMore) break;
      }
      expect(seen.filter((c) => c.institutionCode === gone.code)).toEqual([]);
    });

    it('publishes in the public change log only fields of the public schema', async () => {
      const token = tokenFor(t, liaison);
      const created = await t.http().post('/api/v1/procedures').set(bearer(token)).send({ code: 'LOG-1', name: 'Trámite con bitácora', description: 'Antes' });
      expect(created.status).toBe(201);
      const patched = await t.http().patch(`/api/v1/procedures/${created.body.id}`).set(bearer(token))
        .send({ version: created.body.version, description: 'Después', lastReviewedAt: '2026-01-15', formsFree: true, declaredLevel: 0 });
      expect(patched.status).toBe(200);
      const detail = await t.http().get(`/api/public/v1/procedures/${inst.code}/LOG-1`).set('X-API-Key', readKey);
      expect(detail.status).toBe(200);
      const fields = detail.body.changes.map((c: Json) => c.field);
      expect(fields).toContain('description');
      const published = new Set([...Object.keys(detail.body), ...Object.keys(detail.body.maturity), null]);
      for (const f of fields) expect(published).toContain(f);
      expect(fields).not.toEqual(expect.arrayContaining(['lastReviewedAt']));
    });
  });

  describe('13. webhook targets', () => {
    it.each([
      ['https://[::ffff:0:7f00:1]/hook', 'IPv4-translated loopback'],
      ['https://[::ffff:0:a9fe:a9fe]/hook', 'IPv4-translated metadata address'],
      ['https://93.184.216.34:8443/hook', 'a port other than 443'],
      ['https://example.org:22/hook', 'the SSH port'],
    ])('refuses %s (%s)', async (url) => {
      const res = await t.http().post('/api/public/v1/webhooks').set('X-API-Key', manageKey).set('X-Forwarded-For', freshIp())
        .send({ url, events: ['procedure_created'] });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toMatch(/dirección no pública|puerto/);
    });
  });
});
