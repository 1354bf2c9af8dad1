import { asScope, createProcedure, TestProcedure } from '../helpers/factories';
import { useWorld } from '../helpers/world';
import { csrfOf, pageClient, PageClient } from '../helpers/workspace-client';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('Workspace: Madurez (criteria in Spanish, evidence files under RLS)', () => {
  const w = useWorld({ label: 'de Madurez' });
  let a: PageClient;
  let b: PageClient;
  let proc: TestProcedure;
  const ip = '10.83.0.1';

  /** Posts the assessment form as a browser does: multipart, the form token in the action URL. */
  const submit = async (
    client: PageClient,
    fields: Record<string, string | string[]>,
    file?: { content: Buffer; name: string; type: string },
    token?: string | null,
  ) => {
    const form = await client.get(`/app/madurez/${proc.id}`);
    const csrf = token === undefined ? csrfOf(form.text) : token;
    let req = client.agent.post(`/app/madurez/${proc.id}${csrf ? `?_csrf=${encodeURIComponent(csrf)}` : ''}`).set('X-Forwarded-For', ip);
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) req = req.field(k, one);
    if (file) req = req.attach('evidenceFile', file.content, { filename: file.name, contentType: file.type });
    return req;
  };
  const counts = () =>
    asScope(w.t.dataSource, 'tenant', w.a.id, async (em) => {
      const [row] = await em.query(
        `SELECT (SELECT count(*)::int FROM evidence_files) AS files, (SELECT count(*)::int FROM maturity_assessments WHERE procedure_id = $1) AS assessments`,
        [proc.id],
      );
      return row as { files: number; assessments: number };
    });

  beforeAll(async () => {
    proc = await createProcedure(w.t.dataSource, w.a.id, { name: 'Licencia evaluada en Madurez' });
    a = pageClient(w.t, ip);
    await a.signIn(w.liaisonA.email);
    b = pageClient(w.t, '10.83.0.2');
    await b.signIn(w.liaisonB.email);
  });

  it("lists the procedures and shows the active model's criteria in Spanish, grouped by level", async () => {
    const list = await a.get('/app/madurez');
    expect(list.status).toBe(200);
    expect(list.text).toContain('Licencia evaluada en Madurez');
    const form = await a.get(`/app/madurez/${proc.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Nivel 1: Informativo');
    expect(form.text).toContain('Descripción, requisitos, costo, plazo y base legal publicados en línea');
    expect(form.text).toContain('enctype="multipart/form-data"');
    // keys are form values only, never text a person reads
    expect(form.text.replace(/<[^>]+>/g, ' ')).not.toMatch(/info_published|online_payment/);
  });

  it('refuses a post without the form token (403) and writes nothing', async () => {
    const before = await counts();
    const res = await submit(a, { criteria: 'info_published', evidenceNote: 'Sin token' }, undefined, null);
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('asks for evidence from level 1 on, beside the fields', async () => {
    const res = await submit(a, { criteria: 'info_published' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="f-evidenceUrl-error"');
    expect(res.text).toContain('Desde el nivel 1 se necesita evidencia: un enlace, un archivo, una nota');
  });

  it('sniffs the type: an HTML page sent as "application/pdf" is refused beside the file field, nothing stored', async () => {
    const before = await counts();
    const res = await submit(
      a,
      { criteria: 'info_published' },
      { content: Buffer.from('<html><script>alert(1)</script></html>'), name: 'acta.pdf', type: 'application/pdf' },
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="f-evidenceFile-error"');
    expect(res.text).toContain('El tipo de archivo no se admite como evidencia');
    expect(res.text).toContain('checked'); // the answers are kept
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over 10 MB (413) with the message beside the field, nothing stored', async () => {
    const before = await counts();
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)]);
    const res = await submit(a, { criteria: 'info_published' }, { content: big, name: 'grande.pdf', type: 'application/pdf' });
    expect(res.status).toBe(413);
    expect(res.text).toContain('id="f-evidenceFile-error"');
    expect(res.text).toContain('10 MB');
    expect(await counts()).toEqual(before);
  });

  let fileId: string;
  it('submits with a file: the result page shows the level and the file; the download is an attachment of the sniffed type', async () => {
    const res = await submit(
      a,
      { criteria: 'info_published', evidenceUrl: 'https://www.ejemplo.gob.gt/tramite' },
      { content: PDF, name: 'acta de publicación.pdf', type: 'text/html' },
    );
    expect(res.status).toBe(303);
    const result = await a.get(res.headers.location);
    expect(result.status).toBe(200);
    expect(result.text).toContain('Evaluación de madurez: nivel 1');
    expect(result.text).toContain('En revisión');
    fileId = /href="\/app\/evidencia\/([0-9a-f-]{36})"/.exec(result.text)![1];
    const file = await a.agent
      .get(`/app/evidencia/${fileId}`)
      .set('X-Forwarded-For', ip)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="acta_de_publicacion.pdf"; filename\*=UTF-8''acta%20de%20publicaci%C3%B3n.pdf$/,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    const api = await w.t
      .http()
      .get(`/api/v1/assessments/${res.headers.location.split('/').pop()}`)
      .set(w.as(w.liaisonA))
      .expect(200);
    expect(api.body.evidenceFile).toEqual({
      id: fileId,
      fileName: 'acta de publicación.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
    });
  });

  it('another institution gets 404 for the file (page and API); the Commission may read it', async () => {
    expect((await b.get(`/app/evidencia/${fileId}`)).status).toBe(404);
    expect((await b.get(`/app/madurez/${proc.id}`)).status).toBe(404);
    await w.t.http().get(`/api/v1/evidence-files/${fileId}`).set(w.as(w.liaisonB)).expect(404);
    const analyst = await w.t.http().get(`/api/v1/evidence-files/${fileId}`).set(w.as(w.analyst)).expect(200);
    expect(analyst.headers['content-disposition']).toMatch(/^attachment;/);
    // and row-level security alone hides it: B's scope sees no row
    const seen = await asScope(w.t.dataSource, 'tenant', w.b.id, (em) => em.query(`SELECT id FROM evidence_files WHERE id = $1`, [fileId]));
    expect(seen).toEqual([]);
  });

  it("shows the analyst's comment when the assessment is returned", async () => {
    const [{ id }] = await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
      em.query(`SELECT id FROM maturity_assessments WHERE procedure_id = $1`, [proc.id]),
    );
    await w.t
      .http()
      .post(`/api/v1/assessments/${id}/reject`)
      .set(w.as(w.analyst))
      .send({ comment: 'El enlace no muestra el costo del trámite.' })
      .expect(200);
    const result = await a.get(`/app/madurez/evaluaciones/${id}`);
    expect(result.text).toContain('Rechazada');
    expect(result.text).toContain('El enlace no muestra el costo del trámite.');
    const list = await a.get('/app/madurez');
    expect(list.text).toContain('Devueltas por la Comisión');
  });
});
