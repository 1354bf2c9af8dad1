import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { asScope, createInstitution, createProcedure, createUser, TestInstitution, TestUser } from '../helpers/factories';
import { useWorld } from '../helpers/world';

describe('Procedures and requirements', () => {
  const w = useWorld();
  let liaisonA2: TestUser;

  beforeAll(async () => {
    liaisonA2 = await createUser(w.t.dataSource, 'liaison', w.a.id);
  });

  const newProcedure = (code: string, extra: object = {}) => ({
    code,
    name: `Licencia de importación de café ${code}`,
    feeGtq: '150.50',
    legalMaxDays: 30,
    actualMedianDays: 45,
    annualVolume: 1200,
    inPersonVisits: 2,
    foreignTrade: true,
    channels: ['in_person'],
    legalBasis: 'Decreto 5-2021',
    requirements: [
      {
        name: 'DPI del solicitante',
        issuer: 'applicant',
        legalBasisType: 'law',
        legalBasisReference: 'Decreto 90-2005',
        effectiveFrom: '2021-09-01',
      },
      { name: 'Declaración jurada de origen', legalBasisType: 'none', prohibitedKind: 'sworn_declaration', effectiveFrom: '2021-09-01' },
    ],
    ...extra,
  });

  describe('registration', () => {
    it('creates a procedure with its requirements and freezes the baseline', async () => {
      const res = await w.t.http().post('/api/v1/procedures').set(w.as(w.liaisonA)).send(newProcedure('IMP-001')).expect(201);
      expect(res.body).toMatchObject({
        code: 'IMP-001',
        institutionId: w.a.id,
        feeGtq: '150.50',
        currentLevel: 0,
        version: 1,
        status: 'active',
        baseline: { requirements: 2, days: 45, visits: 2, feeGtq: '150.50' },
      });
      const reqs = await w.t.http().get(`/api/v1/procedures/${res.body.id}/requirements`).set(w.as(w.liaisonA)).expect(200);
      expect(reqs.body.items.map((r: { name: string; prohibited: boolean }) => [r.name, r.prohibited]).sort()).toEqual(
        [
          ['DPI del solicitante', false],
          ['Declaración jurada de origen', true],
        ].sort(),
      );
      const changes = await w.t.http().get(`/api/v1/procedures/${res.body.id}/changes`).set(w.as(w.liaisonA)).expect(200);
      expect(changes.body.items.map((c: { subject: string; action: string }) => `${c.subject}:${c.action}`).sort()).toEqual([
        'procedure:create',
        'requirement:create',
        'requirement:create',
      ]);
      // The initial requirements are audited together: one row on the procedure listing both, none per requirement.
      const audit = (await asScope(w.t.dataSource, 'admin', null, (em) =>
        em.query(
          `SELECT entity, action, after FROM audit_events
          WHERE entity_id = $1::text OR entity_id IN (SELECT id::text FROM requirements WHERE procedure_id = $1::uuid) ORDER BY id`,
          [res.body.id],
        ),
      )) as Array<{ entity: string; action: string; after: { requirements?: Array<{ id: string; name: string }> } }>;
      expect(audit.map((e) => `${e.entity}:${e.action}`)).toEqual(['procedure:add_requirements', 'procedure:create']);
      expect(audit[0].after.requirements!.map((r) => r.id).sort()).toEqual(reqs.body.items.map((r: { id: string }) => r.id).sort());
    });

    it('a level-4 claim with a visit is warned; the declared level shows beside the validated one; unknown fee and visits stay unknown', async () => {
      const res = await w.t
        .http()
        .post('/api/v1/procedures')
        .set(w.as(w.liaisonA))
        .send(
          newProcedure('IMP-L4', {
            declaredLevel: 4,
            channels: ['online'],
            onlineUrl: 'https://tramites.gob.gt/l4',
            formsUrl: 'https://tramites.gob.gt/f',
            formsFree: true,
            requirements: [],
          }),
        )
        .expect(201);
      expect(res.body).toMatchObject({
        declaredLevel: 4,
        currentLevel: 0,
        declaredLevelStatus: 'not_assessed',
        lastReviewedAt: todayInGuatemala(),
      });
      expect(res.body.warnings).toEqual([
        { code: 'level4_no_visit', message: 'Nivel 4: el nivel 4 o más requiere que no haya visitas presenciales (visitas = 0).' },
      ]);
      const fixed = await w.t
        .http()
        .patch(`/api/v1/procedures/${res.body.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: res.body.version, inPersonVisits: 0 })
        .expect(200);
      expect(fixed.body.warnings).toEqual([]);
      const unknown = await w.t
        .http()
        .post('/api/v1/procedures')
        .set(w.as(w.liaisonA))
        .send(newProcedure('IMP-UNK', { feeGtq: null, inPersonVisits: undefined, requirements: [] }))
        .expect(201);
      expect(unknown.body).toMatchObject({ feeGtq: null, inPersonVisits: null, baseline: { feeGtq: null, visits: null } });
      const read = await w.t.http().get(`/api/v1/procedures/${unknown.body.id}`).set(w.as(w.liaisonA)).expect(200);
      expect(read.body).toMatchObject({ feeGtq: null, inPersonVisits: null });
    });

    it('refuses a duplicate code in the same institution (409) but allows it in another', async () => {
      const dup = await w.t.http().post('/api/v1/procedures').set(w.as(w.liaisonA)).send(newProcedure('IMP-001')).expect(409);
      expect(dup.body.message).toContain('IMP-001');
      await w.t.http().post('/api/v1/procedures').set(w.as(w.liaisonB)).send(newProcedure('IMP-001')).expect(201);
    });

    it.each([
      ['negative fee', { feeGtq: '-5' }, 'feeGtq'],
      ['fee with three decimals', { feeGtq: 10.125 }, 'feeGtq'],
      ['negative days', { legalMaxDays: -1 }, 'legalMaxDays'],
      ['level outside the scale', { targetLevel: 11 }, 'targetLevel'],
      ['unknown channel', { channels: ['paloma'] }, 'channels'],
      [
        'unknown prohibited kind',
        { requirements: [{ name: 'Fianza', prohibitedKind: 'fianza_en_efectivo' }] },
        'requirements.0.prohibitedKind',
      ],
      [
        'other institution issuer without naming it',
        { requirements: [{ name: 'Constancia', issuer: 'other_institution' }] },
        'requirements.0.issuerInstitution',
      ],
      ['bad date', { targetDate: '2026-02-30' }, 'targetDate'],
    ])('refuses %s with a located 400 and writes nothing', async (_n, extra, field) => {
      const before = await w.t.http().get('/api/v1/procedures?pageSize=1').set(w.as(w.liaisonA)).expect(200);
      const res = await w.t
        .http()
        .post('/api/v1/procedures')
        .set(w.as(w.liaisonA))
        .send(newProcedure(`BAD-${field}`.slice(0, 40).replace(/[^A-Za-z0-9-]/g, '-'), extra))
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      const after = await w.t.http().get('/api/v1/procedures?pageSize=1').set(w.as(w.liaisonA)).expect(200);
      expect(after.body.total).toBe(before.body.total);
    });

    it.each([
      ['declaredLevel', 'creating'],
      ['targetLevel', 'creating'],
      ['declaredLevel', 'editing'],
      ['targetLevel', 'editing'],
    ])(
      'refuses %s 6 when %s under the active model (levels 0–5): 400 naming the field and the allowed levels, nothing written',
      async (field, when) => {
        const levels = await asScope(w.t.dataSource, 'admin', null, (em) => em.query(`SELECT levels FROM maturity_models WHERE active`));
        expect(levels.map((m: { levels: Array<{ level: number }> }) => m.levels.map((l) => l.level))).toEqual([[0, 1, 2, 3, 4, 5]]);
        const code = `LVL-${field}-${when}`;
        let res;
        if (when === 'creating') {
          res = await w.t
            .http()
            .post('/api/v1/procedures')
            .set(w.as(w.liaisonA))
            .send(newProcedure(code, { [field]: 6, requirements: [] }))
            .expect(400);
        } else {
          const p = await w.t
            .http()
            .post('/api/v1/procedures')
            .set(w.as(w.liaisonA))
            .send(newProcedure(code, { declaredLevel: 2, targetLevel: 5, requirements: [] }))
            .expect(201);
          res = await w.t
            .http()
            .patch(`/api/v1/procedures/${p.body.id}`)
            .set(w.as(w.liaisonA))
            .send({ version: 1, name: 'Otro nombre', [field]: 6 })
            .expect(400);
        }
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field, messages: [expect.stringContaining('niveles 0, 1, 2, 3, 4, 5')] }],
        });
        expect(res.body.message).toContain(field);
        const rows = await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
          em.query(
            `SELECT p.name, p.version, p.declared_level AS "declaredLevel", p.target_level AS "targetLevel"
           FROM procedures p WHERE p.institution_id = $1 AND p.code = $2`,
            [w.a.id, code],
          ),
        );
        expect(rows).toEqual(
          when === 'creating' ? [] : [{ name: `Licencia de importación de café ${code}`, version: 1, declaredLevel: 2, targetLevel: 5 }],
        );
      },
    );

    it('the Commission reads but does not register procedures', async () => {
      await w.t.http().post('/api/v1/procedures').set(w.as(w.analyst)).send(newProcedure('AN-1')).expect(403);
    });
  });

  describe('optimistic concurrency and change log', () => {
    it('a requirement edited with a stale version gets 409 with the current row; the first edit stays', async () => {
      const p = await w.t
        .http()
        .post('/api/v1/procedures')
        .set(w.as(w.liaisonA))
        .send(newProcedure('REQ-VER', { requirements: [] }))
        .expect(201);
      const r = (
        await w.t
          .http()
          .post(`/api/v1/procedures/${p.body.id}/requirements`)
          .set(w.as(w.liaisonA))
          .send({ name: 'Constancia de ingresos', legalBasisType: 'law' })
          .expect(201)
      ).body;
      expect(r).toMatchObject({ version: 1, status: 'active' });
      await w.t
        .http()
        .patch(`/api/v1/requirements/${r.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, name: 'Constancia de ingresos (original)' })
        .expect(200);
      const second = await w.t
        .http()
        .patch(`/api/v1/requirements/${r.id}`)
        .set(w.as(liaisonA2))
        .send({ version: 1, name: 'Otra constancia' })
        .expect(409);
      expect(second.body).toMatchObject({
        code: 'VERSION_CONFLICT',
        details: { currentVersion: 2, current: { id: r.id, version: 2, status: 'active', name: 'Constancia de ingresos (original)' } },
      });
      const now = (await w.t.http().get(`/api/v1/requirements/${r.id}`).set(w.as(w.liaisonA)).expect(200)).body;
      expect(now).toMatchObject({ version: 2, name: 'Constancia de ingresos (original)' });
    });

    it('the second of two editors gets 409 with the current version; the first edit is logged field by field', async () => {
      const p = await createProcedure(w.t.dataSource, w.a.id, { feeGtq: '100.00' });
      const first = await w.t
        .http()
        .patch(`/api/v1/procedures/${p.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, feeGtq: '75.00', actualMedianDays: 20 })
        .expect(200);
      expect(first.body).toMatchObject({ version: 2, feeGtq: '75.00', baseline: { feeGtq: '100.00' } });
      const second = await w.t
        .http()
        .patch(`/api/v1/procedures/${p.id}`)
        .set(w.as(liaisonA2))
        .send({ version: 1, feeGtq: '0.00' })
        .expect(409);
      expect(second.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const changes = (await w.t.http().get(`/api/v1/procedures/${p.id}/changes`).set(w.as(w.analyst)).expect(200)).body.items;
      const fee = changes.find((c: { field: string }) => c.field === 'feeGtq');
      expect(fee).toMatchObject({ action: 'update', oldValue: '100.00', newValue: '75.00', changedBy: w.liaisonA.id });
      expect(changes.find((c: { field: string }) => c.field === 'actualMedianDays')).toMatchObject({ oldValue: 45, newValue: 20 });
    });

    it('merging needs the absorbing procedure of the same institution', async () => {
      const p = await createProcedure(w.t.dataSource, w.a.id);
      const other = await createProcedure(w.t.dataSource, w.b.id);
      await w.t.http().patch(`/api/v1/procedures/${p.id}`).set(w.as(w.liaisonA)).send({ version: 1, status: 'merged' }).expect(400);
      await w.t
        .http()
        .patch(`/api/v1/procedures/${p.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, status: 'merged', mergedIntoId: other.id })
        .expect(404);
    });
  });

  describe('lists', () => {
    let inst: TestInstitution;
    let liaison: TestUser;
    beforeAll(async () => {
      inst = await createInstitution(w.t.dataSource, 'Ministerio de Listas');
      liaison = await createUser(w.t.dataSource, 'liaison', inst.id);
      await createProcedure(w.t.dataSource, inst.id, {
        code: 'L-1',
        name: 'Licencia sanitaria de alimentos',
        foreignTrade: true,
        currentLevel: 3,
        feeGtq: '500.00',
      });
      await createProcedure(w.t.dataSource, inst.id, {
        code: 'L-2',
        name: 'Certificado de exportación',
        foreignTrade: true,
        prioritized: true,
        currentLevel: 1,
        feeGtq: '50.00',
      });
      await createProcedure(w.t.dataSource, inst.id, { code: 'L-3', name: 'Registro de importadores', currentLevel: 3, feeGtq: '10.00' });
    });

    it('filters by flags and level, searches without accents, sorts and pages with totals', async () => {
      const get = (qs: string) =>
        w.t
          .http()
          .get(`/api/v1/procedures?${qs}`)
          .set(w.as(liaison))
          .expect(200)
          .then((r) => r.body);
      expect((await get('foreignTrade=true&sort=code')).items.map((p: { code: string }) => p.code)).toEqual(['L-1', 'L-2']);
      expect((await get('level=3&sort=-feeGtq')).items.map((p: { code: string }) => p.code)).toEqual(['L-1', 'L-3']);
      expect((await get('q=EXPORTACION')).items.map((p: { code: string }) => p.code)).toEqual(['L-2']);
      expect((await get('q=sanitária')).items.map((p: { code: string }) => p.code)).toEqual(['L-1']);
      const page = await get('pageSize=2&page=2&sort=code');
      expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.items.map((p: { code: string }) => p.code)).toEqual(['L-3']);
    });

    it('updatedSince returns only what changed since', async () => {
      const since = new Date().toISOString();
      const all = (await w.t.http().get('/api/v1/procedures?sort=code').set(w.as(liaison)).expect(200)).body.items;
      const l3 = all.find((p: { code: string }) => p.code === 'L-3');
      await w.t
        .http()
        .patch(`/api/v1/procedures/${l3.id}`)
        .set(w.as(liaison))
        .send({ version: l3.version, lastReviewedAt: '2026-11-01' })
        .expect(200);
      const changed = (
        await w.t
          .http()
          .get(`/api/v1/procedures?updatedSince=${encodeURIComponent(since)}`)
          .set(w.as(liaison))
          .expect(200)
      ).body;
      expect(changed.items.map((p: { code: string }) => p.code)).toEqual(['L-3']);
    });

    it('refuses unknown sort fields and filters', async () => {
      const res = await w.t.http().get('/api/v1/procedures?sort=password').set(w.as(liaison)).expect(400);
      expect(res.body.message).toContain('code');
      await w.t.http().get('/api/v1/procedures?colour=red').set(w.as(liaison)).expect(400);
    });
  });

  describe('effective-dated requirements', () => {
    it('answers "which requirements applied on a date", keeps eliminated ones in the history', async () => {
      const p = await w.t
        .http()
        .post('/api/v1/procedures')
        .set(w.as(w.liaisonA))
        .send(newProcedure('HIST-1', { requirements: [] }))
        .expect(201);
      const add = (name: string, effectiveFrom: string) =>
        w.t
          .http()
          .post(`/api/v1/procedures/${p.body.id}/requirements`)
          .set(w.as(w.liaisonA))
          .send({ name, legalBasisType: 'law', effectiveFrom })
          .expect(201)
          .then((r) => r.body);
      const dpi = await add('DPI', '2021-09-01');
      const police = await add('Constancia de antecedentes policiacos', '2021-09-01');
      await add('Formulario electrónico', '2024-01-15');
      await w.t
        .http()
        .post(`/api/v1/requirements/${police.id}/end`)
        .set(w.as(w.liaisonA))
        .send({ version: police.version, effectiveTo: '2023-06-01' })
        .expect(200);

      const on = (day: string) =>
        w.t
          .http()
          .get(`/api/v1/procedures/${p.body.id}/requirements?asOf=${day}`)
          .set(w.as(w.liaisonA))
          .expect(200)
          .then((r) => r.body.items.map((x: { name: string }) => x.name).sort());
      expect(await on('2023-05-01')).toEqual(['Constancia de antecedentes policiacos', 'DPI']);
      expect(await on('2023-06-01')).toEqual(['DPI']); // the end date is the first day it no longer applies
      expect(await on('2024-02-01')).toEqual(['DPI', 'Formulario electrónico']);
      expect(await on('2021-08-31')).toEqual([]);
      const history = (await w.t.http().get(`/api/v1/procedures/${p.body.id}/requirements?history=true`).set(w.as(w.analyst)).expect(200))
        .body;
      expect(history.items).toHaveLength(3);
      expect(history.items.find((r: { id: string }) => r.id === police.id)).toMatchObject({
        status: 'eliminated',
        effectiveTo: '2023-06-01',
      });

      // history is not rewritten: the current version of an ended requirement is still refused (not a stale-version 409)
      const ended = await w.t
        .http()
        .patch(`/api/v1/requirements/${police.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 2, name: 'Otro' })
        .expect(409);
      expect(ended.body.code).not.toBe('VERSION_CONFLICT');
      expect(ended.body.message).toContain('ya no está vigente');
      await w.t
        .http()
        .post(`/api/v1/requirements/${dpi.id}/end`)
        .set(w.as(w.liaisonA))
        .send({ version: dpi.version, effectiveTo: '2020-01-01' })
        .expect(400);
      const rows = await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
        em.query(`SELECT count(*)::int AS n FROM requirements WHERE procedure_id = $1`, [p.body.id]),
      );
      expect(rows[0].n).toBe(3);
    });
  });

  describe('cross-tenant isolation', () => {
    let pA: { id: string };
    let rA: { id: string };
    beforeAll(async () => {
      pA = (await w.t.http().post('/api/v1/procedures').set(w.as(w.liaisonA)).send(newProcedure('ISO-1'))).body;
      rA = (await w.t.http().get(`/api/v1/procedures/${pA.id}/requirements`).set(w.as(w.liaisonA))).body.items[0];
    });

    const routes: Array<[string, 'get' | 'patch' | 'post', () => string, object | null]> = [
      ['GET procedure', 'get', () => `/api/v1/procedures/${pA.id}`, null],
      ['PATCH procedure', 'patch', () => `/api/v1/procedures/${pA.id}`, { version: 1, name: 'Intruso' }],
      ['GET changes', 'get', () => `/api/v1/procedures/${pA.id}/changes`, null],
      ['GET requirements', 'get', () => `/api/v1/procedures/${pA.id}/requirements`, null],
      ['POST requirement', 'post', () => `/api/v1/procedures/${pA.id}/requirements`, { name: 'Intruso' }],
      ['GET requirement', 'get', () => `/api/v1/requirements/${rA.id}`, null],
      ['PATCH requirement', 'patch', () => `/api/v1/requirements/${rA.id}`, { version: 1, name: 'Intruso' }],
      ['END requirement', 'post', () => `/api/v1/requirements/${rA.id}/end`, { version: 1 }],
      ['list with institutionId', 'get', () => `/api/v1/procedures?institutionId=${w.a.id}`, null],
    ];
    it.each(routes)('liaison of B: %s of A → 404', async (_n, method, path, body) => {
      const req = w.t.http()[method](path()).set(w.as(w.liaisonB));
      const res = await (body ? req.send(body) : req);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('lists of B never include A rows; the Commission sees both', async () => {
      const listB = (await w.t.http().get('/api/v1/procedures?pageSize=200').set(w.as(w.liaisonB)).expect(200)).body.items;
      expect(listB.every((p: { institutionId: string }) => p.institutionId === w.b.id)).toBe(true);
      const all = (await w.t.http().get('/api/v1/procedures?pageSize=200&q=ISO-1').set(w.as(w.analyst)).expect(200)).body.items;
      expect(all.map((p: { institutionId: string }) => p.institutionId)).toEqual([w.a.id]);
      const name = (await w.t.http().get(`/api/v1/procedures/${pA.id}`).set(w.as(w.liaisonA)).expect(200)).body.name;
      expect(name).not.toBe('Intruso');
    });
  });
});
