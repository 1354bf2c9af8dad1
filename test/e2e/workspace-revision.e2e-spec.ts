import { asScope, createPlan, createProcedure, createProgressReport, TestProcedure } from '../helpers/factories';
import { useWorld } from '../helpers/world';
import { pageClient, PageClient } from '../helpers/workspace-client';

/** The active model's criteria up to a level (all true), the rest false. */
const LEVELS: Record<number, string[]> = {
  1: ['info_published'],
  2: ['forms_online_free'],
  3: ['online_filing'],
  4: ['online_payment', 'electronic_notification', 'electronic_result', 'no_visit'],
  5: ['interoperability', 'advanced_e_signature', 'online_tracking'],
};
const answersUpTo = (level: number) =>
  Object.fromEntries(Object.entries(LEVELS).flatMap(([l, keys]) => keys.map((k) => [k, Number(l) <= level] as const)));

describe('Workspace: Revisión (the Commission reviews assessments, plans and reports)', () => {
  const w = useWorld({ label: 'de Revisión' });
  let analyst: PageClient;
  let liaison: PageClient;
  let proc: TestProcedure;

  const submitAssessment = async (level: number) =>
    (
      await w.t
        .http()
        .post(`/api/v1/procedures/${proc.id}/assessments`)
        .set(w.as(w.liaisonA))
        .send({ answers: answersUpTo(level), evidenceUrl: 'https://www.ejemplo.gob.gt/registro' })
        .expect(201)
    ).body as { id: string };

  const statusOf = (id: string) =>
    asScope(w.t.dataSource, 'tenant', w.a.id, async (em) => {
      const [row] = await em.query(`SELECT status::text, review_comment FROM maturity_assessments WHERE id = $1`, [id]);
      return row as { status: string; review_comment: string | null };
    });

  beforeAll(async () => {
    proc = await createProcedure(w.t.dataSource, w.a.id, { name: 'Registro revisado', inPersonVisits: 2 });
    analyst = pageClient(w.t, '10.84.0.1');
    await analyst.signIn(w.analyst.email);
    liaison = pageClient(w.t, '10.84.0.2');
    await liaison.signIn(w.liaisonA.email);
  });

  it('a liaison (or institution admin) gets 404 on every Revisión page; the API queue answers 403', async () => {
    const a = await submitAssessment(1);
    for (const path of ['/app/revision', `/app/revision/evaluaciones/${a.id}`, '/app/revision?tipo=planes']) {
      expect((await liaison.get(path)).status).toBe(404);
    }
    expect((await liaison.post(`/app/revision/evaluaciones/${a.id}`, { decision: 'validar' })).status).toBe(404);
    expect((await statusOf(a.id)).status).toBe('submitted');
    await w.t.http().get('/api/v1/review-queue').set(w.as(w.liaisonA)).expect(403);
    await w.t.http().get('/api/v1/review-queue').set(w.as(w.adminA)).expect(403);
  });

  it('the queue lists assessments, plans and reports oldest first with their age, by kind and by "instituciones que sigo"', async () => {
    const a = await submitAssessment(4);
    const plan = await createPlan(w.t.dataSource, w.a.id, { title: 'Plan en revisión', status: 'draft' });
    await w.t.http().post(`/api/v1/plans/${plan.id}/submit`).set(w.as(w.liaisonA)).expect(200);
    const report = await createProgressReport(w.t.dataSource, w.liaisonA, { year: 2026, quarter: 2 });
    await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
      em.query(`UPDATE progress_reports SET updated_at = now() - interval '20 days' WHERE id = $1`, [report.id]),
    );
    const page = await analyst.get('/app/revision');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/app/revision/evaluaciones/${a.id}`);
    expect(page.text).toContain(`/app/revision/planes/${plan.id}`);
    expect(page.text).toContain(`/app/revision/informes/${report.id}`);
    // oldest first: the report (20 days) before the plan submitted today
    expect(page.text.indexOf(`/app/revision/informes/${report.id}`)).toBeLessThan(page.text.indexOf(`/app/revision/planes/${plan.id}`));
    expect(page.text).toContain('20 días');
    const plans = await analyst.get('/app/revision?tipo=planes');
    expect(plans.text).toContain(`/app/revision/planes/${plan.id}`);
    expect(plans.text).not.toContain(`/app/revision/evaluaciones/${a.id}`);
    // nobody followed yet → the followed filter shows none of A's; after following A, all of them
    expect((await analyst.get('/app/revision?sigo=si')).text).not.toContain(a.id);
    await w.t.http().post('/api/v1/analyst-follows').set(w.as(w.analyst)).send({ institutionId: w.a.id }).expect(201);
    expect((await analyst.get('/app/revision?sigo=si')).text).toContain(a.id);
    const api = (await w.t.http().get('/api/v1/review-queue?kind=assessment&pageSize=200').set(w.as(w.analyst)).expect(200)).body;
    expect(api.items.find((i: { id: string }) => i.id === a.id)).toMatchObject({
      kind: 'assessment',
      institutionId: w.a.id,
      level: 4,
      followed: true,
      ageDays: 0,
    });
    expect(api.items.every((i: { kind: string }) => i.kind === 'assessment')).toBe(true);
  });

  it('an assessment shows the record beside the declaration with the warnings; rejecting needs a comment beside the field', async () => {
    const a = await submitAssessment(4);
    const page = await analyst.get(`/app/revision/evaluaciones/${a.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Registro del trámite');
    expect(page.text).toContain('Declara nivel 4 (sin visitas), pero el registro del trámite tiene 2 visitas presenciales.');
    expect(page.text).toContain('https://www.ejemplo.gob.gt/registro');
    const refused = await analyst.post(`/app/revision/evaluaciones/${a.id}`, { decision: 'rechazar', comment: ' ' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="f-comment-error"');
    expect(refused.text).toContain('Escriba el motivo del rechazo');
    expect((await statusOf(a.id)).status).toBe('submitted');
    const done = await analyst.post(`/app/revision/evaluaciones/${a.id}`, {
      decision: 'rechazar',
      comment: 'Registre 0 visitas o baje el nivel.',
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/app/revision');
    expect(await statusOf(a.id)).toEqual({ status: 'rejected', review_comment: 'Registre 0 visitas o baje el nivel.' });
    const again = await analyst.post(`/app/revision/evaluaciones/${a.id}`, { decision: 'validar' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('ya fue rechazada');
  });

  it('a plan is approved with its act, or returned with a comment; a report accepted', async () => {
    const plan = await createPlan(w.t.dataSource, w.a.id, { title: 'Plan a aprobar' });
    await w.t.http().post(`/api/v1/plans/${plan.id}/submit`).set(w.as(w.liaisonA)).expect(200);
    expect((await analyst.get(`/app/revision/planes/${plan.id}`)).text).toContain('Aprobar el plan');
    const noAct = await analyst.post(`/app/revision/planes/${plan.id}`, { decision: 'aprobar', approvalAct: '' });
    expect(noAct.status).toBe(400);
    expect(noAct.text).toContain('id="f-approvalAct-error"');
    const ok = await analyst.post(`/app/revision/planes/${plan.id}`, {
      decision: 'aprobar',
      approvalAct: 'Resolución 7-2026',
      comment: '',
    });
    expect(ok.status).toBe(303);
    const p = (await w.t.http().get(`/api/v1/plans/${plan.id}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(p).toMatchObject({ status: 'approved', approvalAct: 'Resolución 7-2026' });

    const report = await createProgressReport(w.t.dataSource, w.liaisonA, { year: 2026, quarter: 3 });
    const noComment = await analyst.post(`/app/revision/informes/${report.id}`, { decision: 'devolver', comment: '' });
    expect(noComment.status).toBe(400);
    expect(noComment.text).toContain('id="f-comment-error"');
    expect((await analyst.post(`/app/revision/informes/${report.id}`, { decision: 'aceptar', comment: '' })).status).toBe(303);
    const r = (await w.t.http().get(`/api/v1/progress-reports/${report.id}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(r.status).toBe('accepted');
  });
});
