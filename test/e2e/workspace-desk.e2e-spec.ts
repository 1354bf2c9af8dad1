import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { addDays } from '../../src/modules/notifications/reminder-format';
import {
  asScope,
  auditTrail,
  createInstitution,
  createMilestone,
  createPlan,
  createProcedure,
  createScoreSnapshots,
  TestInstitution,
} from '../helpers/factories';
import { useWorld } from '../helpers/world';
import { pageClient, PageClient } from '../helpers/workspace-client';

const today = todayInGuatemala();
const year = Number(today.slice(0, 4));

/** The institution codes of the board's rows, in order (each row carries data-code). */
const boardCodes = (html: string, among: string[]): string[] =>
  [...html.matchAll(/<tr class="govuk-table__row" data-code="([^"]+)"/g)].map((m) => m[1]).filter((c) => among.includes(c));
/** The row of an institution on the board. */
const boardRow = (html: string, code: string): string => {
  const start = html.indexOf(`data-code="${code}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</tr>', start));
};

describe('Workspace: the Commission desk (tablero, atrasos, institución, nacional, inicio)', () => {
  const w = useWorld({ label: 'del Escritorio' });
  let analyst: PageClient;
  let admin: PageClient;
  let liaison: PageClient;
  let c: TestInstitution;
  let codes: string[];
  let milestoneId: string;

  beforeAll(async () => {
    const ds = w.t.dataSource;
    // C: no procedure, nobody: both callouts; opted in (the coverage filter), another sector.
    c = await createInstitution(ds, 'Municipalidad C del Escritorio');
    await asScope(ds, 'admin', null, async (em) => {
      await em.query(`UPDATE institutions SET type = 'secretariat', sector = 'Salud' WHERE id = $1`, [w.b.id]);
      await em.query(
        `UPDATE institutions SET type = 'municipality', coverage = 'opted_in', opted_in_at = '2022-01-15', adhesion_act = 'Acta 1-2022', sector = 'Gobierno local' WHERE id = $1`,
        [c.id],
      );
    });
    codes = [w.a.code, w.b.code, c.code];
    await createProcedure(ds, w.a.id);
    await createProcedure(ds, w.b.id);
    // Scores: A 60 → 70 (+10), B 55 → 50 (−5) over 30 days; C has none (no inventory).
    await createScoreSnapshots(w.t, w.a.id, { [addDays(today, -30)]: 60, [today]: 70 });
    await createScoreSnapshots(w.t, w.b.id, { [addDays(today, -30)]: 55, [today]: 50 });
    // A: an approved plan with a milestone ten days overdue, reminded to its liaison.
    const plan = await createPlan(ds, w.a.id, { periodStart: `${year - 1}-01-01`, periodEnd: `${year + 1}-12-31`, status: 'approved' });
    milestoneId = (await createMilestone(ds, plan, { target: 'Pago en línea del Escritorio', dueDate: addDays(today, -10) })).id;
    await asScope(ds, 'admin', null, async (em) => {
      await em.query(
        `INSERT INTO notifications (institution_id, rule_id, kind, subject_type, subject_id, due_date, stage, recipient_id, recipient_email, reason, delivery,
                                    days_until_due, evaluated_on, payload, status, sent_at)
         SELECT $1, r.id, r.kind, 'milestone', $2, $3::date, 'overdue-7', $4, 'x@prueba.gob.gt', 'liaison', 'immediate', -7, $5::date,
                jsonb_build_object('item', 'Pago en línea del Escritorio', 'institutionName', 'A', 'path', '/app/plan'), 'sent', now() - interval '3 days'
           FROM reminder_rules r WHERE r.kind = 'milestone_overdue' LIMIT 1`,
        [w.a.id, milestoneId, addDays(today, -10), w.liaisonA.id, addDays(today, -3)],
      );
      // B: a plan waiting for the Commission's review for 20 days.
      await em.query(`SELECT set_config('app.scope', 'tenant', true), set_config('app.institution_id', $1, true)`, [w.b.id]);
      await em.query(
        `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, status, submitted_at)
         VALUES ($1, 'Plan B esperando revisión', $2, $3, 'submitted', now() - interval '20 days')`,
        [w.b.id, `${year}-01-01`, `${year}-12-31`],
      );
    });
    // A's liaison acted yesterday (the board's last activity).
    await asScope(ds, 'tenant', w.a.id, (em) =>
      em.query(
        `INSERT INTO audit_events (actor_kind, actor_user_id, actor_role, institution_id, entity, entity_id, action, occurred_at)
         VALUES ('user', $1, 'liaison', $2, 'procedure', 'x', 'update', now() - interval '1 day')`,
        [w.liaisonA.id, w.a.id],
      ),
    );
    analyst = pageClient(w.t, '10.91.0.1');
    admin = pageClient(w.t, '10.91.0.2');
    liaison = pageClient(w.t, '10.91.0.3');
    await analyst.signIn(w.analyst.email);
    await admin.signIn(w.admin.email);
    await liaison.signIn(w.liaisonA.email);
  });

  it('answers a liaison 404 on every page of the desk (and on follow)', async () => {
    for (const path of ['/app/tablero', '/app/atrasos', '/app/nacional', `/app/instituciones/${w.a.code}`]) {
      const res = await liaison.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain(w.b.name);
    }
    await liaison.get('/app');
    expect((await liaison.post(`/app/instituciones/${w.a.code}/seguir`, {})).status).toBe(404);
  });

  it('ranks the institutions by score, trend, overdue items and last activity', async () => {
    const order = async (sort: string) => boardCodes((await analyst.get(`/app/tablero?sort=${sort}`)).text, codes);
    expect(await order('-score')).toEqual([w.a.code, w.b.code, c.code]); // unknown last, never as zero
    expect(await order('score')).toEqual([w.b.code, w.a.code, c.code]);
    expect(await order('-trend')).toEqual([w.a.code, w.b.code, c.code]);
    expect(await order('trend')).toEqual([w.b.code, w.a.code, c.code]);
    expect((await order('-overdue'))[0]).toBe(w.a.code);
    expect((await order('-activity'))[0]).toBe(w.a.code);
    expect((await order('activity')).at(-1)).toBe(w.a.code);
    const page = await analyst.get('/app/tablero');
    expect(page.status).toBe(200);
    expect(boardRow(page.text, w.a.code)).toContain('70.0');
    expect(boardRow(page.text, w.a.code)).toContain('+10.0');
    expect(boardRow(page.text, w.b.code)).toContain('−5.0');
    expect(boardRow(page.text, c.code)).toContain('sin puntaje');
    expect(boardRow(page.text, w.a.code)).toContain(`href="/app/instituciones/${w.a.code}"`);
  });

  it('filters by type, coverage and sector, and refuses a bad value beside its field', async () => {
    expect(boardCodes((await analyst.get('/app/tablero?type=secretariat')).text, codes)).toEqual([w.b.code]);
    expect(boardCodes((await analyst.get('/app/tablero?coverage=opted_in')).text, codes)).toEqual([c.code]);
    expect(boardCodes((await analyst.get('/app/tablero?sector=Salud')).text, codes)).toEqual([w.b.code]);
    const bad = await analyst.get('/app/tablero?type=planeta&sort=sideways');
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('id="f-type-error"');
    expect(boardCodes(bad.text, codes)).toEqual([w.a.code, w.b.code, c.code]);
  });

  it('calls out the institutions without inventory and without an active liaison', async () => {
    const page = await analyst.get('/app/tablero');
    expect(page.text).toContain('govuk-warning-text');
    expect(page.text).toMatch(/no tienen? inventario/);
    expect(page.text).toMatch(/ningún enlace ni administrador activo/);
    const rowC = boardRow(page.text, c.code);
    expect(rowC).toContain('Sin inventario');
    expect(rowC).toContain('Sin enlace activo');
    expect(boardRow(page.text, w.a.code)).not.toContain('Sin enlace activo');
    expect(boardCodes((await analyst.get('/app/tablero?attention=true')).text, codes)).toEqual([c.code]);
  });

  it('lists everything behind with its institution, age and the last reminder sent; filters by kind and threshold', async () => {
    const page = await analyst.get('/app/atrasos');
    expect(page.status).toBe(200);
    const row = page.text.slice(
      page.text.indexOf('Pago en línea del Escritorio') - 600,
      page.text.indexOf('Pago en línea del Escritorio') + 400,
    );
    expect(row).toContain(w.a.name);
    expect(row).toContain('10 días');
    expect(row).toContain('Usuario liaison'); // the reminder's recipient
    expect(page.text).toContain('Plan B esperando revisión');
    expect(page.text).toContain('data-kind="no_active_liaison"');
    expect(page.text).toContain('data-kind="report_missing"');
    const milestones = await analyst.get('/app/atrasos?kind=milestone_overdue');
    expect(milestones.text).toContain('Pago en línea del Escritorio');
    expect(milestones.text).not.toContain('Plan B esperando revisión');
    expect(milestones.text).not.toContain('data-kind="report_missing"');
    const patient = await analyst.get('/app/atrasos?kind=plan_review_waiting&days=30');
    expect(patient.text).not.toContain('Plan B esperando revisión');
    const bad = await analyst.get('/app/atrasos?days=-3');
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('id="f-days-error"');
    expect(bad.text).toContain('Plan B esperando revisión'); // the default threshold applies
  });

  it('shows an institution read-only with its outbox and audit trail, and follow / unfollow are audited', async () => {
    expect((await analyst.get('/app/instituciones/NOEXISTE')).status).toBe(404);
    const page = await analyst.get(`/app/instituciones/${w.a.code}`);
    expect(page.status).toBe(200);
    for (const text of [
      w.a.name,
      '70.0',
      'Pago en línea del Escritorio',
      'Avisos enviados (1)',
      'Regla «',
      'Usuario liaison',
      'Registro de cambios',
    ])
      expect([text, page.text.includes(text)]).toEqual([text, true]);
    expect(page.text).not.toContain('<form method="post" action="/app/inventario'); // read-only: no liaison forms
    const noToken = await analyst.post(`/app/instituciones/${w.a.code}/seguir`, {}, { csrf: false });
    expect(noToken.status).toBe(403);
    const follow = await analyst.post(`/app/instituciones/${w.a.code}/seguir`, {});
    expect(follow.status).toBe(303);
    const after = await analyst.get(`/app/instituciones/${w.a.code}`);
    expect(after.text).toContain('Dejar de seguir');
    expect(after.text).toContain('Comenzó a dar seguimiento'); // its own audit row, with the analyst's name
    expect(boardCodes((await analyst.get('/app/tablero?followed=true')).text, codes)).toEqual([w.a.code]);
    expect((await analyst.get('/app/atrasos?followed=true')).text).not.toContain('Plan B esperando revisión');
    const unfollow = await analyst.post(`/app/instituciones/${w.a.code}/dejar-de-seguir`, {});
    expect(unfollow.status).toBe(303);
    const [follow1] = (
      await w.t.http().get(`/api/v1/audit-events?institutionId=${w.a.id}&entity=analyst_follow&pageSize=10`).set(w.as(w.admin)).expect(200)
    ).body.items as Array<{ entityId: string }>;
    expect(await auditTrail(w.t, w.admin, follow1.entityId)).toEqual(['follow', 'unfollow']);
    expect((await analyst.get(`/app/instituciones/${w.a.code}`)).text).toContain('Seguir esta institución');
    // An administrator reads the same page but does not follow in their own name.
    const asAdmin = await admin.get(`/app/instituciones/${c.code}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.text).toContain('Sin enlace activo');
    expect(asAdmin.text).not.toContain('Seguir esta institución');
  });

  it('shows the national figures with their filters and the burden saved', async () => {
    const page = await analyst.get('/app/nacional');
    expect(page.status).toBe(200);
    expect(page.text).toContain('60.0'); // mean of 70 and 50
    expect(page.text).toContain('Carga administrativa ahorrada');
    expect(page.text).toContain('Valor de una hora');
    const filtered = await analyst.get('/app/nacional?type=secretariat');
    expect(filtered.text).toMatch(/id="puntaje-nacional">50\.0</);
    expect((await analyst.get('/app/nacional?coverage=nada')).text).toContain('id="f-coverage-error"');
  });

  it("makes the Commission's home a summary linking to each section", async () => {
    const home = await analyst.get('/app');
    expect(home.status).toBe(200);
    expect(home.text).not.toContain('en preparación');
    for (const href of ['/app/revision', '/app/atrasos', '/app/tablero?followed=true', '/app/nacional'])
      expect(home.text).toContain(`href="${href}"`);
    expect(home.text).toMatch(/id="cuenta-por-revisar">1</); // B's plan
  });
});
