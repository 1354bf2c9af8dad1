import ExcelJS from 'exceljs';
import { Client } from 'pg';
import type { Response } from 'superagent';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { PROCEDURE_COLUMNS, REQUIREMENT_COLUMNS } from '../../src/modules/inventory/import-export/spreadsheet/format';
import { QUETZAL } from '../../src/modules/public-api/cpsv-ap';
import { csv, requisitos, tramites, xlsx } from '../../src/modules/inventory/import-export/__tests__/fixtures';
import {
  asScope,
  bearer,
  createInstitution,
  createProcedure,
  createRequirement,
  createUser,
  tokenFor,
  TestInstitution,
  TestUser,
} from '../helpers/factories';
import { createTestApp, TestApp } from '../helpers/test-app';

type Upload = {
  file?: Buffer;
  tramites?: Buffer;
  requisitos?: Buffer;
  names?: Partial<Record<'file' | 'tramites' | 'requisitos', string>>;
};

/** ExcelJS types its input as the old Buffer; any Node Buffer works. */
const loadWorkbook = async (buf: Buffer): Promise<ExcelJS.Workbook> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
};

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * Spreadsheet import/export through the real API and worker: uploads are stored and queued, the in-process
 * BullMQ worker processes them, and the test polls the import until it finishes.
 */
describe('Inventory spreadsheet import and export', () => {
  let t: TestApp;
  let a: TestInstitution;
  let b: TestInstitution;
  let liaisonA: TestUser;
  let adminA: TestUser;
  let liaisonB: TestUser;
  let analyst: TestUser;
  const today = todayInGuatemala();
  const as = (u: TestUser) => bearer(tokenFor(t, u));

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    a = await createInstitution(t.dataSource, 'Ministerio de Economía');
    b = await createInstitution(t.dataSource, 'Ministerio B');
    liaisonA = await createUser(t.dataSource, 'liaison', a.id);
    adminA = await createUser(t.dataSource, 'institution_admin', a.id);
    liaisonB = await createUser(t.dataSource, 'liaison', b.id);
    analyst = await createUser(t.dataSource, 'analyst', null);
  });
  afterAll(() => t.close());

  const post = (user: TestUser, up: Upload, dryRun?: boolean) => {
    let req = t
      .http()
      .post(`/api/v1/inventory/imports${dryRun === undefined ? '' : `?dryRun=${dryRun}`}`)
      .set(as(user));
    if (up.file) req = req.attach('file', up.file, up.names?.file ?? 'inventario.xlsx');
    if (up.tramites) req = req.attach('tramites', up.tramites, up.names?.tramites ?? 'tramites.csv');
    if (up.requisitos) req = req.attach('requisitos', up.requisitos, up.names?.requisitos ?? 'requisitos.csv');
    return req;
  };

  /** Uploads and polls GET /imports/:id until the worker finishes; returns the final report. */
  const runImport = async (user: TestUser, up: Upload, dryRun = false) => {
    const created = await post(user, up, dryRun).expect(202);
    expect(created.body).toMatchObject({ id: expect.any(String), status: 'queued', dryRun });
    const deadline = Date.now() + 25_000;
    for (;;) {
      const res = await t.http().get(`/api/v1/inventory/imports/${created.body.id}`).set(as(user)).expect(200);
      if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
      if (Date.now() > deadline) throw new Error(`import still ${res.body.status} at ${res.body.progress}%`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  /** Row counts of everything an import may write, for "nothing changed" checks. */
  const snapshot = (institutionId: string) =>
    asScope(t.dataSource, 'read_all', null, async (em) => {
      const [row] = await em.query(
        `SELECT (SELECT count(*) FROM procedures WHERE institution_id = $1)::int AS procedures,
              (SELECT count(*) FROM requirements WHERE institution_id = $1)::int AS requirements,
              (SELECT count(*) FROM requirements WHERE institution_id = $1 AND status = 'active')::int AS active,
              (SELECT count(*) FROM procedure_changes WHERE institution_id = $1)::int AS changes,
              (SELECT count(*) FROM audit_events WHERE institution_id = $1 AND entity IN ('procedure', 'requirement', 'inventory_import'))::int AS audit,
              (SELECT coalesce(max(updated_at), 'epoch') FROM procedures WHERE institution_id = $1)::text AS last_update`,
        [institutionId],
      );
      return row as Record<string, number | string>;
    });

  const exportOf = async (user: TestUser, query = '') => {
    const res = await t.http().get(`/api/v1/inventory/export.xlsx${query}`).set(as(user)).buffer(true).parse(binary).expect(200);
    return res;
  };

  const baseFile = () =>
    xlsx({
      tramites: tramites(
        {
          codigo: 'MINECO-RM-001',
          nombre: 'Inscripción de comerciante individual',
          canal: 'presencial;en_linea',
          costo_gtq: '1,250.50',
          dias_resolucion_legal: 8,
          dias_resolucion_real: 5,
          volumen_anual: 45000,
          visitas_presenciales: 1,
          nivel_madurez: 2,
          comercio_exterior: 'no',
          prioritario: 'sí',
          categoria: 'Registro de empresas',
          audiencia: 'empresa',
          formularios_gratuitos: 'si',
          url_en_linea: 'https://www.registromercantil.gob.gt',
        },
        {
          codigo: 'MINECO-RM-002',
          nombre: 'Inscripción de sociedad anónima',
          canal: 'presencial',
          costo_gtq: 275,
          dias_resolucion_real: 15,
          visitas_presenciales: 2,
        },
      ),
      requisitos: requisitos(
        {
          codigo_tramite: 'MINECO-RM-001',
          nombre: 'DPI del comerciante',
          tipo_evidencia: 'identificacion',
          emisor: 'otra_institucion',
          institucion_emisora: 'RENAP',
          base_legal_tipo: 'ley',
          obtenible_por_interoperabilidad: 'sí',
        },
        { codigo_tramite: 'MINECO-RM-001', nombre: 'Formulario de solicitud', tipo_evidencia: 'formulario', emisor: 'misma_institucion' },
        {
          codigo_tramite: 'MINECO-RM-002',
          nombre: 'Escritura constitutiva',
          tipo_evidencia: 'documento',
          base_legal_tipo: 'ley',
          base_legal_referencia: 'Código de Comercio',
        },
        { codigo_tramite: 'MINECO-RM-002', nombre: 'Declaración jurada de accionistas', prohibido: 'declaracion_jurada' },
      ),
    });

  describe('template', () => {
    it('any signed-in role downloads it, and it parses back with the expected headers, lists and an example', async () => {
      const res = await t.http().get('/api/v1/inventory/template.xlsx').set(as(analyst)).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['content-disposition']).toContain('plantilla-inventario-tramites.xlsx');
      const wb = await loadWorkbook(res.body as Buffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['tramites', 'requisitos']);
      const header = (name: string) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
      expect(header('tramites')).toEqual([...PROCEDURE_COLUMNS]);
      expect(header('requisitos')).toEqual([...REQUIREMENT_COLUMNS]);
      const example = wb.getWorksheet('tramites')!.getRow(2);
      expect(example.getCell(1).value).toBe('MINECO-RM-001');
      expect(wb.getWorksheet('tramites')!.getCell('R2').dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"persona,empresa,ambos"'],
      });
      expect(wb.getWorksheet('requisitos')!.getCell('I2').dataValidation.formulae![0]).toContain('declaracion_jurada');
    });
  });

  describe('upload checks (synchronous)', () => {
    it('a file that is not a spreadsheet is refused with a located, Spanish message', async () => {
      const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n');
      const res = await post(liaisonA, { file: pdf, names: { file: 'oficio.pdf' } }).expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('no es una hoja de cálculo CSV ni XLSX (parece un documento PDF)'),
      });
      expect(res.body.details[0]).toMatchObject({ sheet: 'archivo', row: null, column: null });
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
      const res2 = await post(liaisonA, { tramites: png, requisitos: Buffer.from('codigo_tramite,nombre\n') }).expect(400);
      expect(res2.body.message).toContain('imagen PNG');
    });

    it('wrong field names are a 400; a missing half of the CSV pair too', async () => {
      const wrong = await t
        .http()
        .post('/api/v1/inventory/imports')
        .set(as(liaisonA))
        .attach('archivo', Buffer.from('codigo,nombre\n'), 'x.csv')
        .expect(400);
      expect(wrong.body.message).toContain('«archivo»');
      const half = await post(liaisonA, { tramites: Buffer.from('codigo,nombre\nA,Uno\n') }).expect(400);
      expect(half.body.message).toContain('Falta el archivo CSV «requisitos»');
      const extra = await t
        .http()
        .post('/api/v1/inventory/imports')
        .set(as(liaisonA))
        .field('color', 'rojo')
        .attach('file', await baseFile(), 'a.xlsx')
        .expect(400);
      expect(extra.body.code).toBe('VALIDATION_FAILED');
    });

    it('an upload over 20 MB is a 413 in the shared error shape', async () => {
      const big = Buffer.alloc(21 * 1024 * 1024, 0x41);
      big.write('codigo,nombre\n');
      const res = await post(liaisonA, { tramites: big, requisitos: Buffer.from('codigo_tramite,nombre\n') });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('20 MB'),
        requestId: expect.any(String),
      });
    });

    it('Commission staff name the institution they import for or export', async () => {
      const noTarget = await post(analyst, { file: await baseFile() }).expect(400);
      expect(noTarget.body.details).toEqual([expect.objectContaining({ field: 'institutionId' })]);
      await t
        .http()
        .post(`/api/v1/inventory/imports?institutionId=${liaisonA.id}`)
        .set(as(analyst))
        .attach('file', await baseFile(), 'i.xlsx')
        .expect(404);
      // an institution user cannot aim at another institution
      await t
        .http()
        .post(`/api/v1/inventory/imports?institutionId=${b.id}`)
        .set(as(liaisonA))
        .attach('file', await baseFile(), 'i.xlsx')
        .expect(404);
      const missing = await t.http().get('/api/v1/inventory/export.xlsx').set(as(analyst)).expect(400);
      expect(missing.body.message).toContain('institutionId');
    });
  });

  describe('issue 12: imports and exports that never surprise', () => {
    const poll = async (user: TestUser, id: string) => {
      for (const until = Date.now() + 25_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        const res = await t.http().get(`/api/v1/inventory/imports/${id}`).set(as(user)).expect(200);
        if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
      }
      throw new Error('import did not finish');
    };

    it('an empty fee stays unknown through import, API, CSV and JSON-LD; a cell with several URLs is refused', async () => {
      const c = await createInstitution(t.dataSource, 'Secretaría de Costos');
      const liaisonC = await createUser(t.dataSource, 'liaison', c.id);
      const bad = await runImport(liaisonC, {
        tramites: Buffer.from(csv(tramites({ codigo: 'SC-1', nombre: 'Licencia', url_en_linea: 'https://a.gob.gt https://b.gob.gt' }))),
        requisitos: Buffer.from(csv(requisitos({ codigo_tramite: 'SC-1', nombre: 'DPI' }))),
      });
      expect(bad.problems).toEqual([
        {
          sheet: 'tramites',
          row: 2,
          column: 'url_en_linea',
          message: 'la celda contiene 2 direcciones; escriba una sola dirección web por celda',
        },
      ]);
      const report = await runImport(liaisonC, {
        tramites: Buffer.from(
          csv(
            tramites(
              { codigo: 'SC-1', nombre: 'Licencia de funcionamiento', costo_gtq: '', visitas_presenciales: '' },
              { codigo: 'SC-2', nombre: 'Constancia gratuita', costo_gtq: '0' },
            ),
          ),
        ),
        requisitos: Buffer.from(csv(requisitos({ codigo_tramite: 'SC-1', nombre: 'DPI' }))),
      });
      expect(report.status).toBe('completed');
      const list = (await t.http().get('/api/v1/procedures?sort=code').set(as(liaisonC)).expect(200)).body.items;
      expect(
        list.map((p: { code: string; feeGtq: string | null; inPersonVisits: number | null; lastReviewedAt: string }) => [
          p.code,
          p.feeGtq,
          p.inPersonVisits,
          p.lastReviewedAt,
        ]),
      ).toEqual([
        ['SC-1', null, null, today],
        ['SC-2', '0.00', null, today],
      ]);
      const pub = (await t.http().get(`/api/public/v1/procedures/${c.code}/SC-1`).expect(200)).body;
      expect(pub).toMatchObject({ feeGtq: null, inPersonVisits: null });
      const csvText = (await t.http().get('/api/public/v1/export/procedures.csv').buffer(true).expect(200)).text;
      const header = csvText
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]
        .split(',');
      const line = (code: string) =>
        csvText
          .split('\r\n')
          .find((l) => l.startsWith(`${c.code},${code},`))!
          .split(',');
      expect(line('SC-1')[header.indexOf('fee_gtq')]).toBe('');
      expect(line('SC-2')[header.indexOf('fee_gtq')]).toBe('0.00');
      const ld = JSON.parse((await t.http().get('/api/public/v1/export/catalog.jsonld').buffer(true).expect(200)).text);
      const service = (code: string) => ld['@graph'].find((n: Record<string, unknown>) => n['dct:identifier'] === `${c.code}/${code}`);
      expect(service('SC-1')['cv:hasCost']).toBeUndefined();
      expect(service('SC-2')['cv:hasCost']).toEqual([
        expect.objectContaining({ 'cv:hasValue': { '@value': '0.00', '@type': 'xsd:double' }, 'cv:currency': { '@id': QUETZAL } }),
      ]);
      const xlsxExport = await loadWorkbook((await exportOf(liaisonC)).body as Buffer);
      expect(
        xlsxExport
          .getWorksheet('tramites')!
          .getRow(2)
          .getCell(PROCEDURE_COLUMNS.indexOf('costo_gtq') + 1).value,
      ).toBeNull();
    });

    it('the round trip of a text containing _x000D_ changes nothing; every field of the inventory is in the export', async () => {
      const d = await createInstitution(t.dataSource, 'Secretaría de Textos');
      const liaisonD = await createUser(t.dataSource, 'liaison', d.id);
      const created = (
        await t
          .http()
          .post('/api/v1/procedures')
          .set(as(liaisonD))
          .send({
            code: 'TX-1',
            name: 'Permiso _x000D_ especial',
            description: 'Línea _x000D_ y _x0041_ escritas tal cual',
            output: 'Permiso',
            lifeEvent: 'Abrir un negocio',
            targetLevel: 4,
            targetDate: '2027-06-30',
            feeGtq: '15.00',
            requirements: [{ name: 'Solicitud _x000D_', legalBasisType: 'law', effectiveFrom: '2024-01-01' }],
          })
          .expect(201)
      ).body;
      // a requirement that ends on a future date is still in force: it is exported with its end
      const ending = (
        await t
          .http()
          .post(`/api/v1/procedures/${created.id}/requirements`)
          .set(as(liaisonD))
          .send({ name: 'Fotocopia de DPI', legalBasisType: 'law' })
          .expect(201)
      ).body;
      await t
        .http()
        .post(`/api/v1/requirements/${ending.id}/end`)
        .set(as(liaisonD))
        .send({ version: ending.version, effectiveTo: '2099-01-01' })
        .expect(200);
      const wb = await loadWorkbook((await exportOf(liaisonD)).body as Buffer);
      const row = (sheet: string, columns: readonly string[], n: number) =>
        Object.fromEntries(
          columns.map((col, i) => [
            col,
            wb
              .getWorksheet(sheet)!
              .getRow(n)
              .getCell(i + 1).value,
          ]),
        );
      expect(row('tramites', PROCEDURE_COLUMNS, 2)).toMatchObject({
        resultado: 'Permiso',
        hecho_de_vida: 'Abrir un negocio',
        nivel_meta: 4,
        fecha_meta: '2027-06-30',
        fecha_revision: today,
      });
      expect(
        [row('requisitos', REQUIREMENT_COLUMNS, 2), row('requisitos', REQUIREMENT_COLUMNS, 3)]
          .map((r) => [r.vigente_desde, r.vigente_hasta])
          .sort(),
      ).toEqual(
        [
          ['2024-01-01', null],
          [today, '2099-01-01'],
        ].sort(),
      );
      const before = await snapshot(d.id);
      const dry = await runImport(liaisonD, { file: (await exportOf(liaisonD)).body as Buffer }, true);
      expect(dry.counts).toMatchObject({
        proceduresUnchanged: 1,
        proceduresUpdated: 0,
        requirementsUnchanged: 2,
        requirementsUpdated: 0,
        requirementsEliminated: 0,
      });
      const real = await runImport(liaisonD, { file: (await exportOf(liaisonD)).body as Buffer });
      expect(real.counts).toMatchObject({ proceduresUnchanged: 1, requirementsUnchanged: 2 });
      const after = await snapshot(d.id);
      expect({ ...after, audit: before.audit }).toEqual(before);
      const stored = (await t.http().get(`/api/v1/procedures/${created.id}`).set(as(liaisonD)).expect(200)).body;
      expect(stored).toMatchObject({ name: 'Permiso _x000D_ especial', description: 'Línea _x000D_ y _x0041_ escritas tal cual' });
    });

    it('the dry run lists what would be created, changed field by field and eliminated, warns of renames and prohibited requirements, and counts what it can despite bad rows', async () => {
      const e = await createInstitution(t.dataSource, 'Secretaría de Vistas Previas');
      const liaisonE = await createUser(t.dataSource, 'liaison', e.id);
      await runImport(liaisonE, {
        tramites: Buffer.from(csv(tramites({ codigo: 'VP-1', nombre: 'Registro sanitario', costo_gtq: '100' }))),
        requisitos: Buffer.from(
          csv(
            requisitos(
              { codigo_tramite: 'VP-1', nombre: 'DPI', base_legal_tipo: 'ley' },
              { codigo_tramite: 'VP-1', nombre: 'Declaración jurada', prohibido: 'declaracion_jurada' },
            ),
          ),
        ),
      });
      const before = await snapshot(e.id);
      const dry = await runImport(
        liaisonE,
        {
          tramites: Buffer.from(
            csv(
              tramites(
                { codigo: 'VP-1', nombre: 'Licencia de importación', costo_gtq: '' },
                { codigo: 'VP-2', nombre: 'Trámite nuevo' },
                { codigo: 'VP-3', nombre: 'Con error', visitas_presenciales: '-2' },
              ),
            ),
          ),
          requisitos: Buffer.from(csv(requisitos({ codigo_tramite: 'VP-1', nombre: 'DPI', base_legal_tipo: 'ley' }))),
        },
        true,
      );
      expect(dry).toMatchObject({ status: 'completed', valid: false });
      expect(dry.problems).toEqual([expect.objectContaining({ row: 4, column: 'visitas_presenciales' })]);
      expect(dry.counts).toMatchObject({
        proceduresCreated: 1,
        proceduresUpdated: 1,
        requirementsUnchanged: 1,
        requirementsEliminated: 1,
        problems: 1,
      });
      expect(dry.preview.procedures).toEqual({
        created: [{ code: 'VP-2', name: 'Trámite nuevo' }],
        updated: [
          {
            code: 'VP-1',
            name: 'Licencia de importación',
            changes: [
              { field: 'name', oldValue: 'Registro sanitario', newValue: 'Licencia de importación' },
              { field: 'feeGtq', oldValue: '100.00', newValue: null },
            ],
          },
        ],
      });
      expect(dry.preview.requirements.eliminated).toEqual([
        { procedureCode: 'VP-1', name: 'Declaración jurada', prohibitedKind: 'sworn_declaration' },
      ]);
      const notices = dry.notices.map((n: { message: string }) => n.message);
      expect(notices).toContain(
        'El trámite «VP-1» cambiará de nombre: «Registro sanitario» → «Licencia de importación». Compruebe que el código corresponde al mismo trámite.',
      );
      expect(
        notices.some((m: string) => m.includes('Uno de ellos es una práctica prohibida: su eliminación se publicará como avance')),
      ).toBe(true);
      expect(await snapshot(e.id)).toEqual(before);
    });

    it('the Commission imports for an institution, audited as such', async () => {
      const f = await createInstitution(t.dataSource, 'Dirección sin usuarios');
      const created = await t
        .http()
        .post(`/api/v1/inventory/imports?institutionId=${f.id}`)
        .set(as(analyst))
        .attach('tramites', Buffer.from(csv(tramites({ codigo: 'DS-1', nombre: 'Constancia de registro' }))), 't.csv')
        .attach('requisitos', Buffer.from(csv(requisitos({ codigo_tramite: 'DS-1', nombre: 'DPI' }))), 'r.csv')
        .expect(202);
      const report = await poll(analyst, created.body.id);
      expect(report).toMatchObject({ status: 'completed', institutionId: f.id, createdBy: analyst.id, counts: { proceduresCreated: 1 } });
      const audit = (
        await t.http().get(`/api/v1/audit-events?entity=inventory_import&entityId=${created.body.id}`).set(as(analyst)).expect(200)
      ).body.items;
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'import_by_commission',
          actorUserId: analyst.id,
          actorRole: 'analyst',
          institutionId: f.id,
          after: expect.objectContaining({ byCommission: true }),
        }),
      ]);
      await asScope(t.dataSource, 'tenant', f.id, async (em) => {
        const [p] = await em.query(`SELECT code FROM procedures WHERE institution_id = $1`, [f.id]);
        expect(p.code).toBe('DS-1');
      });
    });
  });

  describe('dry run', () => {
    it('reports every problem located by sheet, row and column, and writes nothing', async () => {
      await createProcedure(t.dataSource, a.id, { code: 'EXISTENTE-1' });
      const before = await snapshot(a.id);
      const file = await xlsx({
        tramites: tramites(
          { codigo: 'D-1', nombre: 'Trámite válido' },
          { codigo: 'D-1', nombre: 'Código repetido' },
          {
            codigo: 'D-2',
            nombre: 'Varios errores',
            costo_gtq: '-5',
            dias_resolucion_legal: '2.5',
            comercio_exterior: 'quizá',
            canal: 'fax',
            nivel_madurez: 9,
          },
        ),
        requisitos: requisitos(
          { codigo_tramite: 'NO-EXISTE', nombre: 'Huérfano' },
          { codigo_tramite: 'EXISTENTE-1', nombre: 'Permitido: trámite existente' },
          { codigo_tramite: 'D-1', nombre: 'Constancia', emisor: 'otra_institucion' },
          { codigo_tramite: 'D-1', nombre: 'Otra', prohibido: 'sí' },
        ),
      });
      const report = await runImport(liaisonA, { file }, true);
      expect(report).toMatchObject({ status: 'completed', dryRun: true, valid: false, progress: 100 });
      expect(report.problems.map((p: { sheet: string; row: number; column: string }) => [p.sheet, p.row, p.column])).toEqual([
        ['tramites', 3, 'codigo'],
        ['tramites', 4, 'canal'],
        ['tramites', 4, 'costo_gtq'],
        ['tramites', 4, 'dias_resolucion_legal'],
        ['tramites', 4, 'nivel_madurez'],
        ['tramites', 4, 'comercio_exterior'],
        ['requisitos', 2, 'codigo_tramite'],
        ['requisitos', 4, 'institucion_emisora'],
        ['requisitos', 5, 'prohibido'],
      ]);
      expect(report.problems.find((p: { column: string }) => p.column === 'canal').message).toContain(
        'presencial, en_linea, telefono, correo, kiosco',
      );
      expect(await snapshot(a.id)).toEqual(before);
    });

    it('a valid dry run counts what would change, and still writes nothing', async () => {
      const before = await snapshot(a.id);
      const report = await runImport(liaisonA, { file: await baseFile() }, true);
      expect(report).toMatchObject({ status: 'completed', valid: true, problems: [] });
      expect(report.counts).toMatchObject({
        proceduresCreated: 2,
        requirementsCreated: 4,
        proceduresUpdated: 0,
        requirementsEliminated: 0,
      });
      expect(await snapshot(a.id)).toEqual(before);
    });

    it('confirming the same review twice queues one import: the second confirmation answers with the same one', async () => {
      const c = await createInstitution(t.dataSource, 'Ministerio que confirma dos veces');
      const liaisonC = await createUser(t.dataSource, 'liaison', c.id);
      const review = await runImport(liaisonC, { file: await baseFile() }, true);
      expect(review).toMatchObject({ status: 'completed', valid: true });
      const confirm = () => t.http().post(`/api/v1/inventory/imports/${review.id}/confirm`).set(as(liaisonC));
      const first = await confirm().expect(202);
      expect(first.body).toMatchObject({ id: expect.any(String), dryRun: false });
      expect(first.body.id).not.toBe(review.id);
      const second = await confirm().expect(202);
      expect(second.body.id).toBe(first.body.id);
      const imports = (await asScope(t.dataSource, 'read_all', null, (em) =>
        em.query(`SELECT id FROM inventory_imports WHERE institution_id = $1 AND NOT dry_run`, [c.id]),
      )) as Array<{ id: string }>;
      expect(imports).toEqual([{ id: first.body.id }]);
    });
  });

  describe('real run', () => {
    it('creates procedures and requirements with their baseline, change log and one audit row', async () => {
      const before = await snapshot(a.id);
      const report = await runImport(adminA, { file: await baseFile() });
      expect(report).toMatchObject({ status: 'completed', valid: true, dryRun: false, progress: 100 });
      expect(report.counts).toMatchObject({ proceduresCreated: 2, proceduresUpdated: 0, proceduresUnchanged: 0, requirementsCreated: 4 });
      const rows = await asScope(t.dataSource, 'tenant', a.id, (em) =>
        em.query(
          `SELECT code, fee_gtq::text AS fee, channels, declared_level, current_level, foreign_trade, prioritized, forms_free, audience,
                baseline_date::text AS bdate, baseline_requirements AS breq, baseline_days AS bdays, baseline_visits AS bvisits, baseline_fee_gtq::text AS bfee,
                (SELECT count(*)::int FROM requirements r WHERE r.procedure_id = p.id AND r.status = 'active' AND r.effective_from = $2::date) AS reqs
           FROM procedures p WHERE institution_id = $1 AND code LIKE 'MINECO-RM-%' ORDER BY code`,
          [a.id, today],
        ),
      );
      expect(rows).toEqual([
        {
          code: 'MINECO-RM-001',
          fee: '1250.50',
          channels: ['in_person', 'online'],
          declared_level: 2,
          current_level: 0,
          foreign_trade: false,
          prioritized: true,
          forms_free: true,
          audience: 'business',
          bdate: today,
          breq: 2,
          bdays: 5,
          bvisits: 1,
          bfee: '1250.50',
          reqs: 2,
        },
        {
          code: 'MINECO-RM-002',
          fee: '275.00',
          channels: ['in_person'],
          declared_level: null,
          current_level: 0,
          foreign_trade: false,
          prioritized: false,
          forms_free: null,
          audience: 'both',
          bdate: today,
          breq: 2,
          bdays: 15,
          bvisits: 2,
          bfee: '275.00',
          reqs: 2,
        },
      ]);
      const prohibited = await asScope(t.dataSource, 'tenant', a.id, (em) =>
        em.query(`SELECT prohibited, prohibited_kind FROM requirements WHERE institution_id = $1 AND name LIKE 'Declaración jurada%'`, [
          a.id,
        ]),
      );
      expect(prohibited).toEqual([{ prohibited: true, prohibited_kind: 'sworn_declaration' }]);
      const after = await snapshot(a.id);
      expect(after).toMatchObject({
        procedures: Number(before.procedures) + 2,
        requirements: Number(before.requirements) + 4,
        changes: Number(before.changes) + 2,
      });
      const audit = await t.http().get(`/api/v1/audit-events?entity=inventory_import&entityId=${report.id}`).set(as(adminA)).expect(200);
      expect(audit.body.items).toHaveLength(1);
      expect(audit.body.items[0]).toMatchObject({
        action: 'import',
        actorUserId: adminA.id,
        institutionId: a.id,
        after: { proceduresCreated: 2, requirementsCreated: 4 },
      });
    });

    it('one bad row fails the whole import and writes nothing (all or nothing)', async () => {
      const before = await snapshot(a.id);
      const file = await xlsx({
        tramites: tramites(
          { codigo: 'MINECO-RM-001', nombre: 'Inscripción de comerciante individual (cambiado)', costo_gtq: 99 },
          { codigo: 'MINECO-RM-003', nombre: 'Trámite nuevo' },
          { codigo: 'MINECO-RM-004', nombre: 'Trámite con error', visitas_presenciales: -1 },
        ),
        requisitos: requisitos({ codigo_tramite: 'MINECO-RM-003', nombre: 'DPI' }),
      });
      const report = await runImport(liaisonA, { file });
      expect(report).toMatchObject({ status: 'failed', valid: false });
      expect(report.problems).toEqual([
        { sheet: 'tramites', row: 4, column: 'visitas_presenciales', message: expect.stringContaining('negativo') },
      ]);
      expect(await snapshot(a.id)).toEqual(before);
    });

    it('a failure in the middle of the write (the database refuses the last requirement) leaves nothing written', async () => {
      // The schema owner adds a trigger that refuses one requirement by name: the procedures and the other requirements
      // of the file are already written in the import's transaction when it fires.
      const owner = new Client({ connectionString: process.env.DATABASE_MIGRATION_URL });
      await owner.connect();
      try {
        await owner.query(`CREATE FUNCTION refuse_marked_requirement() RETURNS trigger LANGUAGE plpgsql AS $$
                             BEGIN RAISE EXCEPTION 'prueba: requisito rechazado a mitad de la escritura'; END $$`);
        await owner.query(`CREATE TRIGGER refuse_marked_requirement BEFORE INSERT ON requirements FOR EACH ROW
                             WHEN (NEW.name = 'Requisito que la base rechaza') EXECUTE FUNCTION refuse_marked_requirement()`);
        const before = await snapshot(a.id);
        const file = await xlsx({
          tramites: tramites(
            { codigo: 'MINECO-RM-001', nombre: 'Inscripción de comerciante individual (cambiado)', costo_gtq: 99 },
            { codigo: 'MINECO-RM-005', nombre: 'Trámite nuevo escrito a medias' },
          ),
          requisitos: requisitos(
            { codigo_tramite: 'MINECO-RM-005', nombre: 'DPI' },
            { codigo_tramite: 'MINECO-RM-005', nombre: 'Requisito que la base rechaza' },
          ),
        });
        const report = await runImport(liaisonA, { file });
        // Without the refusal this file imports (status completed): the failure is the trigger's, mid-write.
        expect(report).toMatchObject({ status: 'failed', dryRun: false, counts: null });
        expect(report.problems).toEqual([
          { sheet: 'archivo', row: null, column: null, message: expect.stringContaining('no se escribió nada') },
        ]);
        expect(await snapshot(a.id)).toEqual(before);
      } finally {
        await owner.query('DROP TRIGGER IF EXISTS refuse_marked_requirement ON requirements');
        await owner.query('DROP FUNCTION IF EXISTS refuse_marked_requirement()');
        await owner.end();
      }
    });

    it('round trip: export → import with no edits changes nothing', async () => {
      const exported = await exportOf(liaisonA);
      expect(exported.headers['content-disposition']).toMatch(new RegExp(`inventario-${a.code}-${today}\\.xlsx`));
      const before = await snapshot(a.id);
      const report = await runImport(liaisonA, { file: exported.body as Buffer, names: { file: 'inventario.xlsx' } });
      const procedures = Number(before.procedures);
      expect(report.counts).toEqual({
        proceduresInFile: procedures,
        proceduresCreated: 0,
        proceduresUpdated: 0,
        proceduresUnchanged: procedures,
        requirementsInFile: Number(before.active),
        requirementsCreated: 0,
        requirementsUpdated: 0,
        requirementsUnchanged: Number(before.active),
        requirementsEliminated: 0,
        problems: 0,
        notices: 0,
      });
      const after = await snapshot(a.id);
      expect({ ...after, audit: before.audit }).toEqual(before); // only the import's own audit row was added
      expect(after.audit).toBe(Number(before.audit) + 1);
    });

    it('re-import with a requirement removed eliminates it with an end date; it stays queryable', async () => {
      const exported = await exportOf(liaisonA);
      const wb = await loadWorkbook(exported.body as Buffer);
      const sheet = wb.getWorksheet('requisitos')!;
      let removedRow = 0;
      sheet.eachRow((row, n) => {
        if (row.getCell(2).value === 'Formulario de solicitud') removedRow = n;
      });
      expect(removedRow).toBeGreaterThan(1);
      sheet.spliceRows(removedRow, 1);
      wb.getWorksheet('tramites')!.eachRow((row, n) => {
        if (n > 1 && row.getCell(1).value === 'MINECO-RM-002') row.getCell(9).value = 300;
      });
      const report = await runImport(liaisonA, { file: Buffer.from(await wb.xlsx.writeBuffer()) });
      expect(report.counts).toMatchObject({
        proceduresUpdated: 1,
        requirementsEliminated: 1,
        requirementsCreated: 0,
        requirementsUpdated: 0,
      });
      const [proc] = await asScope(t.dataSource, 'tenant', a.id, (em) =>
        em.query(`SELECT id, fee_gtq::text AS fee, version FROM procedures WHERE institution_id = $1 AND code = 'MINECO-RM-001'`, [a.id]),
      );
      const history = await t.http().get(`/api/v1/procedures/${proc.id}/requirements?history=true`).set(as(liaisonA)).expect(200);
      expect(history.body.items.find((r: { name: string }) => r.name === 'Formulario de solicitud')).toMatchObject({
        status: 'eliminated',
        effectiveTo: today,
      });
      const current = await t.http().get(`/api/v1/procedures/${proc.id}/requirements`).set(as(liaisonA)).expect(200);
      expect(current.body.items.map((r: { name: string }) => r.name)).toEqual(['DPI del comerciante']);
      const changes = await t.http().get(`/api/v1/procedures/${proc.id}/changes`).set(as(liaisonA)).expect(200);
      expect(changes.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ subject: 'requirement', action: 'eliminate', field: 'effectiveTo', newValue: today }),
        ]),
      );
      const [rm2] = await asScope(t.dataSource, 'tenant', a.id, (em) =>
        em.query(`SELECT fee_gtq::text AS fee, version FROM procedures WHERE institution_id = $1 AND code = 'MINECO-RM-002'`, [a.id]),
      );
      expect(rm2).toEqual({ fee: '300.00', version: 2 });
      // An import produces the same public events as single edits: the fee old → new, the requirement ended.
      const events = await asScope(t.dataSource, 'read_all', null, (em) =>
        em.query(
          `SELECT e.type, p.code, e.changes FROM public_events e JOIN procedures p ON p.id = e.procedure_id
          WHERE e.institution_id = $1 AND e.type IN ('procedure_updated', 'requirement_eliminated') AND p.code IN ('MINECO-RM-001', 'MINECO-RM-002') ORDER BY e.id`,
          [a.id],
        ),
      );
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'procedure_updated',
            code: 'MINECO-RM-002',
            changes: expect.arrayContaining([{ field: 'feeGtq', oldValue: '275.00', newValue: '300.00' }]),
          }),
          expect.objectContaining({
            type: 'requirement_eliminated',
            code: 'MINECO-RM-001',
            changes: expect.arrayContaining([{ field: 'status', oldValue: 'active', newValue: 'eliminated' }]),
          }),
        ]),
      );
      expect(events).toHaveLength(2);
    });

    it('existing procedures absent from the file are left alone', async () => {
      const other = await createProcedure(t.dataSource, a.id, { code: 'APARTE-1' });
      await createRequirement(t.dataSource, other, { name: 'Requisito que no se toca' });
      const report = await runImport(liaisonA, {
        file: await xlsx({ tramites: tramites({ codigo: 'SOLO-1', nombre: 'Otro trámite' }), requisitos: requisitos() }),
      });
      expect(report.counts).toMatchObject({ proceduresCreated: 1, requirementsEliminated: 0 });
      const [r] = await asScope(t.dataSource, 'tenant', a.id, (em) =>
        em.query(`SELECT status FROM requirements WHERE procedure_id = $1`, [other.id]),
      );
      expect(r.status).toBe('active');
    });
  });

  describe('file problems', () => {
    it('an XLSX without the requisitos sheet names the missing sheet', async () => {
      const report = await runImport(
        liaisonA,
        { file: await xlsx({ tramites: tramites({ codigo: 'X-1', nombre: 'Sin requisitos' }) }) },
        true,
      );
      expect(report.problems).toEqual([
        { sheet: 'requisitos', row: null, column: null, message: expect.stringContaining('no tiene la hoja «requisitos»') },
      ]);
    });

    it('formula cells are reported where they are', async () => {
      const file = await xlsx({
        tramites: tramites({ codigo: 'F-1', nombre: 'Con fórmula', volumen_anual: { formula: '12*100', result: 1200 } }),
        requisitos: requisitos(),
      });
      const report = await runImport(liaisonA, { file });
      expect(report).toMatchObject({ status: 'failed' });
      expect(report.problems).toEqual([
        { sheet: 'tramites', row: 2, column: 'volumen_anual', message: 'la celda contiene una fórmula; pegue solo valores' },
      ]);
    });

    it('a CSV that mixes UTF-8 with another encoding is refused at the damaged cell, and nothing is written', async () => {
      const before = await snapshot(a.id);
      // The header and first row in UTF-8, the second row's name pasted from a Latin-1 file.
      const t1 = Buffer.concat([
        Buffer.from(csv(tramites({ codigo: 'U-1', nombre: 'Inscripción de marca' })), 'utf8'),
        Buffer.from('U-2,Señalización vial\r\n', 'latin1'),
      ]);
      const q1 = Buffer.from(csv(requisitos({ codigo_tramite: 'U-1', nombre: 'Solicitud' })), 'utf8');
      const report = await runImport(liaisonA, { tramites: t1, requisitos: q1 });
      expect(report).toMatchObject({ status: 'failed', valid: false });
      expect(report.problems).toEqual([
        { sheet: 'tramites', row: 3, column: 'nombre', message: expect.stringContaining('Codificación dañada') },
      ]);
      expect(await snapshot(a.id)).toEqual(before);
    });

    it('a Windows-1252 CSV pair is accepted with a notice, and the accents arrive intact', async () => {
      const t1 = Buffer.from(
        csv(tramites({ codigo: 'W-1', nombre: 'Licencia de construcción en zona rural', categoria: 'Construcción y señalización' }), ';'),
        'latin1',
      );
      const q1 = Buffer.from(
        csv(requisitos({ codigo_tramite: 'W-1', nombre: 'Plano firmado por ingeniero colegiado (añadir sello)' })),
        'latin1',
      );
      const report = await runImport(liaisonA, { tramites: t1, requisitos: q1 });
      expect(report).toMatchObject({ status: 'completed', format: 'csv' });
      expect(report.notices).toEqual(
        expect.arrayContaining([expect.objectContaining({ sheet: 'tramites', message: expect.stringContaining('Windows-1252') })]),
      );
      const [p] = await asScope(t.dataSource, 'tenant', a.id, (em) =>
        em.query(
          `SELECT p.name, p.category, r.name AS requirement FROM procedures p JOIN requirements r ON r.procedure_id = p.id WHERE p.institution_id = $1 AND p.code = 'W-1'`,
          [a.id],
        ),
      );
      expect(p).toEqual({
        name: 'Licencia de construcción en zona rural',
        category: 'Construcción y señalización',
        requirement: 'Plano firmado por ingeniero colegiado (añadir sello)',
      });
    });
  });

  describe('tenancy', () => {
    it('institution B cannot see A’s imports (404) nor export A; lists stay within the institution', async () => {
      const mine = await runImport(liaisonA, { file: await baseFile() }, true);
      const res = await t.http().get(`/api/v1/inventory/imports/${mine.id}`).set(as(liaisonB)).expect(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND' });
      await t.http().get(`/api/v1/inventory/export.xlsx?institutionId=${a.id}`).set(as(liaisonB)).expect(404);
      const listB = await t.http().get('/api/v1/inventory/imports').set(as(liaisonB)).expect(200);
      expect(listB.body.total).toBe(0);
      await t.http().get(`/api/v1/inventory/imports?institutionId=${a.id}`).set(as(liaisonB)).expect(404);
      const listA = await t.http().get('/api/v1/inventory/imports?pageSize=5').set(as(liaisonA)).expect(200);
      expect(listA.body.items[0]).toMatchObject({ id: mine.id, institutionId: a.id, status: 'completed' });
      expect(listA.body.items.every((i: { institutionId: string }) => i.institutionId === a.id)).toBe(true);
      // the Commission reads across institutions
      await t.http().get(`/api/v1/inventory/imports/${mine.id}`).set(as(analyst)).expect(200);
      const exported = await exportOf(analyst, `?institutionId=${a.id}`);
      expect((exported.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    });
  });
});
