import { csv, requisitos, tramites, xlsx } from '../../src/modules/inventory/import-export/__tests__/fixtures';
import { asScope, createProcedure, createRequirement } from '../helpers/factories';
import { useWorld } from '../helpers/world';
import { csrfOf, pageClient, PageClient } from '../helpers/workspace-client';

describe('Workspace: Importar (review, located problems, what would change, confirm, progress)', () => {
  const w = useWorld({ label: 'de Importar', app: { worker: true } });
  let a: PageClient;
  const ip = '10.84.0.1';
  const code = `IMP-${Date.now().toString(36).toUpperCase()}`;

  const upload = async (
    files: Partial<Record<'file' | 'tramites' | 'requisitos', { content: Buffer; name: string }>>,
    token?: string | null,
  ) => {
    const page = await a.get('/app/importar');
    const csrf = token === undefined ? csrfOf(page.text) : token;
    // a browser always sends the form as multipart, even with no file chosen
    let req = a.agent
      .post(`/app/importar${csrf ? `?_csrf=${encodeURIComponent(csrf)}` : ''}`)
      .set('X-Forwarded-For', ip)
      .field('enviado', 'sí');
    for (const [field, f] of Object.entries(files)) req = req.attach(field, f!.content, f!.name);
    return req;
  };
  /** Follows the progress page (as the browser does with its Refresh header) until it stops refreshing. */
  const settle = async (path: string) => {
    for (let i = 0; i < 100; i++) {
      const res = await a.get(path);
      expect(res.status).toBe(200);
      if (!res.headers.refresh) return res;
      expect(res.headers.refresh).toBe('2');
      expect(res.text).toContain('<progress');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('la importación no terminó');
  };
  const procedureNames = () =>
    asScope(
      w.t.dataSource,
      'tenant',
      w.a.id,
      async (em) =>
        (await em.query(`SELECT code, name FROM procedures WHERE institution_id = $1 ORDER BY code`, [w.a.id])) as Array<{
          code: string;
          name: string;
        }>,
    );

  beforeAll(async () => {
    a = pageClient(w.t, ip);
    await a.signIn(w.liaisonA.email);
    const existing = await createProcedure(w.t.dataSource, w.a.id, { code: `${code}-0`, name: 'Trámite que ya existía' });
    await createRequirement(w.t.dataSource, existing, { name: 'Fotocopia de cédula' });
  });

  it('offers the template and the current export as downloads', async () => {
    const page = await a.get('/app/importar');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Revisar el archivo');
    for (const path of ['/app/importar/plantilla.xlsx', '/app/importar/inventario-actual.xlsx']) {
      const res = await a.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/spreadsheetml/);
      expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    }
  });

  it('refuses a post without the form token, and a file that is not a spreadsheet beside its field', async () => {
    expect((await upload({ file: { content: Buffer.from('%PDF-1.4'), name: 'x.xlsx' } }, null)).status).toBe(403);
    const res = await upload({ file: { content: Buffer.from('%PDF-1.4 nada'), name: 'inventario.xlsx' } });
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="f-file-error"');
    expect(res.text).toContain('parece un documento PDF');
    const none = await upload({});
    expect(none.status).toBe(400);
    expect(none.text).toContain('No llegó ningún archivo');
  });

  it('one bad row → the located problem; fixed → what would change, by name; confirmed → imported, watching the progress', async () => {
    const rows = (fee: string) =>
      [
        tramites(
          { codigo: `${code}-0`, nombre: 'Trámite que ya existía', costo_gtq: '25' },
          { codigo: `${code}-1`, nombre: 'Trámite nuevo importado', costo_gtq: fee },
        ),
        requisitos({ codigo_tramite: `${code}-1`, nombre: 'Solicitud firmada' }),
      ] as const;
    const [t1, r1] = rows('-5');
    const bad = await upload({
      tramites: { content: Buffer.from(csv(t1)), name: 'tramites.csv' },
      requisitos: { content: Buffer.from(csv(r1)), name: 'requisitos.csv' },
    });
    expect(bad.status).toBe(303);
    const report = await settle(bad.headers.location);
    expect(report.text).toContain('El archivo tiene problemas');
    const problems = report.text.slice(report.text.indexOf('id="i-problems"'));
    expect(problems).toMatch(/Trámites<\/td>\s*<td class="govuk-table__cell">3<\/td>\s*<td class="govuk-table__cell">costo_gtq<\/td>/);
    expect(report.text).not.toContain('Confirmar e importar');
    expect(await procedureNames()).toEqual([{ code: `${code}-0`, name: 'Trámite que ya existía' }]);

    const [t2, r2] = rows('15.50');
    const book = await xlsx({ tramites: [...t2], requisitos: [...r2] });
    const good = await upload({ file: { content: book, name: 'inventario corregido.xlsx' } });
    expect(good.status).toBe(303);
    const preview = await settle(good.headers.location);
    expect(preview.text).toContain('El archivo está listo para importarse');
    expect(preview.text).toContain(`${code}-1 · Trámite nuevo importado`);
    expect(preview.text).toContain('Solicitud firmada');
    expect(preview.text).toMatch(/Requisitos que se eliminan \(1\)[\s\S]*Fotocopia de cédula/);
    expect(preview.text).toContain('Costo: Q 0.00 → Q 25.00');
    expect(await procedureNames()).toHaveLength(1); // a review writes nothing

    const confirmed = await a.post(`${good.headers.location}/confirmar`, {});
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.location).not.toBe(good.headers.location);
    // confirming the same review again (a second click, a second tab) queues nothing new: it shows the same import
    const again = await a.post(`${good.headers.location}/confirmar`, {});
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(confirmed.headers.location);
    const done = await settle(confirmed.headers.location);
    expect(done.text).toContain('Importación completada');
    expect(await procedureNames()).toEqual([
      { code: `${code}-0`, name: 'Trámite que ya existía' },
      { code: `${code}-1`, name: 'Trámite nuevo importado' },
    ]);
    // a review with problems cannot be confirmed
    const refused = await a.post(`${bad.headers.location}/confirmar`, {});
    expect(refused.status).toBe(409);
  });

  it('another institution gets 404 for the import pages', async () => {
    const b = pageClient(w.t, '10.84.0.2');
    await b.signIn(w.liaisonB.email);
    const [{ id }] = await asScope(w.t.dataSource, 'tenant', w.a.id, (em) =>
      em.query(`SELECT id FROM inventory_imports WHERE institution_id = $1 LIMIT 1`, [w.a.id]),
    );
    expect((await b.get(`/app/importar/${id}`)).status).toBe(404);
    await b.get('/app/importar');
    expect((await b.post(`/app/importar/${id}/confirmar`, {})).status).toBe(404);
  });
});
