import { useWorld } from '../helpers/world';
import { pageClient, PageClient } from '../helpers/workspace-client';

describe('Workspace: Inventario (procedures and requirements as pages)', () => {
  const w = useWorld({ label: 'de Inventario' });
  let a: PageClient;
  let procedureId: string;
  const code = `INV-${Date.now().toString(36).toUpperCase()}`;

  beforeAll(async () => {
    a = pageClient(w.t, '10.82.0.1');
    await a.signIn(w.liaisonA.email);
  });

  it("refuses an invalid procedure with the server's messages beside each field, keeping what was typed", async () => {
    await a.get('/app/inventario/nuevo');
    const res = await a.post('/app/inventario/nuevo', {
      code: 'con espacios',
      name: 'Li',
      legalMaxDays: 'treinta',
      onlineUrl: 'no-es-url',
      feeGtq: '12.345',
      audience: 'both',
    });
    expect(res.status).toBe(400);
    for (const f of ['code', 'name', 'legalMaxDays', 'onlineUrl', 'feeGtq']) expect(res.text).toContain(`id="f-${f}-error"`);
    expect(res.text).toContain('value="con espacios"');
    expect(res.text).toContain('value="treinta"');
  });

  it('registers a procedure (unknown stays unknown), adds requirements and eliminates one with its date, all in its history', async () => {
    const created = await a.post('/app/inventario/nuevo', {
      code,
      name: 'Licencia de prueba de páginas',
      audience: 'business',
      channels: 'in_person',
      legalMaxDays: '30',
      feeGtq: '',
      inPersonVisits: '2',
      foreignTrade: 'true',
    });
    expect(created.status).toBe(303);
    procedureId = created.headers.location.split('/').pop()!;
    const detail = await a.get(created.headers.location);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('Licencia de prueba de páginas');
    expect(detail.text).toMatch(/Costo<\/dt><dd class="govuk-summary-list__value">sin dato/);
    expect(detail.text).toContain('30 días');

    await a.get(`/app/inventario/${procedureId}/requisitos/nuevo`);
    const bad = await a.post(`/app/inventario/${procedureId}/requisitos/nuevo`, {
      name: 'Constancia',
      issuer: 'other_institution',
      evidenceType: 'certificate',
      legalBasisType: 'none',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="f-issuerInstitution-error"');
    expect(bad.text).toContain('value="Constancia"');
    for (const name of ['Documento personal de identificación', 'Constancia de antecedentes penales']) {
      const ok = await a.post(`/app/inventario/${procedureId}/requisitos/nuevo`, {
        name,
        issuer: 'applicant',
        evidenceType: 'document',
        legalBasisType: 'law',
        legalBasisReference: 'Decreto 5-2021',
        effectiveFrom: '2025-01-01',
      });
      expect(ok.status).toBe(303);
    }
    const withReqs = await a.get(`/app/inventario/${procedureId}`);
    const reqId =
      /requisitos\/([0-9a-f-]{36})\/eliminar[^>]*>Eliminar<span class="govuk-visually-hidden"> el requisito Constancia de antecedentes penales/.exec(
        withReqs.text,
      )?.[1];
    expect(reqId).toBeDefined();
    await a.get(`/app/inventario/${procedureId}/requisitos/${reqId}/eliminar`);
    const noAct = await a.post(`/app/inventario/${procedureId}/requisitos/${reqId}/eliminar`, {
      effectiveTo: '2026-06-01',
      status: 'eliminated',
      act: '',
    });
    expect(noAct.status).toBe(400);
    expect(noAct.text).toContain('id="f-act-error"');
    const early = await a.post(`/app/inventario/${procedureId}/requisitos/${reqId}/eliminar`, {
      effectiveTo: '2024-01-01',
      status: 'eliminated',
      act: 'Acuerdo Ministerial 45-2026',
    });
    expect(early.status).toBe(400);
    expect(early.text).toContain('id="f-effectiveTo-error"');
    expect(early.text).toContain('value="Acuerdo Ministerial 45-2026"');
    const ended = await a.post(`/app/inventario/${procedureId}/requisitos/${reqId}/eliminar`, {
      effectiveTo: '2026-06-01',
      status: 'eliminated',
      act: 'Acuerdo Ministerial 45-2026',
    });
    expect(ended.status).toBe(303);
    const after = await a.get(`/app/inventario/${procedureId}`);
    const endedTable = after.text.slice(after.text.indexOf('Requisitos que ya no se exigen'));
    expect(endedTable).toContain('Constancia de antecedentes penales');
    expect(endedTable).toContain('1 de junio de 2026');
    expect(endedTable).toContain('Acuerdo Ministerial 45-2026');
    expect(after.text.slice(after.text.indexOf('id="historial"'))).toContain('Acto que lo eliminó');
    const api = (await w.t.http().get(`/api/v1/requirements/${reqId}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(api).toMatchObject({ status: 'eliminated', effectiveTo: '2026-06-01', endedByAct: 'Acuerdo Ministerial 45-2026' });
    expect(after.text.slice(after.text.indexOf('id="historial"'))).toContain('eliminación');
  });

  it("lists, searches, filters and sorts the institution's procedures", async () => {
    const list = await a.get(`/app/inventario?q=${encodeURIComponent('prueba de paginas')}&status=active&sort=-updatedAt`);
    expect(list.status).toBe(200);
    expect(list.text).toContain(code);
    const none = await a.get('/app/inventario?q=no-existe-ningun-tramite-asi');
    expect(none.text).toContain('Ningún trámite coincide');
    const badLevel = await a.get('/app/inventario?level=99');
    expect(badLevel.status).toBe(200);
    expect(badLevel.text).toContain('id="f-level-error"');
  });

  it('when someone else saved first, shows both versions and lets the person keep theirs', async () => {
    const form = await a.get(`/app/inventario/${procedureId}/editar`);
    const version = /name="version" value="(\d+)"/.exec(form.text)![1];
    // Someone else saves through the API in between.
    await w.t
      .http()
      .patch(`/api/v1/procedures/${procedureId}`)
      .set(w.as(w.adminA))
      .send({ version: Number(version), legalMaxDays: 45 })
      .expect(200);
    const mine = {
      version,
      code,
      name: 'Licencia de prueba de páginas',
      audience: 'business',
      channels: 'in_person',
      legalMaxDays: '20',
      feeGtq: '150',
      inPersonVisits: '2',
      foreignTrade: 'true',
    };
    const conflict = await a.post(`/app/inventario/${procedureId}/editar`, mine);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('Otra persona guardó este trámite antes que usted');
    expect(conflict.text).toMatch(/Plazo legal[^]*?<td class="govuk-table__cell">20<\/td><td class="govuk-table__cell">45<\/td>/);
    const newVersion = /name="version" value="(\d+)"/.exec(conflict.text)![1];
    expect(Number(newVersion)).toBe(Number(version) + 1);
    const keep = await a.post(`/app/inventario/${procedureId}/editar`, { ...mine, version: newVersion });
    expect(keep.status).toBe(303);
    const stored = (await w.t.http().get(`/api/v1/procedures/${procedureId}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(stored).toMatchObject({ legalMaxDays: 20, feeGtq: '150.00' });
    // Emptying a box records "no data" (null), never zero.
    const edit = await a.get(`/app/inventario/${procedureId}/editar`);
    const v = /name="version" value="(\d+)"/.exec(edit.text)![1];
    expect((await a.post(`/app/inventario/${procedureId}/editar`, { ...mine, version: v, feeGtq: '', legalMaxDays: '20' })).status).toBe(
      303,
    );
    expect((await w.t.http().get(`/api/v1/procedures/${procedureId}`).set(w.as(w.liaisonA)).expect(200)).body.feeGtq).toBeNull();
  });

  it("another institution's user gets 404 on the procedure's pages and does not see it listed", async () => {
    const b = pageClient(w.t, '10.82.0.2');
    await b.signIn(w.liaisonB.email);
    for (const path of [
      `/app/inventario/${procedureId}`,
      `/app/inventario/${procedureId}/editar`,
      `/app/inventario/${procedureId}/requisitos/nuevo`,
    ]) {
      const res = await b.get(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).toContain('No encontramos esta página');
    }
    const post = await b.post(`/app/inventario/${procedureId}/editar`, { version: '1', code: 'X', name: 'Intruso' });
    expect(post.status).toBe(404);
    expect((await b.get('/app/inventario')).text).not.toContain(code);
    const stored = (await w.t.http().get(`/api/v1/procedures/${procedureId}`).set(w.as(w.liaisonA)).expect(200)).body;
    expect(stored.name).toBe('Licencia de prueba de páginas');
  });
});
