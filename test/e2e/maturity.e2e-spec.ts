import { asScope, createProcedure, TestProcedure, TestUser } from '../helpers/factories';
import { useWorld } from '../helpers/world';

interface Level {
  level: number;
  name: string;
  criteria: Array<{ key: string; label: string }>;
}

/** Answers that reach `upTo` exactly on a model: every criterion of levels 1..upTo true, the rest false. */
const answersUpTo = (levels: Level[], upTo: number): Record<string, boolean> =>
  Object.fromEntries(levels.flatMap((l) => l.criteria.map((c) => [c.key, l.level <= upTo] as const)));

describe('Maturity model and assessments', () => {
  const w = useWorld();
  let procA: TestProcedure;
  let procB: TestProcedure;
  let v1: { id: string; version: number; levels: Level[] };

  const submit = (u: TestUser, procedureId: string, body: object) =>
    w.t.http().post(`/api/v1/procedures/${procedureId}/assessments`).set(w.as(u)).send(body);
  const currentLevel = async (p: TestProcedure): Promise<number> =>
    asScope(
      w.t.dataSource,
      'tenant',
      p.institutionId,
      async (em) => (await em.query(`SELECT current_level FROM procedures WHERE id = $1`, [p.id]))[0].current_level,
    );
  const assessmentCount = async (p: TestProcedure): Promise<number> =>
    asScope(w.t.dataSource, 'tenant', p.institutionId, async (em) =>
      Number((await em.query(`SELECT count(*) FROM maturity_assessments WHERE procedure_id = $1`, [p.id]))[0].count),
    );
  const auditActions = async (entity: string, entityId: string): Promise<string[]> =>
    (
      await w.t.http().get(`/api/v1/audit-events?entity=${entity}&entityId=${entityId}&pageSize=50`).set(w.as(w.admin)).expect(200)
    ).body.items.map((e: { action: string }) => e.action);

  beforeAll(async () => {
    procA = await createProcedure(w.t.dataSource, w.a.id);
    procB = await createProcedure(w.t.dataSource, w.b.id);
  });

  describe('the default model', () => {
    it('v1 (levels 0–5) is active and readable by any signed-in role', async () => {
      const res = await w.t.http().get('/api/v1/maturity-models/active').set(w.as(w.liaisonA)).expect(200);
      expect(res.body).toMatchObject({ version: 1, active: true });
      expect(res.body.levels.map((l: Level) => l.level)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(res.body.levels[4].criteria.map((c: { key: string }) => c.key)).toContain('online_payment');
      v1 = res.body;
      const list = await w.t.http().get('/api/v1/maturity-models').set(w.as(w.liaisonB)).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1 });
      await w.t.http().get(`/api/v1/maturity-models/${v1.id}`).set(w.as(w.analyst)).expect(200);
    });

    it('requires sign-in', async () => {
      await w.t.http().get('/api/v1/maturity-models/active').expect(401);
    });
  });

  describe('submitting', () => {
    it('a liaison submits answers; the server computes the level from them and records who and when', async () => {
      const res = await submit(w.liaisonA, procA.id, {
        answers: answersUpTo(v1.levels, 2),
        evidenceUrl: 'https://www.ejemplo.gob.gt/tramite',
        evidenceNote: 'Formularios publicados',
      }).expect(201);
      expect(res.body).toMatchObject({
        institutionId: w.a.id,
        institutionCode: w.a.code,
        procedureId: procA.id,
        procedureCode: procA.code,
        modelId: v1.id,
        modelVersion: 1,
        resultingLevel: 2,
        status: 'submitted',
        submittedBy: w.liaisonA.id,
        reviewedBy: null,
        reviewedAt: null,
        evidenceUrl: 'https://www.ejemplo.gob.gt/tramite',
      });
      expect(res.body.answers).toEqual(answersUpTo(v1.levels, 2));
      expect(await auditActions('maturity_assessment', res.body.id)).toEqual(['submit']);
      expect(await currentLevel(procA)).toBe(0); // nothing changes until an analyst validates
    });

    it('a gap stops the climb: level-3 criteria without level 2 give level 1', async () => {
      const answers = { ...answersUpTo(v1.levels, 1), online_filing: true };
      const res = await submit(w.adminA, procA.id, {
        answers,
        evidenceNote: 'Solo información publicada; la solicitud en línea ya existe',
      }).expect(201);
      expect(res.body.resultingLevel).toBe(1);
    });

    it('level 0 needs no evidence; level 1 or more does', async () => {
      await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 0) }).expect(201);
      const before = await assessmentCount(procA);
      const res = await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 1), evidenceNote: '   ' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['evidenceUrl', 'evidenceNote']);
      expect(await assessmentCount(procA)).toBe(before);
    });

    it('the client cannot send the level (or the status): unknown fields are refused and nothing is written', async () => {
      const before = await assessmentCount(procA);
      const res = await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 0), resultingLevel: 9 }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'resultingLevel' })]));
      await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 0), status: 'validated' }).expect(400);
      expect(await assessmentCount(procA)).toBe(before);
    });

    it.each([
      ['an unknown key', () => ({ ...answersUpTo(v1.levels, 0), telepatia: true }), 'answers.telepatia', 'telepatia'],
      [
        'a missing key',
        () => {
          const { no_visit: _gone, ...rest } = answersUpTo(v1.levels, 0);
          return rest;
        },
        'answers.no_visit',
        'no_visit',
      ],
      ['a non-boolean answer', () => ({ ...answersUpTo(v1.levels, 0), online_payment: 'sí' }), 'answers.online_payment', 'online_payment'],
    ])('answers with %s → 400 naming the key, nothing written', async (_name, answers, field, key) => {
      const before = await assessmentCount(procA);
      const res = await submit(w.liaisonA, procA.id, { answers: answers(), evidenceNote: 'x' }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.message).toContain(key);
      expect(res.body.details).toEqual([expect.objectContaining({ field })]);
      expect(await assessmentCount(procA)).toBe(before);
    });

    it('answers that are not an object → 400', async () => {
      await submit(w.liaisonA, procA.id, { answers: [true, false] }).expect(400);
      await submit(w.liaisonA, procA.id, { answers: 'todo bien' }).expect(400);
      await submit(w.liaisonA, procA.id, {}).expect(400);
    });

    it('an eliminated procedure cannot be assessed (409)', async () => {
      const gone = await createProcedure(w.t.dataSource, w.a.id);
      await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
        em.query(`UPDATE procedures SET status = 'eliminated' WHERE id = $1`, [gone.id]),
      );
      const res = await submit(w.liaisonA, gone.id, { answers: answersUpTo(v1.levels, 0) }).expect(409);
      expect(res.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('fue eliminado') });
      expect(await assessmentCount(gone)).toBe(0);
    });

    it('Commission roles cannot submit (403); an unknown procedure is 404', async () => {
      const res = await submit(w.analyst, procA.id, { answers: answersUpTo(v1.levels, 0) }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      await submit(w.admin, procA.id, { answers: answersUpTo(v1.levels, 0) }).expect(403);
      await submit(w.liaisonA, '00000000-0000-4000-8000-000000000000', { answers: answersUpTo(v1.levels, 0) }).expect(404);
      await submit(w.liaisonA, 'no-es-uuid', { answers: answersUpTo(v1.levels, 0) }).expect(400);
    });
  });

  describe('review', () => {
    let pending: { id: string };

    beforeAll(async () => {
      pending = (
        await submit(w.liaisonA, procA.id, {
          answers: answersUpTo(v1.levels, 3),
          evidenceUrl: 'https://www.ejemplo.gob.gt/en-linea',
        }).expect(201)
      ).body;
      // warned at submission already
      expect((pending as { warnings?: Array<{ code: string }> }).warnings?.map((w) => w.code)).toEqual([
        'level2_free_forms',
        'level3_online_channel',
      ]);
      await submit(w.liaisonB, procB.id, { answers: answersUpTo(v1.levels, 1), evidenceNote: 'Información publicada' }).expect(201);
    });

    it('the review queue lists submissions across institutions for analysts, oldest first, with totals', async () => {
      const all = (await w.t.http().get('/api/v1/assessments/review-queue?pageSize=200').set(w.as(w.analyst)).expect(200)).body;
      const institutions = new Set(all.items.map((i: { institutionId: string }) => i.institutionId));
      expect(institutions.has(w.a.id) && institutions.has(w.b.id)).toBe(true);
      expect(all.items.every((i: { status: string }) => i.status === 'submitted')).toBe(true);
      const times = all.items.map((i: { createdAt: string }) => Date.parse(i.createdAt));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(all.total).toBe(all.items.length);

      const onlyA = (
        await w.t.http().get(`/api/v1/assessments/review-queue?institutionId=${w.a.id}&pageSize=2&page=1`).set(w.as(w.admin)).expect(200)
      ).body;
      expect(onlyA.items.every((i: { institutionId: string }) => i.institutionId === w.a.id)).toBe(true);
      expect(onlyA.items).toHaveLength(2);
      expect(onlyA.total).toBe(all.items.filter((i: { institutionId: string }) => i.institutionId === w.a.id).length);
      expect(all.items.map((i: { id: string }) => i.id)).toContain(pending.id);
      // level 3 claimed, but the record has no free forms online and no online channel: the analyst sees why to look twice
      const item = all.items.find((i: { id: string }) => i.id === pending.id);
      expect(item.warnings.map((w: { code: string }) => w.code)).toEqual(['level2_free_forms', 'level3_online_channel']);
    });

    it('institution roles cannot see the queue (403)', async () => {
      await w.t.http().get('/api/v1/assessments/review-queue').set(w.as(w.liaisonA)).expect(403);
      await w.t.http().get('/api/v1/assessments/review-queue').set(w.as(w.adminA)).expect(403);
    });

    it('institution roles cannot validate or reject (403), and an unknown id is 404', async () => {
      await w.t.http().post(`/api/v1/assessments/${pending.id}/validate`).set(w.as(w.liaisonA)).send({}).expect(403);
      await w.t.http().post(`/api/v1/assessments/${pending.id}/reject`).set(w.as(w.adminA)).send({ comment: 'No me gusta' }).expect(403);
      await w.t.http().post('/api/v1/assessments/00000000-0000-4000-8000-000000000000/validate').set(w.as(w.analyst)).send({}).expect(404);
    });

    it('validating sets the procedure current level, logs level_validated publicly and audits everything', async () => {
      const res = await w.t
        .http()
        .post(`/api/v1/assessments/${pending.id}/validate`)
        .set(w.as(w.analyst))
        .send({ comment: 'Verificado en el portal' })
        .expect(200);
      expect(res.body).toMatchObject({
        status: 'validated',
        reviewedBy: w.analyst.id,
        reviewComment: 'Verificado en el portal',
        resultingLevel: 3,
      });
      expect(res.body.reviewedAt).toBeTruthy();
      expect(await currentLevel(procA)).toBe(3);

      const changes = await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
        em.query(
          `SELECT field, old_value, new_value, is_public, changed_by FROM procedure_changes WHERE procedure_id = $1 AND action = 'level_validated'`,
          [procA.id],
        ),
      );
      expect(changes).toEqual([{ field: 'currentLevel', old_value: 0, new_value: 3, is_public: true, changed_by: w.analyst.id }]);
      expect(await auditActions('maturity_assessment', pending.id)).toEqual(['validate', 'submit']);
      expect(await auditActions('procedure', procA.id)).toContain('level_validated');

      const queue = (await w.t.http().get('/api/v1/assessments/review-queue?pageSize=200').set(w.as(w.analyst)).expect(200)).body;
      expect(queue.items.map((i: { id: string }) => i.id)).not.toContain(pending.id);
      const validated = (await w.t.http().get('/api/v1/assessments/review-queue?status=validated').set(w.as(w.analyst)).expect(200)).body;
      expect(validated.items.map((i: { id: string }) => i.id)).toEqual([pending.id]);
    });

    it('a reviewed assessment cannot be reviewed again (409), and nothing changes', async () => {
      const again = await w.t.http().post(`/api/v1/assessments/${pending.id}/validate`).set(w.as(w.analyst)).send({}).expect(409);
      expect(again.body.code).toBe('CONFLICT');
      expect(again.body.message).toMatch(/ya fue validada/);
      await w.t
        .http()
        .post(`/api/v1/assessments/${pending.id}/reject`)
        .set(w.as(w.admin))
        .send({ comment: 'Cambio de opinión' })
        .expect(409);
      const now = (await w.t.http().get(`/api/v1/assessments/${pending.id}`).set(w.as(w.liaisonA)).expect(200)).body;
      expect(now).toMatchObject({ status: 'validated', reviewComment: 'Verificado en el portal', version: 2 });
      expect(await auditActions('maturity_assessment', pending.id)).toEqual(['validate', 'submit']);
    });

    it('rejecting needs a comment of 3 to 2000 characters; a rejection leaves the level alone', async () => {
      const s = (await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 5), evidenceNote: 'Todo en línea' }).expect(201))
        .body;
      for (const body of [{}, { comment: 'no' }, { comment: 'x'.repeat(2001) }, { comment: 5 }]) {
        const res = await w.t.http().post(`/api/v1/assessments/${s.id}/reject`).set(w.as(w.analyst)).send(body).expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('comment');
      }
      await w.t.http().post(`/api/v1/assessments/${s.id}/reject`).set(w.as(w.analyst)).send({ comment: '    ' }).expect(400);
      const res = await w.t
        .http()
        .post(`/api/v1/assessments/${s.id}/reject`)
        .set(w.as(w.analyst))
        .send({ comment: 'No hay firma electrónica avanzada' })
        .expect(200);
      expect(res.body).toMatchObject({ status: 'rejected', reviewComment: 'No hay firma electrónica avanzada', reviewedBy: w.analyst.id });
      expect(await currentLevel(procA)).toBe(3);
      expect(await auditActions('maturity_assessment', s.id)).toEqual(['reject', 'submit']);
      await w.t.http().post(`/api/v1/assessments/${s.id}/validate`).set(w.as(w.analyst)).send({}).expect(409);
    });

    it('the current level follows the most recently submitted validated assessment, whatever the order of validation', async () => {
      const p = await createProcedure(w.t.dataSource, w.a.id);
      const older = (await submit(w.liaisonA, p.id, { answers: answersUpTo(v1.levels, 1), evidenceNote: 'Publicado' }).expect(201)).body;
      const newer = (await submit(w.liaisonA, p.id, { answers: answersUpTo(v1.levels, 4), evidenceNote: 'Todo en línea' }).expect(201))
        .body;
      await w.t.http().post(`/api/v1/assessments/${newer.id}/validate`).set(w.as(w.analyst)).send({}).expect(200);
      expect(await currentLevel(p)).toBe(4);
      await w.t.http().post(`/api/v1/assessments/${older.id}/validate`).set(w.as(w.analyst)).send({}).expect(200);
      expect(await currentLevel(p)).toBe(4); // a late validation of an older submission does not roll back

      const latest = (
        await submit(w.liaisonA, p.id, { answers: answersUpTo(v1.levels, 2), evidenceNote: 'El pago en línea dejó de funcionar' }).expect(
          201,
        )
      ).body;
      await w.t.http().post(`/api/v1/assessments/${latest.id}/validate`).set(w.as(w.admin)).send({}).expect(200);
      expect(await currentLevel(p)).toBe(2); // a newer validated submission wins, even when lower

      const list = (await w.t.http().get(`/api/v1/procedures/${p.id}/assessments`).set(w.as(w.liaisonA)).expect(200)).body;
      expect(list.items.map((i: { id: string }) => i.id)).toEqual([latest.id, newer.id, older.id]);
      expect(list.total).toBe(3);
    });

    it('concurrent validations of one procedure end on the newest submission', async () => {
      const p = await createProcedure(w.t.dataSource, w.a.id);
      const ids: string[] = [];
      for (const level of [1, 3, 2, 4]) {
        ids.push(
          (await submit(w.liaisonA, p.id, { answers: answersUpTo(v1.levels, level), evidenceNote: `Nivel ${level}` }).expect(201)).body.id,
        );
      }
      await Promise.all(ids.map((id) => w.t.http().post(`/api/v1/assessments/${id}/validate`).set(w.as(w.analyst)).send({}).expect(200)));
      expect(await currentLevel(p)).toBe(4);
    });
  });

  describe('reading and tenancy', () => {
    let assessmentA: { id: string };

    beforeAll(async () => {
      assessmentA = (await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 0) }).expect(201)).body;
    });

    it('a procedure’s assessments: its institution’s users and the Commission, newest first, paginated', async () => {
      const mine = (await w.t.http().get(`/api/v1/procedures/${procA.id}/assessments?pageSize=2`).set(w.as(w.adminA)).expect(200)).body;
      expect(mine.items).toHaveLength(2);
      expect(mine.items[0].id).toBe(assessmentA.id);
      expect(mine.total).toBe(await assessmentCount(procA));
      const commission = (
        await w.t.http().get(`/api/v1/procedures/${procA.id}/assessments?status=validated`).set(w.as(w.analyst)).expect(200)
      ).body;
      expect(commission.items.length).toBeGreaterThan(0);
      expect(
        commission.items.every((i: { status: string; procedureId: string }) => i.status === 'validated' && i.procedureId === procA.id),
      ).toBe(true);
      await w.t.http().get(`/api/v1/assessments/${assessmentA.id}`).set(w.as(w.analyst)).expect(200);
    });

    it.each([
      ['the list of A’s procedure', 'get', () => `/api/v1/procedures/${procA.id}/assessments`],
      ['A’s assessment', 'get', () => `/api/v1/assessments/${assessmentA.id}`],
      ['submitting to A’s procedure', 'post', () => `/api/v1/procedures/${procA.id}/assessments`],
    ] as const)('a liaison of B gets 404 for %s', async (_name, method, path) => {
      const before = await assessmentCount(procA);
      const req = w.t.http()[method](path()).set(w.as(w.liaisonB));
      const res = await (method === 'post' ? req.send({ answers: answersUpTo(v1.levels, 0) }) : req);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(JSON.stringify(res.body)).not.toContain(procA.code);
      expect(await assessmentCount(procA)).toBe(before);
    });

    it('B’s own list never includes A’s rows', async () => {
      const own = (await w.t.http().get(`/api/v1/procedures/${procB.id}/assessments`).set(w.as(w.liaisonB)).expect(200)).body;
      expect(own.items.length).toBeGreaterThan(0);
      expect(own.items.every((i: { institutionId: string }) => i.institutionId === w.b.id)).toBe(true);
    });
  });

  describe('model versioning', () => {
    const v2Levels: Level[] = [
      { level: 0, name: 'Sin información', criteria: [] },
      { level: 1, name: 'Informativo', criteria: [{ key: 'info_published', label: 'Información publicada en línea' }] },
      {
        level: 2,
        name: 'En línea',
        criteria: [
          { key: 'online_filing', label: 'Solicitud en línea' },
          { key: 'online_payment', label: 'Pago en línea' },
        ],
      },
      { level: 3, name: 'Proactivo', criteria: [{ key: 'proactive_delivery', label: 'El Estado entrega el resultado sin solicitud' }] },
    ];
    let oldAssessment: { id: string; resultingLevel: number };
    let v2: { id: string };

    beforeAll(async () => {
      oldAssessment = (await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 2), evidenceNote: 'Formularios' }).expect(201))
        .body;
    });

    it('only the Commission publishes versions', async () => {
      await w.t.http().post('/api/v1/maturity-models').set(w.as(w.liaisonA)).send({ name: 'Mi escala', levels: v2Levels }).expect(403);
      await w.t.http().post('/api/v1/maturity-models').set(w.as(w.adminA)).send({ name: 'Mi escala', levels: v2Levels }).expect(403);
    });

    it('a model with bad levels → 400 with located details, and nothing is created', async () => {
      const bad = [
        { level: 0, name: 'Cero', criteria: [{ key: 'algo', label: 'No va aquí' }] },
        { level: 1, name: 'Uno', criteria: [{ key: 'info_published', label: 'Publicado' }] },
        {
          level: 3,
          name: '  ',
          criteria: [
            { key: 'info_published', label: 'Repetido' },
            { key: 'Pago-En-Linea', label: 'Mal escrito' },
          ],
        },
      ];
      const res = await w.t
        .http()
        .post('/api/v1/maturity-models')
        .set(w.as(w.analyst))
        .send({ name: 'Escala defectuosa', levels: bad })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
        'levels.0.criteria',
        'levels.2.level',
        'levels.2.name',
        'levels.2.criteria.0.key',
        'levels.2.criteria.1.key',
      ]);
      const shape = await w.t
        .http()
        .post('/api/v1/maturity-models')
        .set(w.as(w.analyst))
        .send({ name: 'Escala', levels: [{ level: 'uno', criteria: 'x' }] })
        .expect(400);
      expect(shape.body.code).toBe('VALIDATION_FAILED');
      const list = (await w.t.http().get('/api/v1/maturity-models').set(w.as(w.analyst)).expect(200)).body;
      expect(list.total).toBe(1);
    });

    it('a good model becomes the next version, inactive; new submissions still use v1', async () => {
      const res = await w.t
        .http()
        .post('/api/v1/maturity-models')
        .set(w.as(w.analyst))
        .send({ name: 'Escala de madurez v2', levels: v2Levels })
        .expect(201);
      expect(res.body).toMatchObject({ version: 2, active: false, createdBy: w.analyst.id, name: 'Escala de madurez v2' });
      expect(res.body.levels).toEqual(v2Levels);
      v2 = res.body;
      expect((await w.t.http().get('/api/v1/maturity-models/active').set(w.as(w.liaisonA)).expect(200)).body.id).toBe(v1.id);
      const s = await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 0) }).expect(201);
      expect(s.body.modelVersion).toBe(1);
      expect(await auditActions('maturity_model', v2.id)).toEqual(['create']);
    });

    it('activating v2 makes it the only active version; old assessments keep v1 and their level', async () => {
      await w.t.http().post(`/api/v1/maturity-models/${v2.id}/activate`).set(w.as(w.liaisonA)).expect(403);
      const res = await w.t.http().post(`/api/v1/maturity-models/${v2.id}/activate`).set(w.as(w.admin)).expect(200);
      expect(res.body).toMatchObject({ id: v2.id, version: 2, active: true });
      const list = (await w.t.http().get('/api/v1/maturity-models').set(w.as(w.liaisonA)).expect(200)).body;
      expect(list.items.map((m: { version: number; active: boolean }) => [m.version, m.active])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(await auditActions('maturity_model', v2.id)).toEqual(['activate', 'create']);
      expect(await auditActions('maturity_model', v1.id)).toEqual(['deactivate']);
      // activating again changes nothing
      await w.t.http().post(`/api/v1/maturity-models/${v2.id}/activate`).set(w.as(w.analyst)).expect(200);
      expect(await auditActions('maturity_model', v2.id)).toEqual(['activate', 'create']);

      const old = (await w.t.http().get(`/api/v1/assessments/${oldAssessment.id}`).set(w.as(w.liaisonA)).expect(200)).body;
      expect(old).toMatchObject({ modelId: v1.id, modelVersion: 1, resultingLevel: 2 });
    });

    it('new submissions answer v2: v1 answers are refused, v2 answers are scored with v2', async () => {
      const refused = await submit(w.liaisonA, procA.id, { answers: answersUpTo(v1.levels, 0) }).expect(400);
      expect(refused.body.message).toContain('versión 2');
      const res = await submit(w.liaisonA, procA.id, {
        answers: answersUpTo(v2Levels, 2),
        evidenceNote: 'Solicitud y pago en línea',
      }).expect(201);
      expect(res.body).toMatchObject({ modelId: v2.id, modelVersion: 2, resultingLevel: 2 });
      // an old v1 submission can still be validated, with the level it was given under v1
      await w.t.http().post(`/api/v1/assessments/${oldAssessment.id}/validate`).set(w.as(w.analyst)).send({}).expect(200);
      expect((await w.t.http().get(`/api/v1/assessments/${oldAssessment.id}`).set(w.as(w.analyst)).expect(200)).body).toMatchObject({
        modelVersion: 1,
        resultingLevel: 2,
      });
    });

    it('switching back to v1 leaves exactly one active version', async () => {
      await w.t.http().post(`/api/v1/maturity-models/${v1.id}/activate`).set(w.as(w.analyst)).expect(200);
      const list = (await w.t.http().get('/api/v1/maturity-models').set(w.as(w.analyst)).expect(200)).body;
      expect(list.items.filter((m: { active: boolean }) => m.active).map((m: { id: string }) => m.id)).toEqual([v1.id]);
    });
  });
});
