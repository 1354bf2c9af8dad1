import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { asScope, auditTrail, createProcedure, TestProcedure, TestUser } from '../helpers/factories';
import { useWorld } from '../helpers/world';

/** Dates relative to today in Guatemala, so the on-time / late / overdue cases hold whenever the suite runs. */
const today = todayInGuatemala();
const days = (n: number): string => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('Simplification plans, milestones and rationalisation actions', () => {
  const w = useWorld({ label: 'de Planes' });
  let procA: TestProcedure;
  let procB: TestProcedure;

  const counts = () =>
    asScope(w.t.dataSource, 'read_all', null, async (em) => {
      const [row] =
        await em.query(`SELECT (SELECT count(*) FROM simplification_plans)::int AS plans, (SELECT count(*) FROM milestones)::int AS milestones,
        (SELECT count(*) FROM rationalisation_actions)::int AS actions, (SELECT count(*) FROM audit_events)::int AS audit`);
      return row as { plans: number; milestones: number; actions: number; audit: number };
    });
  const auditActions = (entityId: string) => auditTrail(w.t, w.admin, entityId);

  /** A draft plan of institution A over [start, end] with the given milestones; returns ids. */
  const draftPlan = async (
    user: TestUser,
    periodStart: string,
    periodEnd: string,
    milestones: Array<{ dueDate: string; procedureId?: string }> = [],
  ) => {
    const plan = (
      await w.t
        .http()
        .post('/api/v1/plans')
        .set(w.as(user))
        .send({ title: `Plan ${periodStart}`, periodStart, periodEnd })
        .expect(201)
    ).body;
    const ids: string[] = [];
    for (const [i, m] of milestones.entries()) {
      const res = await w.t
        .http()
        .post(`/api/v1/plans/${plan.id}/milestones`)
        .set(w.as(user))
        .send({ kind: 'reduce_time', target: `Meta ${i + 1}`, ...m })
        .expect(201);
      ids.push(res.body.id);
    }
    return { plan, milestoneIds: ids };
  };

  beforeAll(async () => {
    procA = await createProcedure(w.t.dataSource, w.a.id, { name: 'Licencia sanitaria' });
    procB = await createProcedure(w.t.dataSource, w.b.id, { name: 'Permiso de B' });
  });

  describe('the full flow', () => {
    let planId: string;
    const ms: Record<string, string> = {};

    it('a liaison creates a draft plan, revision 1, with a decimal budget', async () => {
      const res = await w.t
        .http()
        .post('/api/v1/plans')
        .set(w.as(w.liaisonA))
        .send({ title: 'Plan de simplificación', periodStart: days(-400), periodEnd: days(365), budgetGtq: '350000.50' })
        .expect(201);
      expect(res.body).toMatchObject({
        institutionId: w.a.id,
        status: 'draft',
        revision: 1,
        version: 1,
        budgetGtq: '350000.50',
        approvalAct: null,
        approvedBy: null,
      });
      planId = res.body.id;
      expect(await auditActions(planId)).toEqual(['create']);
    });

    it('adds dated milestones (one on a procedure of the institution)', async () => {
      const add = (key: string, body: object) =>
        w.t
          .http()
          .post(`/api/v1/plans/${planId}/milestones`)
          .set(w.as(w.liaisonA))
          .send(body)
          .expect(201)
          .then((r) => ((ms[key] = r.body.id), r.body));
      const first = await add('onTime', {
        kind: 'raise_level',
        target: 'Licencia sanitaria en nivel 4',
        dueDate: days(-300),
        procedureId: procA.id,
      });
      expect(first).toMatchObject({
        planId,
        institutionId: w.a.id,
        procedureId: procA.id,
        status: 'pending',
        completedOn: null,
        completedLate: null,
        version: 1,
      });
      await add('late', { kind: 'publish_form', target: 'Formularios gratuitos en línea', dueDate: days(-200) });
      await add('overdue', { kind: 'eliminate_requirement', target: 'Eliminar la constancia de antecedentes', dueDate: days(-100) });
      await add('future', { kind: 'interoperate', target: 'Consulta del DPI por interoperabilidad', dueDate: days(100) });
      await add('dropped', { kind: 'other', target: 'Hito que se quita', dueDate: days(50) });
      await w.t.http().delete(`/api/v1/milestones/${ms.dropped}`).set(w.as(w.liaisonA)).expect(204);
      await w.t.http().get(`/api/v1/milestones/${ms.dropped}`).set(w.as(w.liaisonA)).expect(404);
      expect(await auditActions(ms.dropped)).toEqual(['create', 'delete']);
    });

    it('submit → approve (by an analyst, with the approval act)', async () => {
      const submitted = await w.t.http().post(`/api/v1/plans/${planId}/submit`).set(w.as(w.liaisonA)).expect(200);
      expect(submitted.body).toMatchObject({ status: 'submitted', version: 2 });
      expect(submitted.body.submittedAt).toEqual(expect.any(String));
      const approved = await w.t
        .http()
        .post(`/api/v1/plans/${planId}/approve`)
        .set(w.as(w.analyst))
        .send({ approvalAct: 'Resolución Ministerial 045-2026' })
        .expect(200);
      expect(approved.body).toMatchObject({
        status: 'approved',
        approvalAct: 'Resolución Ministerial 045-2026',
        approvedBy: w.analyst.id,
        version: 3,
      });
      expect(approved.body.approvedAt).toEqual(expect.any(String));
      expect(await auditActions(planId)).toEqual(['create', 'submit', 'approve']);
    });

    it('milestones of the approved plan are completed on time and late; the lateness is recorded', async () => {
      const onTime = await w.t
        .http()
        .post(`/api/v1/milestones/${ms.onTime}/complete`)
        .set(w.as(w.liaisonA))
        .send({ completedOn: days(-301), evidence: 'Publicado en el portal institucional' })
        .expect(200);
      expect(onTime.body).toMatchObject({ status: 'completed', completedOn: days(-301), completedLate: false, overdue: false });
      const late = await w.t
        .http()
        .post(`/api/v1/milestones/${ms.late}/complete`)
        .set(w.as(w.adminA))
        .send({ completedOn: days(-150), evidence: 'Formularios publicados; Acuerdo Ministerial 12-2026' })
        .expect(200);
      expect(late.body).toMatchObject({ status: 'completed', completedOn: days(-150), completedLate: true });
      // progress (pending → in progress) may still move on an approved plan
      await w.t
        .http()
        .patch(`/api/v1/milestones/${ms.future}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, status: 'in_progress' })
        .expect(200);
      expect(await auditActions(ms.late)).toEqual(['create', 'complete']);
    });

    it('the plan summary counts by status, on time / late and overdue', async () => {
      const res = await w.t.http().get(`/api/v1/plans/${planId}`).set(w.as(w.liaisonA)).expect(200);
      expect(res.body.summary).toEqual({
        total: 4,
        byStatus: { pending: 1, in_progress: 1, completed: 2, cancelled: 0 },
        completedOnTime: 1,
        completedLate: 1,
        overdue: 1,
      });
      expect(res.body.milestones.map((m: { id: string }) => m.id)).toEqual([ms.onTime, ms.late, ms.overdue, ms.future]);
      expect(res.body.milestones.find((m: { id: string }) => m.id === ms.overdue).overdue).toBe(true);
      // the Commission sees the same plan
      const seen = await w.t.http().get(`/api/v1/plans/${planId}`).set(w.as(w.analyst)).expect(200);
      expect(seen.body.summary.overdue).toBe(1);
    });

    it('the milestone list filters overdue, status, plan and due dates', async () => {
      const list = (q: string) =>
        w.t
          .http()
          .get(`/api/v1/milestones?${q}`)
          .set(w.as(w.liaisonA))
          .expect(200)
          .then((r) => r.body);
      const overdue = await list('overdue=true');
      expect(overdue.items.map((m: { id: string }) => m.id)).toEqual([ms.overdue]);
      expect(overdue.total).toBe(1);
      expect((await list(`planId=${planId}&status=completed`)).items.map((m: { id: string }) => m.id)).toEqual([ms.onTime, ms.late]);
      expect((await list(`planId=${planId}&dueAfter=${days(-200)}&dueBefore=${days(-100)}`)).total).toBe(2);
      expect((await list(`planId=${planId}&overdue=false&sort=-dueDate`)).items.map((m: { id: string }) => m.id)).toEqual([
        ms.future,
        ms.late,
        ms.onTime,
      ]);
      await w.t.http().get('/api/v1/milestones?overdue=quizas').set(w.as(w.liaisonA)).expect(400);
    });

    it('a revision of the approved plan is a new draft with copies of the open milestones only', async () => {
      const res = await w.t.http().post(`/api/v1/plans/${planId}/revisions`).set(w.as(w.adminA)).expect(201);
      expect(res.body).toMatchObject({
        revision: 2,
        status: 'draft',
        title: 'Plan de simplificación',
        budgetGtq: '350000.50',
        approvalAct: null,
      });
      expect(res.body.id).not.toBe(planId);
      expect(res.body.milestones.map((m: { target: string; status: string }) => [m.target, m.status])).toEqual([
        ['Eliminar la constancia de antecedentes', 'pending'],
        ['Consulta del DPI por interoperabilidad', 'in_progress'],
      ]);
      expect(
        res.body.milestones.every((m: { id: string; planId: string }) => m.planId === res.body.id && !Object.values(ms).includes(m.id)),
      ).toBe(true);
      expect(res.body.summary).toMatchObject({ total: 2, overdue: 1, completedOnTime: 0 });
      expect(await auditActions(res.body.id)).toEqual(['create_revision']);
      // the approved revision is untouched
      const original = await w.t.http().get(`/api/v1/plans/${planId}`).set(w.as(w.liaisonA)).expect(200);
      expect(original.body).toMatchObject({ status: 'approved', revision: 1 });
      expect(original.body.milestones).toHaveLength(4);
      // only the latest revision can be revised again
      const again = await w.t.http().post(`/api/v1/plans/${planId}/revisions`).set(w.as(w.adminA)).expect(409);
      expect(again.body.message).toContain('revisión 2');
      // the list shows both revisions, newest first
      const list = await w.t.http().get('/api/v1/plans').set(w.as(w.liaisonA)).expect(200);
      expect(
        list.body.items.filter((p: { periodStart: string }) => p.periodStart === days(-400)).map((p: { revision: number }) => p.revision),
      ).toEqual([2, 1]);
    });
  });

  describe('state rules', () => {
    let approvedId: string;
    let draftId: string;
    let completedId: string;
    let openId: string;

    beforeAll(async () => {
      const one = await draftPlan(w.liaisonA, '2031-01-01', '2031-12-31', [{ dueDate: '2031-06-30' }]);
      approvedId = one.plan.id;
      openId = one.milestoneIds[0];
      await w.t.http().post(`/api/v1/plans/${approvedId}/submit`).set(w.as(w.liaisonA)).expect(200);
      await w.t.http().post(`/api/v1/plans/${approvedId}/approve`).set(w.as(w.admin)).send({ approvalAct: 'Acuerdo 1-2031' }).expect(200);
      const two = await draftPlan(w.liaisonA, days(-60), days(300), [{ dueDate: days(-30) }]);
      draftId = two.plan.id;
      completedId = two.milestoneIds[0];
      await w.t
        .http()
        .post(`/api/v1/milestones/${completedId}/complete`)
        .set(w.as(w.liaisonA))
        .send({ completedOn: days(-31), evidence: 'Acta de cierre' })
        .expect(200);
    });

    const conflicts: Array<[string, () => { method: 'post' | 'patch' | 'delete'; path: string; user: TestUser; body?: object }, RegExp]> = [
      ['submit an approved plan', () => ({ method: 'post', path: `/api/v1/plans/${approvedId}/submit`, user: w.liaisonA }), /«aprobado»/],
      [
        'approve a draft',
        () => ({ method: 'post', path: `/api/v1/plans/${draftId}/approve`, user: w.analyst, body: { approvalAct: 'Acto' } }),
        /«borrador»/,
      ],
      [
        'return a draft',
        () => ({ method: 'post', path: `/api/v1/plans/${draftId}/return`, user: w.analyst, body: { comment: 'Corregir' } }),
        /«borrador»/,
      ],
      [
        'approve an approved plan',
        () => ({ method: 'post', path: `/api/v1/plans/${approvedId}/approve`, user: w.analyst, body: { approvalAct: 'Acto' } }),
        /«aprobado»/,
      ],
      ['revise a draft', () => ({ method: 'post', path: `/api/v1/plans/${draftId}/revisions`, user: w.liaisonA }), /«borrador»/],
      [
        'edit an approved plan',
        () => ({ method: 'patch', path: `/api/v1/plans/${approvedId}`, user: w.liaisonA, body: { version: 3, title: 'Otro título' } }),
        /«aprobado»/,
      ],
      [
        'add a milestone to an approved plan',
        () => ({
          method: 'post',
          path: `/api/v1/plans/${approvedId}/milestones`,
          user: w.liaisonA,
          body: { kind: 'other', target: 'Nuevo', dueDate: '2031-07-01' },
        }),
        /«aprobado»/,
      ],
      [
        'delete a milestone of an approved plan',
        () => ({ method: 'delete', path: `/api/v1/milestones/${openId}`, user: w.liaisonA }),
        /«aprobado»/,
      ],
      [
        'move the date of a milestone of an approved plan',
        () => ({ method: 'patch', path: `/api/v1/milestones/${openId}`, user: w.liaisonA, body: { version: 1, dueDate: '2031-08-01' } }),
        /revisión/,
      ],
      [
        'cancel a milestone of an approved plan',
        () => ({ method: 'patch', path: `/api/v1/milestones/${openId}`, user: w.liaisonA, body: { version: 1, status: 'cancelled' } }),
        /revisión/,
      ],
      [
        'complete a milestone twice',
        () => ({
          method: 'post',
          path: `/api/v1/milestones/${completedId}/complete`,
          user: w.liaisonA,
          body: { completedOn: today, evidence: 'Otra vez' },
        }),
        /ya fue completado/,
      ],
      [
        'edit a completed milestone',
        () => ({ method: 'patch', path: `/api/v1/milestones/${completedId}`, user: w.liaisonA, body: { version: 2, target: 'Reescrito' } }),
        /completado/,
      ],
      [
        'a second plan starting the same day',
        () => ({
          method: 'post',
          path: '/api/v1/plans',
          user: w.adminA,
          body: { title: 'Duplicado', periodStart: '2031-01-01', periodEnd: '2031-06-30' },
        }),
        /revisión/,
      ],
    ];

    it.each(conflicts)('%s → 409 with a Spanish message naming the state, nothing written', async (_name, build, message) => {
      const r = build();
      const before = await counts();
      const req = w.t.http()[r.method](r.path).set(w.as(r.user));
      const res = await (r.body ? req.send(r.body) : req);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
      expect(res.body.message).toMatch(message);
      expect(await counts()).toEqual(before);
    });

    it('the first completion record stands', async () => {
      const res = await w.t.http().get(`/api/v1/milestones/${completedId}`).set(w.as(w.liaisonA)).expect(200);
      expect(res.body).toMatchObject({ completedOn: days(-31), completedLate: false, evidence: 'Acta de cierre' });
    });

    it('returned with a comment, corrected and submitted again, then approved', async () => {
      const { plan } = await draftPlan(w.liaisonA, '2032-01-01', '2032-12-31', [{ dueDate: '2032-03-31' }]);
      await w.t.http().post(`/api/v1/plans/${plan.id}/submit`).set(w.as(w.liaisonA)).expect(200);
      await w.t.http().post(`/api/v1/plans/${plan.id}/return`).set(w.as(w.analyst)).send({}).expect(400);
      const returned = await w.t
        .http()
        .post(`/api/v1/plans/${plan.id}/return`)
        .set(w.as(w.analyst))
        .send({ comment: 'Falta el presupuesto del periodo.' })
        .expect(200);
      expect(returned.body).toMatchObject({ status: 'draft', reviewComment: 'Falta el presupuesto del periodo.' });
      const edited = await w.t
        .http()
        .patch(`/api/v1/plans/${plan.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: returned.body.version, budgetGtq: '120000' })
        .expect(200);
      expect(edited.body).toMatchObject({ budgetGtq: '120000.00', status: 'draft' });
      await w.t.http().post(`/api/v1/plans/${plan.id}/submit`).set(w.as(w.liaisonA)).expect(200);
      const approved = await w.t
        .http()
        .post(`/api/v1/plans/${plan.id}/approve`)
        .set(w.as(w.analyst))
        .send({ approvalAct: 'Resolución 9-2032', comment: 'Aprobado' })
        .expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', approvedBy: w.analyst.id, reviewComment: 'Aprobado' });
      expect(await auditActions(plan.id)).toEqual(['create', 'submit', 'return', 'update', 'submit', 'approve']);
    });

    it('roles: institution users cannot approve or return; the Commission cannot write plans or milestones', async () => {
      const { plan, milestoneIds } = await draftPlan(w.liaisonA, '2033-01-01', '2033-12-31', [{ dueDate: '2033-02-01' }]);
      await w.t.http().post(`/api/v1/plans/${plan.id}/submit`).set(w.as(w.liaisonA)).expect(200);
      await w.t.http().post(`/api/v1/plans/${plan.id}/approve`).set(w.as(w.adminA)).send({ approvalAct: 'Propio' }).expect(403);
      await w.t.http().post(`/api/v1/plans/${plan.id}/return`).set(w.as(w.liaisonA)).send({ comment: 'Propio' }).expect(403);
      await w.t
        .http()
        .post('/api/v1/plans')
        .set(w.as(w.analyst))
        .send({ title: 'De la Comisión', periodStart: '2034-01-01', periodEnd: '2034-12-31' })
        .expect(403);
      await w.t
        .http()
        .post(`/api/v1/milestones/${milestoneIds[0]}/complete`)
        .set(w.as(w.admin))
        .send({ completedOn: today, evidence: 'x'.repeat(5) })
        .expect(403);
      await w.t.http().patch(`/api/v1/plans/${plan.id}`).set(w.as(w.analyst)).send({ version: 2, title: 'Cambio' }).expect(403);
    });
  });

  describe('optimistic concurrency', () => {
    it('a stale plan version is a 409 with the current row; nothing written', async () => {
      const { plan, milestoneIds } = await draftPlan(w.liaisonA, '2035-01-01', '2035-12-31', [{ dueDate: '2035-05-01' }]);
      await w.t.http().patch(`/api/v1/plans/${plan.id}`).set(w.as(w.liaisonA)).send({ version: 1, title: 'Primer cambio' }).expect(200);
      const before = await counts();
      const res = await w.t
        .http()
        .patch(`/api/v1/plans/${plan.id}`)
        .set(w.as(w.adminA))
        .send({ version: 1, title: 'Segundo cambio' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect(res.body.details.current.title).toBe('Primer cambio');
      expect(await counts()).toEqual(before);

      await w.t
        .http()
        .patch(`/api/v1/milestones/${milestoneIds[0]}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, target: 'Meta afinada' })
        .expect(200);
      const afterEdit = await counts();
      const stale = await w.t
        .http()
        .patch(`/api/v1/milestones/${milestoneIds[0]}`)
        .set(w.as(w.adminA))
        .send({ version: 1, target: 'Otra meta' })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect((await w.t.http().get(`/api/v1/milestones/${milestoneIds[0]}`).set(w.as(w.liaisonA)).expect(200)).body.target).toBe(
        'Meta afinada',
      );
      expect(await counts()).toEqual(afterEdit);
    });
  });

  describe('validation', () => {
    let planId: string;
    let milestoneId: string;
    beforeAll(async () => {
      const { plan, milestoneIds } = await draftPlan(w.liaisonA, '2036-01-01', '2036-12-31', [{ dueDate: '2036-04-01' }]);
      planId = plan.id;
      milestoneId = milestoneIds[0];
    });

    const cases: Array<[string, () => { method: 'post' | 'patch'; path: string; body: object }, string]> = [
      [
        'plan dates out of order',
        () => ({ method: 'post', path: '/api/v1/plans', body: { title: 'Al revés', periodStart: '2037-12-31', periodEnd: '2037-01-01' } }),
        'periodEnd',
      ],
      [
        'plan period of zero days',
        () => ({ method: 'post', path: '/api/v1/plans', body: { title: 'Vacío', periodStart: '2037-01-01', periodEnd: '2037-01-01' } }),
        'periodEnd',
      ],
      [
        'negative budget',
        () => ({
          method: 'post',
          path: '/api/v1/plans',
          body: { title: 'Negativo', periodStart: '2037-01-01', periodEnd: '2037-12-31', budgetGtq: '-100.00' },
        }),
        'budgetGtq',
      ],
      [
        'budget as a float number',
        () => ({
          method: 'post',
          path: '/api/v1/plans',
          body: { title: 'Flotante', periodStart: '2037-01-01', periodEnd: '2037-12-31', budgetGtq: 100.5 },
        }),
        'budgetGtq',
      ],
      [
        'impossible date',
        () => ({ method: 'post', path: '/api/v1/plans', body: { title: 'Febrero', periodStart: '2037-02-30', periodEnd: '2037-12-31' } }),
        'periodStart',
      ],
      [
        'unknown field',
        () => ({
          method: 'post',
          path: '/api/v1/plans',
          body: { title: 'Extra', periodStart: '2037-01-01', periodEnd: '2037-12-31', status: 'approved' },
        }),
        'status',
      ],
      [
        'PATCH that inverts the period',
        () => ({ method: 'patch', path: `/api/v1/plans/${planId}`, body: { version: 1, periodEnd: '2035-06-30' } }),
        'periodEnd',
      ],
      [
        'PATCH period that leaves a milestone outside',
        () => ({ method: 'patch', path: `/api/v1/plans/${planId}`, body: { version: 1, periodEnd: '2036-03-01' } }),
        'periodEnd',
      ],
      ['PATCH without version', () => ({ method: 'patch', path: `/api/v1/plans/${planId}`, body: { title: 'Sin versión' } }), 'version'],
      [
        'PATCH that nulls the title',
        () => ({ method: 'patch', path: `/api/v1/plans/${planId}`, body: { version: 1, title: null } }),
        'title',
      ],
      [
        'unknown milestone kind',
        () => ({
          method: 'post',
          path: `/api/v1/plans/${planId}/milestones`,
          body: { kind: 'magic', target: 'Algo', dueDate: '2036-05-01' },
        }),
        'kind',
      ],
      [
        'milestone due outside the period',
        () => ({
          method: 'post',
          path: `/api/v1/plans/${planId}/milestones`,
          body: { kind: 'other', target: 'Tarde', dueDate: '2037-05-01' },
        }),
        'dueDate',
      ],
      [
        'milestone set to completed by PATCH',
        () => ({ method: 'patch', path: `/api/v1/milestones/${milestoneId}`, body: { version: 1, status: 'completed' } }),
        'status',
      ],
      [
        'completedOn in the future',
        () => ({
          method: 'post',
          path: `/api/v1/milestones/${milestoneId}/complete`,
          body: { completedOn: days(1), evidence: 'Anticipado' },
        }),
        'completedOn',
      ],
      [
        'completion without evidence',
        () => ({ method: 'post', path: `/api/v1/milestones/${milestoneId}/complete`, body: { completedOn: today } }),
        'evidence',
      ],
    ];

    it.each(cases)('%s → 400 naming the field; nothing written', async (_name, build, field) => {
      const r = build();
      const before = await counts();
      const res = await w.t.http()[r.method](r.path).set(w.as(w.liaisonA)).send(r.body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('the refused edits left the plan as it was', async () => {
      const res = await w.t.http().get(`/api/v1/plans/${planId}`).set(w.as(w.liaisonA)).expect(200);
      expect(res.body).toMatchObject({ version: 1, periodStart: '2036-01-01', periodEnd: '2036-12-31', title: 'Plan 2036-01-01' });
      expect(res.body.milestones).toHaveLength(1);
    });

    it('bad query values are 400 too', async () => {
      await w.t.http().get('/api/v1/plans?sort=-budget').set(w.as(w.liaisonA)).expect(400);
      await w.t.http().get('/api/v1/plans?status=aprobado').set(w.as(w.liaisonA)).expect(400);
      await w.t.http().get('/api/v1/milestones?dueBefore=mañana').set(w.as(w.liaisonA)).expect(400);
      await w.t.http().get('/api/v1/plans/no-es-uuid').set(w.as(w.liaisonA)).expect(400);
    });
  });

  describe('tenant isolation', () => {
    let planA: string;
    let draftA: string;
    let milestoneA: string;
    let actionA: string;
    let planB: string;

    beforeAll(async () => {
      const approved = await draftPlan(w.liaisonA, '2038-01-01', '2038-12-31', [{ dueDate: '2038-03-01' }]);
      planA = approved.plan.id;
      await w.t.http().post(`/api/v1/plans/${planA}/submit`).set(w.as(w.liaisonA)).expect(200);
      await w.t.http().post(`/api/v1/plans/${planA}/approve`).set(w.as(w.analyst)).send({ approvalAct: 'Acto A' }).expect(200);
      const draft = await draftPlan(w.liaisonA, '2039-01-01', '2039-12-31', [{ dueDate: '2039-03-01' }]);
      draftA = draft.plan.id;
      milestoneA = draft.milestoneIds[0];
      actionA = (
        await w.t
          .http()
          .post(`/api/v1/procedures/${procA.id}/rationalisation-actions`)
          .set(w.as(w.liaisonA))
          .send({ type: 'administrative', description: 'Ventanilla única para la licencia' })
          .expect(201)
      ).body.id;
      planB = (await draftPlan(w.liaisonB, '2038-01-01', '2038-12-31', [{ dueDate: '2038-03-01' }])).plan.id;
    });

    const routes: Array<[string, () => { method: 'get' | 'post' | 'patch' | 'delete'; path: string; body?: object }]> = [
      ['GET plan of A', () => ({ method: 'get', path: `/api/v1/plans/${planA}` })],
      ['PATCH plan of A', () => ({ method: 'patch', path: `/api/v1/plans/${draftA}`, body: { version: 1, title: 'Intruso' } })],
      ['submit plan of A', () => ({ method: 'post', path: `/api/v1/plans/${draftA}/submit` })],
      ['revise plan of A', () => ({ method: 'post', path: `/api/v1/plans/${planA}/revisions` })],
      [
        'add milestone to plan of A',
        () => ({
          method: 'post',
          path: `/api/v1/plans/${draftA}/milestones`,
          body: { kind: 'other', target: 'Intruso', dueDate: '2039-04-01' },
        }),
      ],
      ['GET milestone of A', () => ({ method: 'get', path: `/api/v1/milestones/${milestoneA}` })],
      [
        'PATCH milestone of A',
        () => ({ method: 'patch', path: `/api/v1/milestones/${milestoneA}`, body: { version: 1, target: 'Intruso' } }),
      ],
      [
        'complete milestone of A',
        () => ({ method: 'post', path: `/api/v1/milestones/${milestoneA}/complete`, body: { completedOn: today, evidence: 'Intruso' } }),
      ],
      ['DELETE milestone of A', () => ({ method: 'delete', path: `/api/v1/milestones/${milestoneA}` })],
      ['milestones of A by filter', () => ({ method: 'get', path: `/api/v1/milestones?institutionId=${w.a.id}` })],
      ['plans of A by filter', () => ({ method: 'get', path: `/api/v1/plans?institutionId=${w.a.id}` })],
      ['GET action of A', () => ({ method: 'get', path: `/api/v1/rationalisation-actions/${actionA}` })],
      [
        'PATCH action of A',
        () => ({ method: 'patch', path: `/api/v1/rationalisation-actions/${actionA}`, body: { version: 1, description: 'Intruso' } }),
      ],
      ['DELETE action of A', () => ({ method: 'delete', path: `/api/v1/rationalisation-actions/${actionA}` })],
      ['actions of a procedure of A', () => ({ method: 'get', path: `/api/v1/procedures/${procA.id}/rationalisation-actions` })],
      [
        'new action on a procedure of A',
        () => ({
          method: 'post',
          path: `/api/v1/procedures/${procA.id}/rationalisation-actions`,
          body: { type: 'regulatory', description: 'Intruso' },
        }),
      ],
      ['actions of A by filter', () => ({ method: 'get', path: `/api/v1/rationalisation-actions?institutionId=${w.a.id}` })],
    ];

    it.each(routes)('a liaison of B: %s → 404, nothing written', async (_name, build) => {
      const r = build();
      const before = await counts();
      const req = w.t.http()[r.method](r.path).set(w.as(w.liaisonB));
      const res = await (r.body ? req.send(r.body) : req);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(await counts()).toEqual(before);
    });

    it("A's milestone and plan are unchanged", async () => {
      expect((await w.t.http().get(`/api/v1/milestones/${milestoneA}`).set(w.as(w.liaisonA)).expect(200)).body).toMatchObject({
        target: 'Meta 1',
        status: 'pending',
        version: 1,
      });
      expect((await w.t.http().get(`/api/v1/plans/${draftA}`).set(w.as(w.liaisonA)).expect(200)).body).toMatchObject({
        status: 'draft',
        version: 1,
      });
    });

    it("a milestone of A cannot point at B's procedure (404)", async () => {
      const res = await w.t
        .http()
        .post(`/api/v1/plans/${draftA}/milestones`)
        .set(w.as(w.liaisonA))
        .send({ kind: 'raise_level', target: 'Trámite ajeno', dueDate: '2039-05-01', procedureId: procB.id })
        .expect(404);
      expect(res.body.message).toContain('trámite');
    });

    it("B's lists never include A's rows; the Commission sees both", async () => {
      const ofB = async (path: string) =>
        (await w.t.http().get(`${path}?pageSize=200`).set(w.as(w.liaisonB)).expect(200)).body.items as Array<{ institutionId: string }>;
      for (const path of ['/api/v1/plans', '/api/v1/milestones', '/api/v1/rationalisation-actions']) {
        expect((await ofB(path)).every((row) => row.institutionId === w.b.id)).toBe(true);
      }
      expect((await ofB('/api/v1/plans')).length).toBe(1);
      const all = (await w.t.http().get('/api/v1/plans?pageSize=200').set(w.as(w.analyst)).expect(200)).body.items.map(
        (p: { id: string }) => p.id,
      );
      expect(all).toEqual(expect.arrayContaining([planA, planB]));
      const onlyB = (await w.t.http().get(`/api/v1/plans?institutionId=${w.b.id}`).set(w.as(w.analyst)).expect(200)).body;
      expect(onlyB.items.map((p: { id: string }) => p.id)).toEqual([planB]);
      expect(onlyB.total).toBe(1);
    });

    it('the plan list filters by status and updatedSince, and pages with a total', async () => {
      const approved = (await w.t.http().get('/api/v1/plans?status=approved&pageSize=200').set(w.as(w.liaisonA)).expect(200)).body;
      expect(approved.items.every((p: { status: string }) => p.status === 'approved')).toBe(true);
      expect(approved.items.map((p: { id: string }) => p.id)).toContain(planA);
      const page = (await w.t.http().get('/api/v1/plans?pageSize=2&page=1&sort=periodStart').set(w.as(w.liaisonA)).expect(200)).body;
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThan(2);
      expect(page.items[0].periodStart <= page.items[1].periodStart).toBe(true);
      const future = (
        await w.t
          .http()
          .get(`/api/v1/plans?updatedSince=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)
          .set(w.as(w.liaisonA))
          .expect(200)
      ).body;
      expect(future.total).toBe(0);
    });
  });

  describe('rationalisation actions', () => {
    let actionId: string;

    it('records before/after figures with fees as decimal strings', async () => {
      const res = await w.t
        .http()
        .post(`/api/v1/procedures/${procA.id}/rationalisation-actions`)
        .set(w.as(w.liaisonA))
        .send({
          type: 'technological',
          description: 'Pago en línea de la licencia',
          benefit: 'Sin visitas al banco',
          implementedOn: days(-10),
          stepsBefore: 7,
          stepsAfter: 3,
          requirementsBefore: 9,
          requirementsAfter: 5,
          daysBefore: 30,
          daysAfter: 8,
          feeBeforeGtq: '150.00',
          feeAfterGtq: '0',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        procedureId: procA.id,
        procedureCode: procA.code,
        institutionId: w.a.id,
        type: 'technological',
        stepsAfter: 3,
        feeBeforeGtq: '150.00',
        feeAfterGtq: '0.00',
        version: 1,
      });
      actionId = res.body.id;
      expect(await auditActions(actionId)).toEqual(['create']);
    });

    it.each([
      ['negative steps', { type: 'regulatory', description: 'Negativo', stepsBefore: -1 }, 'stepsBefore'],
      ['negative fee', { type: 'regulatory', description: 'Negativo', feeAfterGtq: '-5.00' }, 'feeAfterGtq'],
      ['fee as a number', { type: 'regulatory', description: 'Número', feeBeforeGtq: 150 }, 'feeBeforeGtq'],
      ['fee with three decimals', { type: 'regulatory', description: 'Decimales', feeBeforeGtq: '1.005' }, 'feeBeforeGtq'],
      ['unknown type', { type: 'normativa', description: 'Tipo en español' }, 'type'],
      ['implemented in the future', { type: 'regulatory', description: 'Futuro', implementedOn: days(2) }, 'implementedOn'],
    ])('%s → 400, nothing written', async (_name, body, field) => {
      const before = await counts();
      const res = await w.t
        .http()
        .post(`/api/v1/procedures/${procA.id}/rationalisation-actions`)
        .set(w.as(w.liaisonA))
        .send(body)
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it("an action on another institution's procedure is a 404", async () => {
      await w.t
        .http()
        .post(`/api/v1/procedures/${procB.id}/rationalisation-actions`)
        .set(w.as(w.liaisonA))
        .send({ type: 'regulatory', description: 'Ajeno' })
        .expect(404);
    });

    it('lists per procedure and with filters; the Commission reads them', async () => {
      await w.t
        .http()
        .post(`/api/v1/procedures/${procA.id}/rationalisation-actions`)
        .set(w.as(w.adminA))
        .send({ type: 'regulatory', description: 'Reforma del reglamento de la licencia' })
        .expect(201);
      const forProc = (await w.t.http().get(`/api/v1/procedures/${procA.id}/rationalisation-actions`).set(w.as(w.liaisonA)).expect(200))
        .body;
      expect(forProc.total).toBeGreaterThanOrEqual(2);
      expect(forProc.items.every((x: { procedureId: string }) => x.procedureId === procA.id)).toBe(true);
      const tech = (await w.t.http().get('/api/v1/rationalisation-actions?type=technological').set(w.as(w.liaisonA)).expect(200)).body;
      expect(tech.items.map((x: { id: string }) => x.id)).toEqual([actionId]);
      const commission = (
        await w.t.http().get(`/api/v1/rationalisation-actions?institutionId=${w.a.id}&type=regulatory`).set(w.as(w.analyst)).expect(200)
      ).body;
      expect(commission.total).toBe(1);
      await w.t.http().get(`/api/v1/procedures/${procA.id}/rationalisation-actions`).set(w.as(w.analyst)).expect(200);
    });

    it('PATCH needs the current version; DELETE removes and audits', async () => {
      const ok = await w.t
        .http()
        .patch(`/api/v1/rationalisation-actions/${actionId}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, daysAfter: 5, benefit: null })
        .expect(200);
      expect(ok.body).toMatchObject({ daysAfter: 5, benefit: null, version: 2, procedureCode: procA.code });
      const stale = await w.t
        .http()
        .patch(`/api/v1/rationalisation-actions/${actionId}`)
        .set(w.as(w.adminA))
        .send({ version: 1, daysAfter: 6 })
        .expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');
      await w.t
        .http()
        .patch(`/api/v1/rationalisation-actions/${actionId}`)
        .set(w.as(w.liaisonA))
        .send({ version: 2, description: null })
        .expect(400);
      await w.t.http().delete(`/api/v1/rationalisation-actions/${actionId}`).set(w.as(w.analyst)).expect(403);
      await w.t.http().delete(`/api/v1/rationalisation-actions/${actionId}`).set(w.as(w.liaisonA)).expect(204);
      await w.t.http().get(`/api/v1/rationalisation-actions/${actionId}`).set(w.as(w.liaisonA)).expect(404);
      expect(await auditActions(actionId)).toEqual(['create', 'update', 'delete']);
    });
  });
});
