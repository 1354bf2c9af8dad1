import { readSpreadsheet } from '../spreadsheet/read-spreadsheet';
import {
  parseBoolean,
  parseChannels,
  parseCount,
  parseDate,
  parseLevel,
  parseMoney,
  parseProhibited,
  parseUrl,
  validateInventory,
  ValidationContext,
} from '../spreadsheet/validate-inventory';
import { csv, requisitos, tramites, xlsx } from './fixtures';

const ctx = (existing: Record<string, 'active' | 'eliminated'> = {}): ValidationContext => ({
  levels: [0, 1, 2, 3, 4, 5],
  today: '2026-11-29',
  existing: new Map(Object.entries(existing).map(([code, status]) => [code, { status }])),
});

const fromCsv = async (t: string, q: string, c = ctx()) =>
  validateInventory(await readSpreadsheet({ format: 'csv', tramites: Buffer.from(t), requisitos: Buffer.from(q) }), c);

describe('value parsers', () => {
  it('money: dot decimals, unambiguous thousands, at most 2 decimals, not negative', () => {
    expect(parseMoney('1250.5')).toEqual({ value: '1250.50' });
    expect(parseMoney('1,250.50')).toEqual({ value: '1250.50' });
    expect(parseMoney('1,250')).toEqual({ value: '1250.00' });
    expect(parseMoney('Q 75')).toEqual({ value: '75.00' });
    expect(parseMoney(19.989999999999998)).toEqual({ value: '19.99' });
    expect(parseMoney(null)).toEqual({ value: null }); // empty = unknown ("sin dato"), never free
    expect(parseMoney('')).toEqual({ value: null });
    expect(parseMoney('0')).toEqual({ value: '0.00' }); // free is written as 0
    expect(parseMoney('-5')).toEqual({ error: 'no puede ser negativo' });
    expect(parseMoney('12,50')).toEqual({ error: expect.stringContaining('punto como separador decimal') });
    expect(parseMoney('1.250,50')).toEqual({ error: expect.stringContaining('punto como separador decimal') });
    expect(parseMoney('10.125')).toEqual({ error: expect.stringContaining('más de 2 decimales') });
    expect(parseMoney('gratis')).toEqual({ error: expect.stringContaining('no es un monto') });
  });

  it('counts: whole numbers ≥ 0 within a maximum; empty is null', () => {
    expect(parseCount('30', 3650)).toEqual({ value: 30 });
    expect(parseCount(30, 3650)).toEqual({ value: 30 });
    expect(parseCount('12,000', 100_000_000)).toEqual({ value: 12000 });
    expect(parseCount('', 10)).toEqual({ value: null });
    expect(parseCount('-1', 10)).toEqual({ error: expect.stringContaining('negativo') });
    expect(parseCount('2.5', 10)).toEqual({ error: expect.stringContaining('entero') });
    expect(parseCount('11', 10)).toEqual({ error: expect.stringContaining('máximo') });
  });

  it('booleans: si/no/sí/true/false/1/0, empty = no value', () => {
    for (const yes of ['si', 'Sí', 'SI', 'true', '1', true, 1]) expect(parseBoolean(yes)).toEqual({ value: true });
    for (const no of ['no', 'No', 'false', '0', false, 0]) expect(parseBoolean(no)).toEqual({ value: false });
    expect(parseBoolean(null)).toEqual({ value: null });
    expect(parseBoolean('tal vez')).toEqual({ error: expect.stringContaining('sí o no') });
  });

  it('channels: Spanish words, several separated by ; or ,', () => {
    expect(parseChannels('presencial;En línea')).toEqual({ value: ['in_person', 'online'] });
    expect(parseChannels('telefono, correo, telefono')).toEqual({ value: ['phone', 'mail'] });
    expect(parseChannels('')).toEqual({ value: [] });
    expect(parseChannels('fax')).toEqual({
      error: expect.stringContaining('Valores admitidos: presencial, en_linea, telefono, correo, kiosco'),
    });
  });

  it('prohibido: empty/no, or the Spanish kind; a bare "sí" asks which one', () => {
    expect(parseProhibited(null)).toEqual({ value: null });
    expect(parseProhibited('no')).toEqual({ value: null });
    expect(parseProhibited('Declaración jurada')).toEqual({ value: 'sworn_declaration' });
    expect(parseProhibited('sí')).toEqual({ error: expect.stringContaining('indique cuál práctica prohibida') });
    expect(parseProhibited('fianza')).toEqual({ error: expect.stringContaining('declaracion_jurada') });
  });

  it('maturity level: a level of the active model', () => {
    expect(parseLevel('3', [0, 1, 2, 3])).toEqual({ value: 3 });
    expect(parseLevel('7', [0, 1, 2, 3])).toEqual({ error: expect.stringContaining('no existe en el modelo de madurez vigente') });
    expect(parseLevel('2', null)).toEqual({ error: expect.stringContaining('no hay un modelo de madurez activo') });
  });
});

describe('dates and URLs', () => {
  it('dates: AAAA-MM-DD, DD/MM/AAAA or an Excel date; impossible dates refused', () => {
    expect(parseDate('2026-03-31')).toEqual({ value: '2026-03-31' });
    expect(parseDate('5/7/2026')).toEqual({ value: '2026-07-05' });
    expect(parseDate(46112)).toEqual({ value: '2026-03-31' }); // Excel serial day
    expect(parseDate(null)).toEqual({ value: null });
    expect(parseDate('2026-02-30')).toEqual({ error: '«2026-02-30» no es una fecha que exista' });
    expect(parseDate('marzo')).toEqual({ error: expect.stringContaining('AAAA-MM-DD') });
  });
  it('a cell with several URLs is refused, saying so', () => {
    expect(parseUrl('https://a.gob.gt https://b.gob.gt')).toEqual({
      error: 'la celda contiene 2 direcciones; escriba una sola dirección web por celda',
    });
    expect(parseUrl('https://a.gob.gt;https://b.gob.gt')).toEqual({
      error: 'la celda contiene 2 direcciones; escriba una sola dirección web por celda',
    });
    expect(parseUrl('https://a.gob.gt/tramite')).toEqual({ value: 'https://a.gob.gt/tramite' });
  });
  it('an empty fee or visit count stays unknown through validation; the file can state a review date', async () => {
    const r = await fromCsv(
      'codigo,nombre,costo_gtq,visitas_presenciales,fecha_revision\nA-1,Registro de marca,,,2026-01-15\nA-2,Licencia,0,0,\n',
      'codigo_tramite,nombre\nA-1,DPI\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.procedures.map((p) => [p.code, p.feeGtq, p.inPersonVisits, p.lastReviewedAt])).toEqual([
      ['A-1', null, null, '2026-01-15'],
      ['A-2', '0.00', 0, '2026-11-29'],
    ]);
  });
});

describe('validateInventory', () => {
  it('turns a valid file into typed rows (absent columns stay undefined, empty cells get defaults)', async () => {
    const r = await fromCsv(
      'Código,Nombre,Canal,COSTO GTQ,Comercio exterior,Audiencia\nA-1,Registro de marca,presencial;en_linea,"1,250.50",sí,empresa\n',
      'codigo_tramite,nombre,tipo_evidencia,emisor,institucion_emisora,prohibido\nA-1,Declaración jurada de origen,documento,usuario,,declaracion_jurada\n',
    );
    expect(r.problems).toEqual([]);
    expect(r.procedures).toEqual([
      {
        row: 2,
        code: 'A-1',
        name: 'Registro de marca',
        channels: ['in_person', 'online'],
        feeGtq: '1250.50',
        foreignTrade: true,
        audience: 'business',
        description: undefined,
        legalBasis: undefined,
        onlineUrl: undefined,
        formsUrl: undefined,
        formsFree: undefined,
        legalMaxDays: undefined,
        actualMedianDays: undefined,
        annualVolume: undefined,
        inPersonVisits: undefined,
        declaredLevel: undefined,
        prioritized: undefined,
        category: undefined,
        output: undefined,
        lifeEvent: undefined,
        targetLevel: undefined,
        targetDate: undefined,
        lastReviewedAt: '2026-11-29', // no review-date column: the import confirms the procedure today
      },
    ]);
    expect(r.requirements[0]).toMatchObject({
      row: 2,
      procedureCode: 'A-1',
      evidenceType: 'document',
      issuer: 'applicant',
      issuerInstitution: null,
      prohibitedKind: 'sworn_declaration',
    });
  });

  it('locates every problem by sheet, row and column', async () => {
    const t = csv(
      tramites(
        { codigo: 'A-1', nombre: 'Bueno', dias_resolucion_real: '-3' },
        { codigo: 'A-1', nombre: 'Repetido' },
        { codigo: '', nombre: '', categoria: 'Sin nombre ni código' },
        {
          codigo: 'A-3',
          nombre: 'Varios',
          costo_gtq: '-10',
          visitas_presenciales: '1.5',
          comercio_exterior: 'quizá',
          canal: 'fax',
          nivel_madurez: '9',
          audiencia: 'todos',
        },
      ),
    );
    const q = csv(
      requisitos(
        { codigo_tramite: 'A-1', nombre: 'DPI', emisor: 'otra_institucion' },
        { codigo_tramite: 'ZZZ', nombre: 'Huérfano' },
        { codigo_tramite: 'A-1', nombre: 'Constancia', prohibido: 'si', tipo_evidencia: 'papel' },
      ),
    );
    const r = await fromCsv(t, q);
    const located = r.problems.map((p) => [p.sheet, p.row, p.column]);
    expect(located).toEqual([
      ['tramites', 2, 'dias_resolucion_real'],
      ['tramites', 3, 'codigo'],
      ['tramites', 4, 'codigo'],
      ['tramites', 4, 'nombre'],
      ['tramites', 5, 'canal'],
      ['tramites', 5, 'costo_gtq'],
      ['tramites', 5, 'visitas_presenciales'],
      ['tramites', 5, 'nivel_madurez'],
      ['tramites', 5, 'comercio_exterior'],
      ['tramites', 5, 'audiencia'],
      ['requisitos', 2, 'institucion_emisora'],
      ['requisitos', 3, 'codigo_tramite'],
      ['requisitos', 4, 'tipo_evidencia'],
      ['requisitos', 4, 'prohibido'],
    ]);
    expect(r.problems.find((p) => p.column === 'audiencia')!.message).toContain('persona, empresa, ambos');
    expect(r.problems.find((p) => p.sheet === 'tramites' && p.row === 3)!.message).toContain('repetido (ya aparece en la fila 2)');
    expect(r.problems.every((p) => p.message.length > 10)).toBe(true);
  });

  it('accepts requirements of an existing procedure not in the file; refuses eliminated ones', async () => {
    const ok = await fromCsv('codigo,nombre\n', 'codigo_tramite,nombre\nVIEJO-1,DPI\n', ctx({ 'VIEJO-1': 'active' }));
    expect(ok.problems).toEqual([]);
    const gone = await fromCsv(
      'codigo,nombre\nX-1,Nuevo trámite\n',
      'codigo_tramite,nombre\nVIEJO-1,DPI\n',
      ctx({ 'VIEJO-1': 'eliminated' }),
    );
    expect(gone.problems).toEqual([
      expect.objectContaining({ sheet: 'requisitos', row: 2, column: 'codigo_tramite', message: expect.stringContaining('eliminado') }),
    ]);
  });

  it('missing required columns are errors; unknown columns are notices', async () => {
    const r = await fromCsv('codigo,titulo,color\nA,B,C\n', 'nombre\nDPI\n');
    expect(r.problems.map((p) => [p.sheet, p.row, p.column])).toEqual([
      ['tramites', 1, 'nombre'],
      ['requisitos', 1, 'codigo_tramite'],
    ]);
    expect(r.notices.map((n) => n.column)).toEqual(['titulo', 'color']);
  });

  it('reports formula cells and Excel errors in XLSX', async () => {
    const content = await xlsx({
      tramites: tramites({ codigo: 'A-1', nombre: 'Con fórmula', costo_gtq: { formula: 'B2*2', result: 10 } }),
      requisitos: requisitos({ codigo_tramite: 'A-1', nombre: { formula: 'CONCATENATE("D","PI")', result: 'DPI' } }),
    });
    const r = validateInventory(await readSpreadsheet({ format: 'xlsx', content }), ctx());
    expect(r.problems).toEqual([
      { sheet: 'tramites', row: 2, column: 'costo_gtq', message: 'la celda contiene una fórmula; pegue solo valores' },
      { sheet: 'requisitos', row: 2, column: 'nombre', message: 'la celda contiene una fórmula; pegue solo valores' },
    ]);
  });

  it('an empty file is a problem, not a silent success', async () => {
    const r = await fromCsv('codigo,nombre\n', 'codigo_tramite,nombre\n');
    expect(r.problems).toEqual([expect.objectContaining({ sheet: 'tramites', message: expect.stringContaining('ningún trámite') })]);
  });
});
