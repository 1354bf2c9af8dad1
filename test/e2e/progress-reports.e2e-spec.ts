import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { reportDueDate } from '../../src/modules/inventory/rules/report-due-date';
import { asScope, auditTrail } from '../helpers/factories';
import { useWorld } from '../helpers/world';

const today = todayInGuatemala();
const current = { year: Number(today.slice(0, 4)), quarter: Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1 };
const next = current.quarter === 4 ? { year: current.year + 1, quarter: 1 } : { year: current.year, quarter: current.quarter + 1 };

describe('Quarterly progress reports', () => {
  const w = useWorld({ label: 'de Informes' });
  const counts = () =>
    asScope(w.t.dataSource, 'read_all', null, async (em) => {
      const [row] = await em.query(
        `SELECT (SELECT count(*) FROM progress_reports)::int AS reports, (SELECT count(*) FROM audit_events)::int AS audit`,
      );
      return row as { reports: number; audit: number };
    });
  const auditActions = (entityId: string) => auditTrail(w.t, w.admin, entityId);
  const content = (what: string) => `Avance del trimestre: ${what}. Se publicaron formularios y se redujeron requisitos.`;

  let lateReport: { id: string };
  let currentReport: { id: string };

  it('a past quarter presented now is late: due 10 days after the quarter ends', async () => {
    const res = await w.t
      .http()
      .post('/api/v1/progress-reports')
      .set(w.as(w.liaisonA))
      .send({ year: 2025, quarter: 1, content: content('enero a marzo') })
      .expect(201);
    expect(res.body).toMatchObject({
      institutionId: w.a.id,
      year: 2025,
      quarter: 1,
      status: 'submitted',
      submittedBy: w.liaisonA.id,
      dueDate: '2025-04-10',
      onTime: false,
      reviewedBy: null,
      reviewComment: null,
      version: 1,
    });
    expect(Date.now() - new Date(res.body.submittedAt).getTime()).toBeLessThan(60_000);
    lateReport = res.body;
    expect(await auditActions(lateReport.id)).toEqual(['create']);
  });

  it('the current quarter presented now is on time', async () => {
    const res = await w.t
      .http()
      .post('/api/v1/progress-reports')
      .set(w.as(w.adminA))
      .send({ ...current, content: content('trimestre en curso') })
      .expect(201);
    expect(res.body).toMatchObject({ ...current, dueDate: reportDueDate(current.year, current.quarter), onTime: true });
    currentReport = res.body;
  });

  it('one report per institution and quarter: a second one is a 409 and writes nothing', async () => {
    const before = await counts();
    const res = await w.t
      .http()
      .post('/api/v1/progress-reports')
      .set(w.as(w.adminA))
      .send({ year: 2025, quarter: 1, content: content('repetido') })
      .expect(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', details: { existingReportId: lateReport.id } });
    expect(res.body.message).toMatch(/trimestre 1 de 2025/);
    expect(await counts()).toEqual(before);
    // another institution may report the same quarter
    await w.t
      .http()
      .post('/api/v1/progress-reports')
      .set(w.as(w.liaisonB))
      .send({ year: 2025, quarter: 1, content: content('de B') })
      .expect(201);
  });

  it.each([
    ['a quarter that has not begun', () => ({ ...next, content: content('futuro') }), 'quarter'],
    ['quarter 5', () => ({ year: 2025, quarter: 5, content: content('quinto') }), 'quarter'],
    ['a year before the law', () => ({ year: 2020, quarter: 1, content: content('antes') }), 'year'],
    ['empty content', () => ({ year: 2025, quarter: 2, content: '' }), 'content'],
    ['year as text', () => ({ year: '2025', quarter: 2, content: content('texto') }), 'year'],
  ])('%s → 400, nothing written', async (_name, body, field) => {
    const before = await counts();
    const res = await w.t.http().post('/api/v1/progress-reports').set(w.as(w.liaisonA)).send(body()).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('roles: the Commission does not present reports; institutions do not review them', async () => {
    await w.t
      .http()
      .post('/api/v1/progress-reports')
      .set(w.as(w.analyst))
      .send({ year: 2025, quarter: 3, content: content('Comisión') })
      .expect(403);
    await w.t
      .http()
      .post(`/api/v1/progress-reports/${lateReport.id}/review`)
      .set(w.as(w.adminA))
      .send({ decision: 'accepted' })
      .expect(403);
  });

  describe('review by the Commission', () => {
    it('a submitted report cannot be edited (409 naming the state)', async () => {
      const res = await w.t
        .http()
        .patch(`/api/v1/progress-reports/${lateReport.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, content: content('cambio') })
        .expect(409);
      expect(res.body.message).toContain('«enviado»');
    });

    it('returning needs a comment', async () => {
      const res = await w.t
        .http()
        .post(`/api/v1/progress-reports/${lateReport.id}/review`)
        .set(w.as(w.analyst))
        .send({ decision: 'returned' })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['comment']);
      await w.t
        .http()
        .post(`/api/v1/progress-reports/${lateReport.id}/review`)
        .set(w.as(w.analyst))
        .send({ decision: 'rechazado', comment: 'x'.repeat(10) })
        .expect(400);
    });

    it('returned with a comment → corrected by the institution (version checked) → submitted again → accepted', async () => {
      const returned = await w.t
        .http()
        .post(`/api/v1/progress-reports/${lateReport.id}/review`)
        .set(w.as(w.analyst))
        .send({ decision: 'returned', comment: 'Incluya el avance de los hitos vencidos.' })
        .expect(200);
      expect(returned.body).toMatchObject({
        status: 'returned',
        reviewedBy: w.analyst.id,
        reviewComment: 'Incluya el avance de los hitos vencidos.',
        version: 2,
      });
      expect(returned.body.reviewedAt).toEqual(expect.any(String));
      // reviewing again is not possible until it is submitted again
      await w.t
        .http()
        .post(`/api/v1/progress-reports/${lateReport.id}/review`)
        .set(w.as(w.analyst))
        .send({ decision: 'accepted' })
        .expect(409);

      const stale = await w.t
        .http()
        .patch(`/api/v1/progress-reports/${lateReport.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 1, content: content('viejo') })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

      const corrected = await w.t
        .http()
        .patch(`/api/v1/progress-reports/${lateReport.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 2, content: content('con los hitos vencidos') })
        .expect(200);
      expect(corrected.body).toMatchObject({ status: 'submitted', content: content('con los hitos vencidos'), version: 3 });
      expect(corrected.body.submittedAt).toBe((lateReport as unknown as { submittedAt: string }).submittedAt);

      const accepted = await w.t
        .http()
        .post(`/api/v1/progress-reports/${lateReport.id}/review`)
        .set(w.as(w.admin))
        .send({ decision: 'accepted', comment: 'Conforme.' })
        .expect(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', reviewedBy: w.admin.id, reviewComment: 'Conforme.' });
      await w.t
        .http()
        .patch(`/api/v1/progress-reports/${lateReport.id}`)
        .set(w.as(w.liaisonA))
        .send({ version: 4, content: content('otro') })
        .expect(409);
      expect(await auditActions(lateReport.id)).toEqual(['create', 'review', 'resubmit', 'review']);
    });

    it('lists filter by year, quarter and status', async () => {
      const list = async (q: string, u = w.liaisonA) =>
        (await w.t.http().get(`/api/v1/progress-reports?${q}`).set(w.as(u)).expect(200)).body;
      expect((await list('year=2025')).items.map((r: { id: string }) => r.id)).toEqual([lateReport.id]);
      expect((await list('status=accepted')).total).toBe(1);
      expect((await list(`year=${current.year}&quarter=${current.quarter}`)).items.map((r: { id: string }) => r.id)).toEqual([
        currentReport.id,
      ]);
      const submitted = await list(`status=submitted&institutionId=${w.a.id}`, w.analyst);
      expect(submitted.items.map((r: { id: string }) => r.id)).toEqual([currentReport.id]);
      await w.t.http().get('/api/v1/progress-reports?quarter=7').set(w.as(w.liaisonA)).expect(400);
    });
  });

  describe('tenant isolation', () => {
    it.each([
      ['GET', () => ({ method: 'get' as const, path: `/api/v1/progress-reports/${lateReport.id}` })],
      [
        'PATCH',
        () => ({
          method: 'patch' as const,
          path: `/api/v1/progress-reports/${currentReport.id}`,
          body: { version: 1, content: content('intruso') },
        }),
      ],
      ['list by filter', () => ({ method: 'get' as const, path: `/api/v1/progress-reports?institutionId=${w.a.id}` })],
    ])("a liaison of B: %s of A's report → 404, nothing written", async (_name, build) => {
      const r = build();
      const before = await counts();
      const req = w.t.http()[r.method](r.path).set(w.as(w.liaisonB));
      const res = await ('body' in r ? req.send(r.body) : req);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(await counts()).toEqual(before);
    });

    it("B's list never includes A's reports; the Commission sees both", async () => {
      const ofB = (await w.t.http().get('/api/v1/progress-reports?pageSize=200').set(w.as(w.liaisonB)).expect(200)).body;
      expect(ofB.total).toBe(1);
      expect(ofB.items.every((r: { institutionId: string }) => r.institutionId === w.b.id)).toBe(true);
      const all = (await w.t.http().get('/api/v1/progress-reports?year=2025&pageSize=200').set(w.as(w.analyst)).expect(200)).body;
      expect(all.items.map((r: { institutionId: string }) => r.institutionId).sort()).toEqual([w.a.id, w.b.id].sort());
      await w.t.http().get(`/api/v1/progress-reports/${lateReport.id}`).set(w.as(w.analyst)).expect(200);
    });
  });
});
