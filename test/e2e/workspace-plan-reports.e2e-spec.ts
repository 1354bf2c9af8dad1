import { subjectPagePath } from '../../src/common/http/page-links';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { quarterStart } from '../../src/modules/inventory/rules/report-due-date';
import { useWorld } from '../helpers/world';
import { pageClient, PageClient } from '../helpers/workspace-client';

const today = todayInGuatemala();
const year = Number(today.slice(0, 4));
const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
const qStart = quarterStart(year, quarter);
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];
const idAfter = (location: string) => location.split('/').pop()!;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('Workspace: Plan and Informes (plans, milestones and quarterly reports as pages)', () => {
  const w = useWorld({ label: 'de Plan e Informes' });
  let a: PageClient;
  let planId: string;
  const ids: Record<string, string> = {};
  let reportId: string;

  beforeAll(async () => {
    a = pageClient(w.t, '10.83.0.1');
    await a.signIn(w.liaisonA.email);
  });

  it('refuses an invalid plan with the messages beside each field, keeping what was typed, then registers it', async () => {
    await a.get('/app/plan/nuevo');
    const bad = await a.post('/app/plan/nuevo', { title: 'P', periodStart: 'ayer', periodEnd: `${year}-12-31`, budgetGtq: 'mucho' });
    expect(bad.status).toBe(400);
    for (const f of ['title', 'periodStart', 'budgetGtq']) expect(bad.text).toContain(`id="f-${f}-error"`);
    expect(bad.text).toContain('value="mucho"');
    const backwards = await a.post('/app/plan/nuevo', {
      title: 'Plan de páginas',
      periodStart: `${year}-12-31`,
      periodEnd: `${year}-01-01`,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.text).toContain('id="f-periodEnd-error"');
    const ok = await a.post('/app/plan/nuevo', {
      title: 'Plan de páginas',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      budgetGtq: '',
    });
    expect(ok.status).toBe(303);
    planId = idAfter(ok.headers.location);
    const plan = (await w.t.http().get(`/api/v1/plans/${planId}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(plan).toMatchObject({ title: 'Plan de páginas', status: 'draft', budgetGtq: null });
  });

  it('adds milestones (a date outside the period is refused beside the field)', async () => {
    await a.get(`/app/plan/${planId}/hitos/nuevo`);
    const outside = await a.post(`/app/plan/${planId}/hitos/nuevo`, {
      kind: 'raise_level',
      target: 'Fuera del periodo',
      dueDate: `${year + 1}-02-01`,
      procedureId: '',
    });
    expect(outside.status).toBe(400);
    expect(outside.text).toContain('id="f-dueDate-error"');
    expect(outside.text).toContain('value="Fuera del periodo"');
    for (const [target, dueDate] of [
      ['Pago en línea de la licencia', qStart],
      ['Formulario único publicado', qStart],
      ['Interoperar con RENAP', `${year}-12-31`],
    ]) {
      const res = await a.post(`/app/plan/${planId}/hitos/nuevo`, { kind: 'other', target, dueDate, procedureId: '' });
      expect(res.status).toBe(303);
    }
    const milestones = (await w.t.http().get(`/api/v1/milestones?planId=${planId}`).set(w.as(w.liaisonA)).expect(200)).body.items as Array<{
      id: string;
      target: string;
    }>;
    ids.done = milestones.find((m) => m.target.startsWith('Pago'))!.id;
    ids.missed = milestones.find((m) => m.target.startsWith('Formulario'))!.id;
    const page = await a.get(`/app/plan/${planId}`);
    expect(page.text).toContain('Pago en línea de la licencia');
    expect(page.text).toContain('Enviar el plan a la Comisión');
  });

  it('when someone else saved the plan first, shows both versions and lets the person keep theirs', async () => {
    const form = await a.get(`/app/plan/${planId}/editar`);
    const version = versionIn(form.text);
    await w.t
      .http()
      .patch(`/api/v1/plans/${planId}`)
      .set(w.as(w.adminA))
      .send({ version: Number(version), budgetGtq: '1000.00' })
      .expect(200);
    const mine = {
      version,
      title: 'Plan de páginas (corregido)',
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      budgetGtq: '2500',
    };
    const conflict = await a.post(`/app/plan/${planId}/editar`, mine);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('Otra persona guardó este plan antes que usted');
    const keep = await a.post(`/app/plan/${planId}/editar`, { ...mine, version: versionIn(conflict.text) });
    expect(keep.status).toBe(303);
    const stored = (await w.t.http().get(`/api/v1/plans/${planId}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(stored).toMatchObject({ title: 'Plan de páginas (corregido)', budgetGtq: '2500.00' });
  });

  it("submits the plan, sees it returned with the analyst's comment, and submits it again", async () => {
    expect((await a.post(`/app/plan/${planId}/enviar`, {})).status).toBe(303);
    expect((await a.get(`/app/plan/${planId}`)).text).toContain('espera la revisión de la Comisión');
    await w.t
      .http()
      .post(`/api/v1/plans/${planId}/return`)
      .set(w.as(w.analyst))
      .send({ comment: 'Agregue el presupuesto desglosado por trámite.' })
      .expect(200);
    const returned = await a.get(`/app/plan/${planId}`);
    expect(returned.text).toContain('Devuelto por la Comisión');
    expect(returned.text).toContain('Agregue el presupuesto desglosado por trámite.');
    expect((await a.get('/app/plan')).text).toContain('Devuelto con observaciones');
    expect((await a.post(`/app/plan/${planId}/enviar`, {})).status).toBe(303);
    await w.t.http().post(`/api/v1/plans/${planId}/approve`).set(w.as(w.analyst)).send({ approvalAct: 'Resolución 01-2026' }).expect(200);
    expect((await a.get(`/app/plan/${planId}`)).text).toContain('Crear una revisión del plan');
  });

  it("marks a milestone done with its evidence link and file (the reminder's link lands on the milestone's page; a file that is not a document is refused beside the field)", async () => {
    const landing = subjectPagePath(`/app/plan/${planId}/hitos/${ids.done}`);
    expect(landing).toBe(`/app/plan/${planId}/hitos/${ids.done}`);
    const page = await a.get(landing);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Marcar cumplido');
    // The form is multipart (the evidence may be a file): its token travels in the action URL.
    const done_ = async (fields: Record<string, string>, file?: { name: string; content: Buffer }) => {
      const form = await a.get(`${landing}/cumplir`);
      const action = /action="([^"]+\?_csrf=[^"]+)"/.exec(form.text)![1].replace(/&amp;/g, '&');
      let req = a.agent.post(action).set('X-Forwarded-For', '10.83.0.1');
      for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
      if (file) req = req.attach('evidenceFile', file.content, file.name);
      return req;
    };
    const bad = await done_({ completedOn: today, evidence: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-evidence-error"');
    expect(bad.text).toContain(`value="${today}"`);
    const future = await done_({ completedOn: `${year + 1}-01-01`, evidence: 'https://example.gob.gt/acuerdo.pdf' });
    expect(future.status).toBe(400);
    expect(future.text).toContain('id="f-completedOn-error"');
    const notPdf = await done_(
      { completedOn: today, evidence: 'Acuerdo publicado' },
      { name: 'acuerdo.pdf', content: Buffer.from('MZ esto no es un PDF') },
    );
    expect(notPdf.status).toBe(400);
    expect(notPdf.text).toContain('id="f-evidenceFile-error"');
    expect((await w.t.http().get(`/api/v1/milestones/${ids.done}`).set(w.as(w.liaisonA)).expect(200)).body.status).toBe('pending');
    const ok = await done_(
      { completedOn: today, evidence: 'Acuerdo publicado: https://example.gob.gt/acuerdo-12.pdf' },
      { name: 'acuerdo-12.pdf', content: PDF },
    );
    expect(ok.status).toBe(303);
    const done = await a.get(landing);
    expect(done.text).toContain('Cumplido el');
    expect(done.text).toContain('href="https://example.gob.gt/acuerdo-12.pdf"');
    expect(done.text).not.toContain('/cumplir?');
    const fileId = /href="\/app\/evidencia\/([0-9a-f-]{36})"/.exec(done.text)?.[1];
    expect(fileId).toBeDefined();
    expect(done.text).toContain('acuerdo-12.pdf');
    const download = await a.get(`/app/evidencia/${fileId}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    const api = (await w.t.http().get(`/api/v1/milestones/${ids.done}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(api.evidenceFile).toMatchObject({ id: fileId, contentType: 'application/pdf' });
    ids.file = fileId!;
    const again = await done_({ completedOn: today, evidence: 'otra vez' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('ya fue completado');
  });

  it("Informes lists what is owed and pre-fills the quarter's report with what the system knows", async () => {
    const list = await a.get('/app/informes');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Informes por presentar');
    // A requirement eliminated today (within the quarter), through the API.
    const proc = (
      await w.t
        .http()
        .post('/api/v1/procedures')
        .set(w.as(w.liaisonA))
        .send({ code: 'PLN-001', name: 'Licencia de páginas de plan' })
        .expect(201)
    ).body;
    const req = (
      await w.t
        .http()
        .post(`/api/v1/procedures/${proc.id}/requirements`)
        .set(w.as(w.liaisonA))
        .send({
          name: 'Fotocopia autenticada del DPI',
          issuer: 'applicant',
          evidenceType: 'document',
          legalBasisType: 'none',
          effectiveFrom: `${year - 1}-01-01`,
        })
        .expect(201)
    ).body;
    await w.t
      .http()
      .post(`/api/v1/requirements/${req.id}/end`)
      .set(w.as(w.liaisonA))
      .send({ version: req.version, effectiveTo: today, status: 'eliminated' })
      .expect(200);
    const form = await a.get(`/app/informes/nuevo?anio=${year}&trimestre=${quarter}`);
    expect(form.text).toContain('PLN-001 · Licencia de páginas de plan: «Fotocopia autenticada del DPI», eliminado desde el');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Hitos cumplidos (1):');
    expect(form.text).toContain('- Pago en línea de la licencia: cumplido el');
    if (qStart < today) expect(form.text).toContain('- Formulario único publicado: fecha límite');
    expect(form.text).not.toContain('- Interoperar con RENAP');
    expect(form.text).toContain('Lo que el sistema sabe del trimestre');
  });

  it('refuses a report without content beside the field, then submits it; a returned report is corrected and presented again', async () => {
    const bad = await a.post('/app/informes/nuevo', { year: String(year), quarter: String(quarter), content: 'corto' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-content-error"');
    expect(bad.text).toContain('>corto</textarea>');
    const future = await a.post('/app/informes/nuevo', {
      year: String(year + 1),
      quarter: '4',
      content: 'Un informe de un trimestre que no ha comenzado.',
    });
    expect(future.status).toBe(400);
    expect(future.text).toContain('id="f-quarter-error"');
    const ok = await a.post('/app/informes/nuevo', {
      year: String(year),
      quarter: String(quarter),
      content: 'Se cumplió el pago en línea de la licencia.',
    });
    expect(ok.status).toBe(303);
    reportId = idAfter(ok.headers.location);
    expect((await a.get(`/app/informes/${reportId}`)).text).toContain('Se cumplió el pago en línea de la licencia.');
    const dup = await a.post('/app/informes/nuevo', {
      year: String(year),
      quarter: String(quarter),
      content: 'Otra vez el mismo trimestre.',
    });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('Ya existe el informe de avance');
    await w.t
      .http()
      .post(`/api/v1/progress-reports/${reportId}/review`)
      .set(w.as(w.analyst))
      .send({ decision: 'returned', comment: 'Explique el hito vencido.' })
      .expect(200);
    const returned = await a.get(`/app/informes/${reportId}`);
    expect(returned.text).toContain('Explique el hito vencido.');
    const fixed = await a.post(`/app/informes/${reportId}`, {
      version: versionIn(returned.text),
      content: 'Se cumplió el pago en línea; el formulario se atrasó por la licitación.',
    });
    expect(fixed.status).toBe(303);
    const stored = (await w.t.http().get(`/api/v1/progress-reports/${reportId}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(stored).toMatchObject({
      status: 'submitted',
      content: 'Se cumplió el pago en línea; el formulario se atrasó por la licitación.',
    });
  });

  it("another institution's user gets 404 on the plan, milestone and report pages and writes nothing", async () => {
    const b = pageClient(w.t, '10.83.0.2');
    await b.signIn(w.liaisonB.email);
    for (const path of [
      `/app/plan/${planId}`,
      `/app/plan/${planId}/editar`,
      `/app/plan/${planId}/hitos/${ids.missed}`,
      `/app/plan/${planId}/hitos/${ids.missed}/cumplir`,
      `/app/informes/${reportId}`,
    ]) {
      const res = await b.get(path);
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect((await b.get(`/app/evidencia/${ids.file}`)).status).toBe(404);
    const token =
      /action="[^"]*\?_csrf=([^"]+)"/.exec((await b.get('/app/plan/nuevo')).text)?.[1] ??
      /name="_csrf" value="([^"]+)"/.exec((await b.get('/app/plan')).text)![1];
    const intruder = await b.agent
      .post(`/app/plan/${planId}/hitos/${ids.missed}/cumplir?_csrf=${token}`)
      .set('X-Forwarded-For', '10.83.0.2')
      .field('completedOn', today)
      .field('evidence', 'intruso');
    expect(intruder.status).toBe(404);
    expect((await b.get('/app/plan')).text).not.toContain('Plan de páginas');
    const m = (await w.t.http().get(`/api/v1/milestones/${ids.missed}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(m.status).toBe('pending');
  });
});
