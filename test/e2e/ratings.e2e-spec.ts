import { Client } from 'pg';
import request from 'supertest';
import { ScoringService } from '../../src/modules/scoring/scoring.service';
import { pageClient } from '../helpers/workspace-client';
import {
  asScope,
  bearer,
  createInstitution,
  createUser,
  tokenFor,
  createProcedure,
  TestInstitution,
  TestProcedure,
} from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

const ORIGIN = 'http://simplifica.test';
const pagePath = (p: TestProcedure, i: TestInstitution) =>
  `/transparencia/tramites/${encodeURIComponent(i.code)}/${encodeURIComponent(p.code)}`;
const tokenOf = (html: string) => /name="_formulario" value="([^"]+)"/.exec(html)?.[1] ?? '';
const GOOD = { overall: '4', clarity: '3', timeTaken: '2', treatment: '5', channel: 'in_person' };

/** One browser: its own cookie jar and network address. */
function citizen(t: TestApp, ip: string) {
  const agent = request.agent(t.app.getHttpServer());
  return {
    agent,
    page: (path: string) => agent.get(path).set('X-Forwarded-For', ip),
    rate: async (path: string, form: Record<string, string>, opts: { origin?: string | null; token?: string } = {}) => {
      const token = opts.token ?? tokenOf((await agent.get(path).set('X-Forwarded-For', ip)).text);
      const req = agent.post(`${path}/valorar`).set('X-Forwarded-For', ip).type('form');
      if (opts.origin !== null) req.set('Origin', opts.origin ?? ORIGIN);
      return req.send({ _formulario: token, sitio_web: '', ...form });
    },
  };
}

describe('Citizens rate a procedure (issue 18)', () => {
  let t: TestApp;
  let ministry: TestInstitution;
  let licence: TestProcedure;
  let other: TestProcedure;
  const rows = async (procedureId: string) =>
    (await asScope(t.dataSource, 'read_all', null, (em) =>
      em.query(`SELECT * FROM procedure_ratings WHERE procedure_id = $1 ORDER BY created_at`, [procedureId]),
    )) as Array<Record<string, unknown>>;

  beforeAll(async () => {
    t = await createTestApp();
    ministry = await createInstitution(t.dataSource, 'Ministerio de Valoraciones');
    licence = await createProcedure(t.dataSource, ministry.id, { name: 'Licencia de prueba' });
    other = await createProcedure(t.dataSource, ministry.id, { name: 'Permiso de prueba' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows the form on the procedure page, saying that no personal data is stored', async () => {
    const res = await citizen(t, '203.0.113.1').page(pagePath(licence, ministry)).expect(200);
    expect(res.text).toContain('Valore este trámite');
    expect(res.text).toContain('No guardamos datos personales');
    expect(res.text).toMatch(/<legend[^>]*>En general, ¿cómo califica el trámite\?<\/legend>/);
    expect(res.text).toContain('name="sitio_web"');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('stores a rating, sets the browser cookie, and refuses a second one from the same browser politely (409)', async () => {
    const c = citizen(t, '203.0.113.2');
    const path = pagePath(licence, ministry);
    const first = await c.rate(path, GOOD);
    expect(first.status).toBe(200);
    expect(first.text).toContain('Gracias por su valoración');
    expect(first.headers['cache-control']).toBe('no-store');
    const cookie = ([] as string[]).concat(first.headers['set-cookie'] ?? []).find((s) => s.startsWith('sf_valoracion_'));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toContain(`Path=${path}/valorar`);
    const stored = await rows(licence.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      overall: 4,
      clarity: 3,
      time_taken: 2,
      treatment: 5,
      channel: 'in_person',
      status: 'counted',
      comment: null,
    });

    // same browser, another network: the cookie refuses it
    const again = await c.agent
      .post(`${path}/valorar`)
      .set('X-Forwarded-For', '203.0.113.99')
      .set('Origin', ORIGIN)
      .type('form')
      .send({ _formulario: tokenOf((await c.page(path)).text), ...GOOD });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Ya valoró este trámite');
    expect(again.text).not.toContain('Error');
    expect(await rows(licence.id)).toHaveLength(1);
  });

  it('refuses a second rating of the same procedure from the same network on the same day (another browser)', async () => {
    const path = pagePath(other, ministry);
    expect((await citizen(t, '203.0.113.3').rate(path, GOOD)).status).toBe(200);
    const res = await citizen(t, '203.0.113.3').rate(path, GOOD);
    expect(res.status).toBe(409);
    expect(res.text).toContain('desde su conexión');
    expect(await rows(other.id)).toHaveLength(1);
  });

  it('shows messages beside the fields for incomplete answers, keeps them, and stores nothing', async () => {
    const path = pagePath(licence, ministry);
    const res = await citizen(t, '203.0.113.4').rate(path, { overall: '5', channel: 'fax', comment: 'x'.repeat(1001) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('govuk-error-summary');
    expect(res.text).toContain('Elija cuán claros fueron los requisitos de 1 a 5.');
    expect(res.text).toContain('Elija el canal por el que hizo el trámite.');
    expect(res.text).toContain('como máximo 1000 caracteres');
    expect(res.text).toMatch(/id="valorar-overall-5"[^>]*checked/);
    expect(await rows(licence.id)).toHaveLength(1);
  });

  it('refuses a post from another site or without its token (403), and answers a filled honeypot as if accepted, storing nothing', async () => {
    const path = pagePath(licence, ministry);
    const cross = await citizen(t, '203.0.113.5').rate(path, GOOD, { origin: 'https://otro.example' });
    expect(cross.status).toBe(403);
    const none = await citizen(t, '203.0.113.5').rate(path, GOOD, { origin: null });
    expect(none.status).toBe(403);
    const forged = await citizen(t, '203.0.113.5').rate(path, GOOD, { token: 'abc.def' });
    expect(forged.status).toBe(403);
    const otherToken = tokenOf((await citizen(t, '203.0.113.5').page(pagePath(other, ministry))).text);
    expect((await citizen(t, '203.0.113.5').rate(path, GOOD, { token: otherToken })).status).toBe(403);
    const robot = await citizen(t, '203.0.113.5').rate(path, { ...GOOD, sitio_web: 'https://spam.example' });
    expect(robot.status).toBe(200);
    expect(robot.text).toContain('Gracias por su valoración');
    expect(robot.headers['set-cookie']).toBeUndefined();
    expect(await rows(licence.id)).toHaveLength(1);
  });

  it('redacts personal data in a comment before storing it, and keeps it pending moderation', async () => {
    const p = await createProcedure(t.dataSource, ministry.id, { name: 'Constancia con comentario' });
    const res = await citizen(t, '203.0.113.6').rate(pagePath(p, ministry), {
      ...GOOD,
      comment: 'Me atendieron bien. Escríbanme a ana.perez@correo.com o al 5555-1234; mi DPI es 2456789010101 y mi NIT 1234567-8.',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('se publicará cuando la Comisión lo revise');
    const [row] = await rows(p.id);
    expect(row.comment).toBe(
      'Me atendieron bien. Escríbanme a [correo eliminado] o al [teléfono eliminado]; mi DPI es [DPI eliminado] y mi NIT [NIT eliminado].',
    );
    expect(row.comment_status).toBe('pending');
    expect(row.comment_redactions).toBe(4);
    const audit = (await asScope(t.dataSource, 'read_all', null, (em) =>
      em.query(`SELECT after::text AS after FROM audit_events WHERE entity_id = $1`, [row.id]),
    )) as Array<{ after: string }>;
    expect(audit).toHaveLength(1);
    expect(audit.map((a) => a.after).join()).not.toMatch(/ana\.perez|5555-1234|2456789010101/);
    // not published yet
    const page = await citizen(t, '203.0.113.6').page(pagePath(p, ministry));
    expect(page.text).not.toContain('Me atendieron bien');
  });

  it('holds ratings of a burst (many extreme ratings of one procedure in an hour) instead of counting them', async () => {
    const p = await createProcedure(t.dataSource, ministry.id, { name: 'Trámite atacado' });
    const path = pagePath(p, ministry);
    for (let i = 0; i < 6; i++) expect((await citizen(t, `198.18.0.${10 + i}`).rate(path, { ...GOOD, overall: '1' })).status).toBe(200);
    const stored = await rows(p.id);
    expect(stored.map((r) => r.status)).toEqual(['counted', 'counted', 'counted', 'counted', 'held', 'held']);
    expect(stored[4].held_reason).toContain('Ráfaga');
    const page = await citizen(t, '198.18.0.99').page(path);
    expect(page.text).toContain('<strong>4 valoraciones</strong>');
  });

  it('limits a burst from one address, and no table or column stores the address', async () => {
    const ip = '192.0.2.177';
    const statuses: number[] = [];
    for (let i = 0; i < 13; i++) {
      const p = await createProcedure(t.dataSource, ministry.id, { name: `Trámite ${i} de la ráfaga` });
      statuses.push((await citizen(t, ip).rate(pagePath(p, ministry), GOOD)).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429, 429]);
    // every column of every table, read as a superuser (row-level security does not hide a row from this scan)
    const db = new URL(process.env.DATABASE_URL!).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.DATABASE_ADMIN_URL!.replace(/\/[^/]*$/, `/${db}`) });
    await admin.connect();
    try {
      const columns = (
        await admin.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`)
      ).rows as Array<{ table_name: string; column_name: string }>;
      expect(columns.length).toBeGreaterThan(100);
      const found: string[] = [];
      for (const c of columns) {
        const hit = await admin.query(`SELECT 1 FROM "${c.table_name}" WHERE "${c.column_name}"::text LIKE '%' || $1 || '%' LIMIT 1`, [ip]);
        if (hit.rowCount) found.push(`${c.table_name}.${c.column_name}`);
      }
      expect(found).toEqual([]);
      // the scan finds what is there: a rating's channel is found the same way
      const control = await admin.query(`SELECT 1 FROM procedure_ratings WHERE channel::text LIKE '%' || $1 || '%' LIMIT 1`, ['in_per']);
      expect(control.rowCount).toBe(1);
    } finally {
      await admin.end();
    }
  });

  it('moderation: an analyst publishes or rejects (with a reason) comments; the institution replies publicly once; the page shows both', async () => {
    const p = await createProcedure(t.dataSource, ministry.id, { name: 'Registro moderado' });
    const path = pagePath(p, ministry);
    expect((await citizen(t, '203.0.113.40').rate(path, { ...GOOD, comment: 'Tardaron mucho; llamen al 5555-1234.' })).status).toBe(200);
    expect((await citizen(t, '203.0.113.41').rate(path, { ...GOOD, comment: 'Texto ofensivo de prueba' })).status).toBe(200);
    const [good, bad] = await rows(p.id);

    const analyst = pageClient(t, '10.88.0.1');
    await analyst.signIn((await createUser(t.dataSource, 'analyst', null)).email);
    const queue = await analyst.get('/app/opiniones');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain('Tardaron mucho; llamen al [teléfono eliminado].');
    expect(queue.text).not.toContain('5555-1234');

    const noReason = await analyst.post(`/app/opiniones/${bad.id}/moderar`, { decision: 'reject', reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Indique el motivo del rechazo');
    expect((await analyst.post(`/app/opiniones/${bad.id}/moderar`, { decision: 'reject', reason: 'Lenguaje ofensivo' })).status).toBe(303);
    expect((await analyst.post(`/app/opiniones/${good.id}/moderar`, { decision: 'approve' })).status).toBe(303);
    const twice = await analyst.post(`/app/opiniones/${good.id}/moderar`, { decision: 'reject', reason: 'otra vez' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('ya fue moderado');

    let page = await citizen(t, '203.0.113.42').page(path);
    expect(page.text).toContain('Tardaron mucho; llamen al [teléfono eliminado].');
    expect(page.text).not.toContain('Texto ofensivo');

    // another institution's liaison cannot reply (404), the institution's can, once
    const stranger = await createInstitution(t.dataSource, 'Otra institución');
    const outsider = pageClient(t, '10.88.0.2');
    await outsider.signIn((await createUser(t.dataSource, 'liaison', stranger.id)).email);
    await outsider.get('/app/opiniones');
    expect((await outsider.post(`/app/opiniones/${good.id}/responder`, { reply: 'No es nuestro' })).status).toBe(404);

    const liaison = pageClient(t, '10.88.0.3');
    await liaison.signIn((await createUser(t.dataSource, 'liaison', ministry.id)).email);
    const mine = await liaison.get('/app/opiniones');
    expect(mine.text).toContain('Registro moderado');
    expect(mine.text).toContain('Lenguaje ofensivo');
    expect((await liaison.post(`/app/opiniones/${good.id}/responder`, { reply: '' })).status).toBe(400);
    expect(
      (await liaison.post(`/app/opiniones/${good.id}/responder`, { reply: 'Gracias; ampliamos el horario de atención.' })).status,
    ).toBe(303);
    const second = await liaison.post(`/app/opiniones/${good.id}/responder`, { reply: 'Otra respuesta' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('solo se responde una vez');
    expect((await liaison.post(`/app/opiniones/${bad.id}/responder`, { reply: 'A uno rechazado' })).status).toBe(404);
    const [after] = await rows(p.id);
    expect(after.reply).toBe('Gracias; ampliamos el horario de atención.');

    page = await citizen(t, '203.0.113.42').page(path);
    expect(page.text).toContain('Respuesta de la institución');
    expect(page.text).toContain('Gracias; ampliamos el horario de atención.');
    expect(page.text).not.toContain('Otra respuesta');

    // the liaison cannot moderate; an analyst cannot reply
    expect((await liaison.post(`/app/opiniones/${good.id}/moderar`, { decision: 'approve' })).status).toBe(403);
    expect((await analyst.post(`/app/opiniones/${good.id}/responder`, { reply: 'x' })).status).toBe(403);
  });

  it('an analyst counts or discards ratings held by the burst rule', async () => {
    const p = await createProcedure(t.dataSource, ministry.id, { name: 'Ráfaga revisada' });
    const path = pagePath(p, ministry);
    for (let i = 0; i < 6; i++) expect((await citizen(t, `198.18.1.${10 + i}`).rate(path, { ...GOOD, overall: '5' })).status).toBe(200);
    const held = (await rows(p.id)).filter((r) => r.status === 'held');
    expect(held).toHaveLength(2);
    const analyst = pageClient(t, '10.88.0.4');
    await analyst.signIn((await createUser(t.dataSource, 'analyst', null)).email);
    const queue = await analyst.get('/app/opiniones');
    expect(queue.text).toContain('Ráfaga revisada');
    expect((await analyst.post(`/app/opiniones/valoraciones/${held[0].id}/revisar`, { decision: 'count' })).status).toBe(303);
    expect((await analyst.post(`/app/opiniones/valoraciones/${held[1].id}/revisar`, { decision: 'discard' })).status).toBe(303);
    expect((await analyst.post(`/app/opiniones/valoraciones/${held[1].id}/revisar`, { decision: 'count' })).status).toBe(409);
    expect((await rows(p.id)).map((r) => r.status)).toEqual(['counted', 'counted', 'counted', 'counted', 'counted', 'discarded']);
    expect((await citizen(t, '198.18.1.99').page(path)).text).toContain('<strong>5 valoraciones</strong>');
  });

  it('satisfaction: not applicable below 10 ratings of the last 12 months, measured (hand-computed) from the 10th', async () => {
    const p = await createProcedure(t.dataSource, ministry.id, { name: 'Trámite puntuado por usuarios' });
    const path = pagePath(p, ministry);
    const analyst = await createUser(t.dataSource, 'analyst', null);
    const scoring = t.app.get(ScoringService);
    const satisfaction = async () => {
      await scoring.recomputeInstitution(ministry.id);
      const res = await t
        .http()
        .get(`/api/v1/procedures/${p.id}/score`)
        .set(bearer(tokenFor(t, analyst)))
        .expect(200);
      const body = res.body as { score: string; components: Array<Record<string, unknown>> };
      return { score: Number(body.score), c: body.components.find((c) => c.component === 'satisfaction')! };
    };
    // overall marks 4,4,4,4,3,3,3,5,5 then 2: no burst (never 80 % of one extreme mark); mean of ten = 37 / 10 = 3.7
    const marks = [4, 4, 4, 4, 3, 3, 3, 5, 5];
    for (const [i, overall] of marks.entries())
      expect((await citizen(t, `198.19.0.${10 + i}`).rate(path, { ...GOOD, overall: String(overall) })).status).toBe(200);
    const before = await satisfaction();
    expect(before.c).toMatchObject({ value: null, applicable: false, weight: 0 });
    expect(before.c.advice).toBe(
      'No aplica: 9 valoraciones en los últimos 12 meses (media 3,89 de 5); se necesitan al menos 10; su peso se reparte entre los demás componentes',
    );
    expect((await citizen(t, '198.19.0.99').rate(path, { ...GOOD, overall: '2' })).status).toBe(200);
    const after = await satisfaction();
    // 3.7 on the default scale (mean / 5) = 0.74, with the full weight 10 (every other component applies or not as before)
    expect(after.c).toMatchObject({ value: 0.74, applicable: true, inputs: { averageRating: 3.7, ratingCount: 10, minRatings: 10 } });
    expect(after.c.advice).toBe(
      'Media de 3,70 de 5 en 10 valoraciones de los últimos 12 meses; mejorar lo que los usuarios señalan en sus comentarios',
    );
    // the points of the component are its value × its effective weight, and the score moved by exactly that mix
    expect(Number(after.c.points)).toBeCloseTo(0.74 * Number(after.c.weight), 1);
    expect(after.score).not.toBe(before.score);
  });
});
