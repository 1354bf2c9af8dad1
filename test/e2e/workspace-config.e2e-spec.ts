import Redis from 'ioredis';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { createInstitution, createUser, TestUser } from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';
import { REDIS } from '../../src/redis/redis.module';
import { pageClient, PageClient } from '../helpers/workspace-client';
import { SmtpListener, startSmtpListener } from '../helpers/smtp-listener';

/** The audit actions recorded for an entity (read in the administrative scope). */
const auditActions = async (t: TestApp, entityId: string): Promise<string[]> =>
  t.dataSource.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', 'admin', true)`);
    const rows: Array<{ action: string }> = await em.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [entityId]);
    return rows.map((r) => r.action);
  });

const idFrom = (location: string | undefined): string => String(location).split('/').pop()!;

/**
 * Configuración (issue 15, item 5): the administrators' pages over the API's services. Each sub-page: a validation
 * message beside its field, a success (303 with a notice, audited), and 404 for analysts and liaisons.
 */
describe('Workspace: Configuración (administrators)', () => {
  let t: TestApp;
  let admin: TestUser;
  let analyst: TestUser;
  let liaison: TestUser;
  let receiver: http.Server;
  let receiverUrl: string;
  const received: string[] = [];
  let answer = 200;
  let seq = 0;
  const client = (): PageClient => pageClient(t, `10.88.${Math.floor(++seq / 250)}.${(seq % 250) + 1}`);
  let a: PageClient;
  let smtp: SmtpListener;
  let instId: string;

  beforeAll(async () => {
    smtp = await startSmtpListener();
    t = await createTestApp({ worker: true, env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', SMTP_URL: smtp.url } });
    const inst = await createInstitution(t.dataSource, 'Ministerio de Configuración');
    admin = await createUser(t.dataSource, 'admin', null);
    analyst = await createUser(t.dataSource, 'analyst', null);
    liaison = await createUser(t.dataSource, 'liaison', inst.id);
    instId = inst.id;
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push(body);
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/recibir`;
    a = client();
    await a.signIn(admin.email);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await smtp?.close();
  }, 60_000);

  it('answers 404 to analysts and liaisons on every configuration page, 200 to an administrator', async () => {
    const paths = [
      '/app/configuracion',
      '/app/configuracion/llaves',
      '/app/configuracion/llaves/nueva',
      '/app/configuracion/webhooks',
      '/app/configuracion/webhooks/nueva',
      '/app/configuracion/recordatorios',
      '/app/configuracion/recordatorios/nueva',
      '/app/configuracion/plazos-legales',
      '/app/configuracion/plazos-legales/nuevo',
      '/app/configuracion/instituciones',
      '/app/configuracion/instituciones/nueva',
      '/app/configuracion/usuarios',
      '/app/configuracion/usuarios/invitar',
      '/app/configuracion/modelos-madurez',
      '/app/configuracion/modelos-madurez/nuevo',
      '/app/configuracion/metodologias',
      '/app/configuracion/metodologias/nueva',
    ];
    for (const who of [analyst, liaison]) {
      const c = client();
      await c.signIn(who.email);
      for (const path of paths) expect([path, (await c.get(path)).status]).toEqual([path, 404]);
      // A write is refused the same way (the form token is valid: only the role is wrong).
      expect(
        (await c.post('/app/configuracion/llaves/nueva', { name: 'Intrusa', scopes: 'public:read', rateLimitPerMinute: '5' })).status,
      ).toBe(404);
    }
    for (const path of paths) expect([path, (await a.get(path)).status]).toEqual([path, 200]);
    const index = await a.get('/app/configuracion');
    for (const section of ['Llaves de socios', 'Webhooks', 'Reglas de recordatorio', 'Usuarios e invitaciones'])
      expect(index.text).toContain(section);
  });

  it('partner keys: a message beside the field; the new key shown once; revocation after confirming; audited', async () => {
    await a.get('/app/configuracion/llaves/nueva');
    const bad = await a.post('/app/configuracion/llaves/nueva', { name: 'x', rateLimitPerMinute: 'mucho' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-name-error"/);
    expect(bad.text).toMatch(/id="f-rateLimitPerMinute-error"/);
    expect(bad.text).toMatch(/id="f-scopes-error"|Hay un problema/);
    const before = Number((await t.dataSource.query(`SELECT count(*)::int AS n FROM partner_api_keys`))[0].n);
    expect(before).toBeGreaterThanOrEqual(0);

    const created = await a.post('/app/configuracion/llaves/nueva', {
      name: 'AGEXPORT — tablero',
      scopes: 'public:read',
      rateLimitPerMinute: '120',
    });
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.location);
    // Between the POST and the page it redirects to, the session in Redis holds the key sealed, never in clear text.
    const redis = t.app.get<Redis>(REDIS);
    const sessions = await redis.keys(`${process.env.QUEUE_PREFIX}:sess:*`);
    const stored = (await Promise.all(sessions.map((k) => redis.get(k)))).join('\n');
    expect(stored).toContain('"revealOnce"');
    expect(stored).not.toMatch(/smp_[0-9a-f]{8}_/);
    const page = await a.get(created.headers.location);
    expect(page.status).toBe(200);
    const key = /(smp_[0-9a-f]{8}_[A-Za-z0-9_-]{43})/.exec(page.text)?.[1];
    expect(key).toBeDefined();
    expect(page.text).toContain('Se creó la llave');
    // The key works on the public API, and the page never shows it again.
    expect((await t.http().get('/api/public/v1/institutions').set('X-API-Key', key!)).status).toBe(200);
    const again = await a.get(`/app/configuracion/llaves/${id}`);
    expect(again.text).not.toContain(key!);
    expect(again.text).not.toMatch(/smp_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/);
    expect(again.text).toMatch(/1 solicitud en 30 días/);
    expect((await a.get('/app/configuracion/llaves')).text).toContain('AGEXPORT — tablero');

    const confirm = await a.get(`/app/configuracion/llaves/${id}/revocar`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('¿Revocar la llave');
    const revoked = await a.post(`/app/configuracion/llaves/${id}/revocar`, {});
    expect(revoked.status).toBe(303);
    expect((await a.get(revoked.headers.location)).text).toContain('Se revocó la llave');
    expect((await t.http().get('/api/public/v1/institutions').set('X-API-Key', key!)).status).toBe(401);
    expect(await auditActions(t, id)).toEqual(['create', 'revoke']);
    // Without the form token nothing happens.
    expect(
      (
        await a.post(
          '/app/configuracion/llaves/nueva',
          { name: 'Sin token', scopes: 'public:read', rateLimitPerMinute: '5' },
          { csrf: false },
        )
      ).status,
    ).toBe(403);
    expect((await a.get(`/app/configuracion/llaves/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('webhooks: subscribe for a key (secret once), send a test event, see it in the log, replay a failure, deactivate', async () => {
    const key = await a.post('/app/configuracion/llaves/nueva', {
      name: 'Socio con webhooks',
      scopes: 'webhooks:manage',
      rateLimitPerMinute: '60',
    });
    const keyId = idFrom(key.headers.location);
    await a.get(key.headers.location);

    const form = await a.get(`/app/configuracion/webhooks/nueva?llave=${keyId}`);
    expect(form.text).toContain(`value="${keyId}" selected`);
    const bad = await a.post('/app/configuracion/webhooks/nueva', { partnerKeyId: keyId, url: 'no es una url' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-url-error"/);
    expect(bad.text).toMatch(/id="f-events-error"/);
    const noKey = await a.post('/app/configuracion/webhooks/nueva', { url: receiverUrl, events: 'procedure_created' });
    expect(noKey.status).toBe(400);
    expect(noKey.text).toMatch(/id="f-partnerKeyId-error"/);

    const created = await a.post('/app/configuracion/webhooks/nueva', {
      partnerKeyId: keyId,
      url: receiverUrl,
      events: ['procedure_created', 'level_validated'] as unknown as string,
    });
    expect(created.status).toBe(303);
    const subId = idFrom(created.headers.location);
    const first = await a.get(created.headers.location);
    const secretShown = /(whsec_[A-Za-z0-9_-]+)/.exec(first.text)?.[1];
    expect(secretShown).toBeDefined();
    expect((await a.get(`/app/configuracion/webhooks/${subId}`)).text).not.toContain(secretShown!);
    expect((await a.get('/app/configuracion/webhooks')).text).toContain(receiverUrl);
    expect((await a.get(`/app/configuracion/llaves/${keyId}`)).text).toContain(receiverUrl);

    const sent = await a.post(`/app/configuracion/webhooks/${subId}/prueba`, {});
    expect(sent.status).toBe(303);
    await waitUntil(async () => received.some((b) => b.includes('webhook_test')));
    const delivered = await waitForLog(a, subId, 'Entregada');
    expect(delivered).toContain('evento de prueba');

    // A receiver that fails: after the retries the delivery is "fallida" and can be replayed.
    answer = 500;
    const [{ id: deliveryId }] = await t.dataSource.query(`SELECT id FROM webhook_deliveries WHERE subscription_id = $1`, [subId]);
    await t.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'failed', attempts = 5, last_status_code = 500, last_error = 'El receptor respondió 500' WHERE id = $1`,
      [deliveryId],
    );
    const log = await a.get(`/app/configuracion/webhooks/${subId}`);
    expect(log.text).toContain('Fallida');
    expect(log.text).toContain(`/entregas/${deliveryId}/reenviar`);
    answer = 200;
    const replayed = await a.post(`/app/configuracion/webhooks/${subId}/entregas/${deliveryId}/reenviar`, {});
    expect(replayed.status).toBe(303);
    expect((await a.get(replayed.headers.location)).text).toContain(`Se reenvió la entrega n.º ${deliveryId}`);
    await waitForLog(a, subId, 'Entregada');
    expect((await a.post(`/app/configuracion/webhooks/${subId}/entregas/999999999/reenviar`, {})).status).toBe(404);

    expect((await a.get(`/app/configuracion/webhooks/${subId}/desactivar`)).text).toContain('¿Desactivar la suscripción?');
    const off = await a.post(`/app/configuracion/webhooks/${subId}/desactivar`, {});
    expect(off.status).toBe(303);
    const after = await a.get(off.headers.location);
    expect(after.text).toContain('Se desactivó la suscripción');
    expect(after.text).not.toContain('Enviar evento de prueba');
    expect(await auditActions(t, subId)).toEqual(['create', 'send_test', 'replay', 'deactivate']);
  }, 90_000);

  it('reminder rules: create one (message beside a field first), edit it, deactivate after confirming, activate again; audited', async () => {
    const list = await a.get('/app/configuracion/recordatorios');
    expect(list.text).toContain('Hito próximo a vencer');
    await a.get('/app/configuracion/recordatorios/nueva');
    const bad = await a.post('/app/configuracion/recordatorios/nueva', {
      code: 'Mala Clave',
      name: 'Aviso a 60 días',
      kind: 'milestone_due',
      offsets: '60, pronto',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-code-error"/);
    expect(bad.text).toMatch(/id="f-offsets-error"/);
    const code = `hito_60_${Date.now().toString(36)}`;
    const created = await a.post('/app/configuracion/recordatorios/nueva', {
      code,
      name: 'Hito a 60 días',
      kind: 'milestone_due',
      offsets: '60',
      recipients: 'liaison',
      enabled: 'true',
    });
    expect(created.status).toBe(303);
    const [rule] = await t.dataSource.query(`SELECT id, version, template, offsets, enabled FROM reminder_rules WHERE code = $1`, [code]);
    expect(rule).toMatchObject({ template: 'reminder-milestone-due', offsets: [60], enabled: true });
    expect((await a.get('/app/configuracion/recordatorios')).text).toContain('Se creó la regla «Hito a 60 días»');
    const duplicate = await a.post('/app/configuracion/recordatorios/nueva', {
      code,
      name: 'Otra',
      kind: 'milestone_due',
      offsets: '5',
      recipients: 'liaison',
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.text).toMatch(/id="f-code-error"/);

    const edit = await a.get(`/app/configuracion/recordatorios/${rule.id}`);
    expect(edit.status).toBe(200);
    const noRecipients = await a.post(`/app/configuracion/recordatorios/${rule.id}`, {
      version: String(rule.version),
      name: 'Hito a 60 días',
      offsets: '60',
    });
    expect(noRecipients.status).toBe(400);
    expect(noRecipients.text).toMatch(/id="f-recipients-error"/);
    const saved = await a.post(`/app/configuracion/recordatorios/${rule.id}`, {
      version: String(rule.version),
      name: 'Hito a 60 y 45 días',
      offsets: '60, 45',
      recipients: ['liaison', 'institution_admin'] as unknown as string,
    });
    expect(saved.status).toBe(303);
    const stale = await a.post(`/app/configuracion/recordatorios/${rule.id}`, {
      version: String(rule.version),
      name: 'Vieja',
      offsets: '1',
      recipients: 'liaison',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Otra persona guardó esta regla');

    const confirm = await a.get(`/app/configuracion/recordatorios/${rule.id}/desactivar`);
    expect(confirm.text).toContain('¿Desactivar la regla');
    const version = /name="version" value="(\d+)"/.exec(confirm.text)![1];
    expect((await a.post(`/app/configuracion/recordatorios/${rule.id}/desactivar`, { version })).status).toBe(303);
    const [off] = await t.dataSource.query(`SELECT enabled, version, offsets, recipients FROM reminder_rules WHERE id = $1`, [rule.id]);
    expect(off).toMatchObject({ enabled: false, offsets: [60, 45], recipients: ['liaison', 'institution_admin'] });
    expect((await a.post(`/app/configuracion/recordatorios/${rule.id}/activar`, { version: String(off.version) })).status).toBe(303);
    expect(await auditActions(t, rule.id)).toEqual(['create', 'update', 'update', 'update']);
  });

  it('legal deadlines: register (message beside the date first), edit, delete after confirming; audited', async () => {
    await a.get('/app/configuracion/plazos-legales/nuevo');
    const bad = await a.post('/app/configuracion/plazos-legales/nuevo', {
      code: 'plazo_x',
      name: 'Plazo de prueba',
      coverage: 'bound',
      dueDate: '31/08/2023',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-dueDate-error"/);
    const code = `plazo_${Date.now().toString(36)}`;
    const created = await a.post('/app/configuracion/plazos-legales/nuevo', {
      code,
      name: 'Plazo de prueba',
      coverage: 'opted_in',
      dueDate: '2027-02-28',
      requiresApprovedPlan: 'true',
    });
    expect(created.status).toBe(303);
    const [d] = await t.dataSource.query(`SELECT id, version, requires_approved_plan AS plan FROM legal_deadlines WHERE code = $1`, [code]);
    expect(d.plan).toBe(true);
    expect((await a.get('/app/configuracion/plazos-legales')).text).toContain('Plazo de prueba');
    const edited = await a.post(`/app/configuracion/plazos-legales/${d.id}`, {
      version: String(d.version),
      code,
      name: 'Plazo de prueba corregido',
      coverage: 'opted_in',
      dueDate: '2027-03-31',
      requiredLevel: '4',
    });
    expect(edited.status).toBe(303);
    const [after] = await t.dataSource.query(
      `SELECT name, due_date::text AS due, required_level AS level, requires_approved_plan AS plan FROM legal_deadlines WHERE id = $1`,
      [d.id],
    );
    expect(after).toEqual({ name: 'Plazo de prueba corregido', due: '2027-03-31', level: 4, plan: false });
    expect((await a.get(`/app/configuracion/plazos-legales/${d.id}/eliminar`)).text).toContain('¿Eliminar el plazo legal');
    expect((await a.post(`/app/configuracion/plazos-legales/${d.id}/eliminar`, {})).status).toBe(303);
    expect(await t.dataSource.query(`SELECT 1 FROM legal_deadlines WHERE id = $1`, [d.id])).toEqual([]);
    expect(await auditActions(t, d.id)).toEqual(['create', 'update', 'delete']);
  });

  it('institutions: search, register (message beside the act of adhesion first), edit; audited', async () => {
    const found = await a.get(`/app/configuracion/instituciones?q=${encodeURIComponent('Configuración')}`);
    expect(found.text).toContain('Ministerio de Configuración');
    expect((await a.get('/app/configuracion/instituciones?q=zzzz-nada')).text).toContain('Ninguna institución coincide');
    await a.get('/app/configuracion/instituciones/nueva');
    const code = `CFG${Date.now().toString(36).toUpperCase().slice(-5)}`;
    const bad = await a.post('/app/configuracion/instituciones/nueva', {
      code,
      name: 'Municipalidad de Prueba',
      type: 'municipality',
      coverage: 'opted_in',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-optedInAt-error"/);
    const created = await a.post('/app/configuracion/instituciones/nueva', {
      code,
      name: 'Municipalidad de Prueba',
      type: 'municipality',
      coverage: 'opted_in',
      optedInAt: '2024-05-01',
      adhesionAct: 'Acta 1-2024 del Concejo',
      sector: 'Gobierno local',
    });
    expect(created.status).toBe(303);
    const [i] = await t.dataSource.query(`SELECT id, version FROM institutions WHERE code = $1`, [code]);
    const page = await a.get(created.headers.location);
    expect(page.text).toContain(`Se registró la institución ${code}`);
    const again = await a.post('/app/configuracion/instituciones/nueva', { code, name: 'Repetida', type: 'ministry', coverage: 'bound' });
    expect(again.status).toBe(409);
    // The code already taken is said beside the code field, not above the form.
    expect(again.text).toMatch(/id="f-code-error"[^>]*>[\s\S]*?Ya existe una institución con las siglas/);
    const edited = await a.post(`/app/configuracion/instituciones/${i.id}`, {
      version: String(i.version),
      code,
      name: 'Municipalidad de Prueba Renombrada',
      type: 'municipality',
      coverage: 'opted_in',
      optedInAt: '2024-05-01',
      adhesionAct: 'Acta 1-2024 del Concejo',
      sector: '',
      active: 'true',
    });
    expect(edited.status).toBe(303);
    const [after] = await t.dataSource.query(`SELECT name, sector, active FROM institutions WHERE id = $1`, [i.id]);
    expect(after).toEqual({ name: 'Municipalidad de Prueba Renombrada', sector: null, active: true });
    expect(await auditActions(t, i.id)).toEqual(['create', 'update']);
  });

  it('institutions: the article of the name — deduced when left blank, chosen, or none; a wrong one is a message beside the field', async () => {
    const form = await a.get('/app/configuracion/instituciones/nueva');
    expect(form.text).toMatch(/<select[^>]*name="article"/);
    const code = `ART${Date.now().toString(36).toUpperCase().slice(-5)}`;
    const fields = { code, name: 'Secretaría de Prueba', type: 'ministry', coverage: 'bound' };
    const bad = await a.post('/app/configuracion/instituciones/nueva', { ...fields, article: 'lo' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-article-error"[^]*?Debe ser uno de: el, la, los, las/);
    expect(await t.dataSource.query(`SELECT 1 FROM institutions WHERE code = $1`, [code])).toEqual([]);
    expect((await a.post('/app/configuracion/instituciones/nueva', { ...fields, article: '' })).status).toBe(303);
    const [i] = await t.dataSource.query(`SELECT id, version, article FROM institutions WHERE code = $1`, [code]);
    expect(i.article).toBe('la');
    const edit = await a.get(`/app/configuracion/instituciones/${i.id}`);
    expect(edit.text).toMatch(/<option value="la" selected/);
    const badEdit = await a.post(`/app/configuracion/instituciones/${i.id}`, {
      ...fields,
      article: 'le',
      version: String(i.version),
      active: 'true',
    });
    expect(badEdit.status).toBe(400);
    expect(badEdit.text).toMatch(/id="f-article-error"/);
    const none = await a.post(`/app/configuracion/instituciones/${i.id}`, {
      ...fields,
      article: 'ninguno',
      version: String(i.version),
      active: 'true',
    });
    expect(none.status).toBe(303);
    const again = await a.get(`/app/configuracion/instituciones/${i.id}`);
    expect(again.text).toMatch(/<option value="ninguno" selected/);
    const [v2] = await t.dataSource.query(`SELECT version FROM institutions WHERE id = $1`, [i.id]);
    expect(
      (await a.post(`/app/configuracion/instituciones/${i.id}`, { ...fields, article: 'los', version: String(v2.version), active: 'true' }))
        .status,
    ).toBe(303);
    const rows = await t.dataSource.query(`SELECT article FROM institutions WHERE id = $1`, [i.id]);
    expect(rows).toEqual([{ article: 'los' }]);
    expect(await auditActions(t, i.id)).toEqual(['create', 'update', 'update']);
  });

  it('users: invite (message beside the e-mail first; the link lands on /app/activar-cuenta), resend, disable after confirming; audited', async () => {
    await a.get('/app/configuracion/usuarios/invitar');
    const bad = await a.post('/app/configuracion/usuarios/invitar', {
      name: 'Ana Enlace',
      email: 'no-es-correo',
      role: 'liaison',
      institutionId: instId,
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-email-error"/);
    const noInstitution = await a.post('/app/configuracion/usuarios/invitar', {
      name: 'Ana Enlace',
      email: 'ana@prueba.gob.gt',
      role: 'liaison',
    });
    expect(noInstitution.status).toBe(400);
    expect(noInstitution.text).toMatch(/id="f-institutionId-error"/);
    const email = `ana.${Date.now().toString(36)}@prueba.gob.gt`;
    const invited = await a.post('/app/configuracion/usuarios/invitar', {
      name: 'Ana Enlace',
      email,
      role: 'liaison',
      institutionId: instId,
    });
    expect(invited.status).toBe(303);
    const first = await smtp.waitFor((m) => m.to.includes(email));
    expect(first.text).toMatch(/\/app\/activar-cuenta\?token=/);
    let user: { id: string } | undefined;
    await waitUntil(async () => {
      [user] = await t.dataSource.transaction(async (em) => {
        await em.query(`SELECT set_config('app.scope', 'admin', true)`);
        return em.query(`SELECT id FROM users WHERE email = $1`, [email]);
      });
      return !!user;
    });
    const listed = await a.get('/app/configuracion/usuarios?estado=invited');
    expect(listed.text).toContain(email);
    const detail = await a.get(`/app/configuracion/usuarios/${user!.id}`);
    expect(detail.text).toContain('Reenviar la invitación');
    const resent = await a.post(`/app/configuracion/usuarios/${user!.id}/reenviar`, {});
    expect(resent.status).toBe(303);
    expect((await a.get(resent.headers.location)).text).toContain(`Se envió una invitación nueva a ${email}`);
    await smtp.waitFor((m) => m.to.includes(email) && m !== first);
    // The person activates the account with the second link; the first stops working.
    const links = smtp.mails.filter((m) => m.to.includes(email)).map((m) => /\/app\/activar-cuenta\?token=([^\s"&<]+)/.exec(m.text)![1]);
    expect(links).toHaveLength(2);
    const activation = pageClient(t, '10.88.200.1');
    expect((await activation.get(`/app/activar-cuenta?token=${links[1]}`)).status).toBe(200);

    const confirm = await a.get(`/app/configuracion/usuarios/${user!.id}/desactivar`);
    expect(confirm.text).toContain('¿Desactivar la cuenta de Ana Enlace?');
    const version = /name="version" value="(\d+)"/.exec(confirm.text)![1];
    const off = await a.post(`/app/configuracion/usuarios/${user!.id}/desactivar`, { version });
    expect(off.status).toBe(303);
    expect((await a.get(off.headers.location)).text).toContain('Se desactivó la cuenta de Ana Enlace');
    expect(await auditActions(t, user!.id)).toEqual(['invite', 'resend_invitation', 'update']);
    // An administrator cannot disable their own account from here either.
    expect((await a.get(`/app/configuracion/usuarios/${admin.id}`)).text).not.toContain('Desactivar esta cuenta');
  }, 60_000);

  it('maturity models: a draft from the version in force (message beside a criterion first), compared side by side, published after confirming; audited', async () => {
    const form = await a.get('/app/configuracion/modelos-madurez/nuevo');
    expect(form.status).toBe(200);
    // The form starts from the version in force: one name and one criteria box per level, plus an empty one.
    const level = (i: number, html: string) => ({
      name: new RegExp(`id="f-level-${i}-name" name="level_${i}_name" type="text" value="([^"]*)"`).exec(html)?.[1] ?? '',
      criteria: new RegExp(`name="level_${i}_criteria"[^>]*>([^<]*)</textarea>`).exec(html)?.[1] ?? '',
    });
    const body: Record<string, string> = { name: 'Escala v2 con pago en línea' };
    for (let i = 0; i <= 6; i++) {
      const l = level(i, form.text);
      body[`level_${i}_name`] = unescapeHtml(l.name);
      body[`level_${i}_criteria`] = unescapeHtml(l.criteria);
    }
    expect(body.level_1_name).not.toBe('');
    expect(body.level_6_name).toBe('');
    const bad = await a.post('/app/configuracion/modelos-madurez/nuevo', {
      ...body,
      level_3_criteria: `${body.level_3_criteria}\nPago En Línea | El pago se hace en línea`,
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/id="f-level-3-criteria-error"/);
    const created = await a.post('/app/configuracion/modelos-madurez/nuevo', {
      ...body,
      level_1_name: 'Informativo en línea',
      level_3_criteria: `${body.level_3_criteria}\nonline_payment_v2 | El pago se hace en línea`,
    });
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.location);
    const draft = await a.get(created.headers.location);
    expect(draft.text).toContain('Borrador');
    expect(draft.text).toContain('Criterio nuevo');
    expect(draft.text).toContain('Otro nombre');
    expect(draft.text).toMatch(/2 cambios respecto de la versión vigente/);
    expect((await a.get('/app/configuracion/modelos-madurez')).text).toContain('Escala v2 con pago en línea');
    const confirm = await a.get(`/app/configuracion/modelos-madurez/${id}/publicar`);
    expect(confirm.text).toContain('¿Publicar la versión');
    expect((await a.post(`/app/configuracion/modelos-madurez/${id}/publicar`, {})).status).toBe(303);
    const [row] = await t.dataSource.query(`SELECT active FROM maturity_models WHERE id = $1`, [id]);
    expect(row.active).toBe(true);
    expect(await auditActions(t, id)).toEqual(['create', 'activate']);
  }, 60_000);

  it('methodologies: a draft whose weights do not add up is refused with the reason; a valid one is compared and published; audited', async () => {
    const form = await a.get('/app/configuracion/metodologias/nueva');
    expect(form.status).toBe(200);
    const body: Record<string, string> = {};
    for (const m of form.text.matchAll(/<input class="govuk-input[^"]*" id="[^"]+" name="([^"]+)" type="text" value="([^"]*)"/g))
      body[m[1]] = m[2];
    expect(body['procedureWeights.maturity']).toBe('35');
    const bad = await a.post('/app/configuracion/metodologias/nueva', { ...body, name: 'Más madurez', 'procedureWeights.maturity': '40' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Pesos del trámite: los pesos deben sumar 100 (suman 105)');
    const notNumber = await a.post('/app/configuracion/metodologias/nueva', {
      ...body,
      name: 'Más madurez',
      'burden.hourValueGtq': 'veinte',
    });
    expect(notNumber.status).toBe(400);
    expect(notNumber.text).toMatch(/id="f-burden-hourValueGtq-error"/);
    const created = await a.post('/app/configuracion/metodologias/nueva', {
      ...body,
      name: 'Más madurez',
      'procedureWeights.maturity': '40',
      'procedureWeights.freshness': '0',
    });
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.location);
    const draft = await a.get(created.headers.location);
    expect(draft.text).toContain('2 parámetros cambian respecto de la versión vigente');
    expect(draft.text).toContain('+5');
    expect(draft.text).toContain('-5');
    expect((await a.get(`/app/configuracion/metodologias/${id}/publicar`)).text).toContain('¿Publicar la versión');
    expect((await a.post(`/app/configuracion/metodologias/${id}/publicar`, {})).status).toBe(303);
    const [row] = await t.dataSource.query(
      `SELECT active, parameters->'procedureWeights'->>'maturity' AS maturity FROM methodologies WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ active: true, maturity: '40' });
    expect(await auditActions(t, id)).toEqual(['create', 'activate']);
  }, 60_000);
});

const unescapeHtml = (s: string): string =>
  s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The subscription's page once its log shows a delivery in the given state. */
async function waitForLog(c: PageClient, subId: string, state: string): Promise<string> {
  let html = '';
  await waitUntil(async () => {
    html = (await c.get(`/app/configuracion/webhooks/${subId}`)).text;
    return html.includes(`>${state}</strong>`) && !html.includes('>Pendiente</strong>');
  });
  return html;
}
