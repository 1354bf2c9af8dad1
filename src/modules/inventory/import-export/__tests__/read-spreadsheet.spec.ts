import { decodeText, detectDelimiter, readSpreadsheet, scanUtf8, sniff } from '../spreadsheet/read-spreadsheet';
import { csv, requisitos, tramites, xlsx } from './fixtures';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const XLS = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);

describe('sniff (magic bytes)', () => {
  it('recognises XLSX (zip), text and names what it refuses', async () => {
    expect(sniff(await xlsx({ tramites: [['codigo']] }))).toEqual({ kind: 'xlsx' });
    expect(sniff(Buffer.from('codigo,nombre\nA,B\n'))).toEqual({ kind: 'text' });
    expect(sniff(PDF)).toEqual({ kind: 'rejected', what: 'un documento PDF' });
    expect(sniff(PNG)).toMatchObject({ kind: 'rejected', what: 'una imagen PNG' });
    expect(sniff(XLS)).toMatchObject({ kind: 'rejected', what: expect.stringContaining('.xls') });
    expect(sniff(Buffer.alloc(0))).toMatchObject({ kind: 'rejected' });
    expect(sniff(Buffer.from([0x41, 0x00, 0x42]))).toMatchObject({ kind: 'rejected', what: 'un archivo binario' });
  });
});

describe('text encodings', () => {
  const accents = 'codigo,nombre\nA-1,Inscripción de señales\n';

  it('reads UTF-8 with and without BOM', () => {
    expect(decodeText(Buffer.from(accents, 'utf8'))).toEqual({ text: accents, encoding: 'utf-8', brokenUtf8: false });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(accents)]))).toMatchObject({
      text: accents,
      encoding: 'utf-8',
      brokenUtf8: false,
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8 at all', () => {
    const r = decodeText(Buffer.from(accents, 'latin1'));
    expect(r).toEqual({ text: accents, encoding: 'windows-1252', brokenUtf8: false });
    // 0x93/0x94 are curly quotes in Windows-1252 (not in ISO-8859-1)
    expect(decodeText(Buffer.from([0x93, 0x41, 0x94])).text).toBe('\u201cA\u201d');
  });

  it('flags UTF-8 damaged by a second encoding', () => {
    const mixed = Buffer.concat([Buffer.from('Inscripción,', 'utf8'), Buffer.from('Señal\n', 'latin1')]);
    expect(scanUtf8(mixed)).toEqual({ multibyte: 1, invalid: 1 });
    const r = decodeText(mixed);
    expect(r.brokenUtf8).toBe(true);
    expect(r.text).toContain('\uFFFD');
  });

  it('reads UTF-16 with BOM', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(accents, 'utf16le')]);
    expect(decodeText(utf16)).toMatchObject({ text: accents, encoding: 'utf-16le' });
  });

  it('detects comma, semicolon and tab separators', () => {
    expect(detectDelimiter('codigo,nombre\n')).toBe(',');
    expect(detectDelimiter('codigo;nombre;canal\n')).toBe(';');
    expect(detectDelimiter('codigo\tnombre\n')).toBe('\t');
  });
});

describe('readSpreadsheet', () => {
  it('reads both sheets of an XLSX, with spreadsheet row numbers and formula markers', async () => {
    const content = await xlsx({
      Trámites: tramites({ codigo: 'A-1', nombre: 'Primero', costo_gtq: { formula: '100*2', result: 200 } }),
      Requisitos: requisitos({ codigo_tramite: 'A-1', nombre: 'DPI' }),
      Notas: [['libre']],
    });
    const r = await readSpreadsheet({ format: 'xlsx', content });
    expect(r.problems).toEqual([]);
    expect(r.notices).toEqual([expect.objectContaining({ sheet: 'archivo', message: expect.stringContaining('«Notas»') })]);
    expect(r.sheets.tramites!.header!.row).toBe(1);
    expect(r.sheets.tramites!.rows[0].row).toBe(2);
    expect(r.sheets.tramites!.rows[0].cells[8]).toEqual({ formula: '100*2' });
    expect(r.sheets.requisitos!.rows[0].cells.slice(0, 2)).toEqual(['A-1', 'DPI']);
  });

  it('names the missing sheet of an XLSX', async () => {
    const r = await readSpreadsheet({ format: 'xlsx', content: await xlsx({ tramites: tramites({ codigo: 'A', nombre: 'Uno' }) }) });
    expect(r.problems).toEqual([
      { sheet: 'requisitos', row: null, column: null, message: expect.stringContaining('no tiene la hoja «requisitos»') },
    ]);
  });

  it('refuses what is not a spreadsheet, with a clear message', async () => {
    const r = await readSpreadsheet({ format: 'xlsx', content: PDF, fileName: 'informe.pdf' });
    expect(r.problems).toEqual([
      {
        sheet: 'archivo',
        row: null,
        column: null,
        message: expect.stringMatching(/«informe.pdf» no es una hoja de cálculo CSV ni XLSX \(parece un documento PDF\)/),
      },
    ]);
    const csvPair = await readSpreadsheet({ format: 'csv', tramites: PNG, requisitos: Buffer.from('codigo_tramite,nombre\n') });
    expect(csvPair.problems[0]).toMatchObject({ sheet: 'tramites', message: expect.stringContaining('imagen PNG') });
    const broken = await readSpreadsheet({
      format: 'xlsx',
      content: Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
    });
    expect(broken.problems[0]).toMatchObject({ sheet: 'archivo', message: expect.stringContaining('dañado') });
  });

  it('reads a Windows-1252 CSV pair with a notice, and keeps the accents', async () => {
    const t = Buffer.from(csv(tramites({ codigo: 'A-1', nombre: 'Licencia de construcción' }), ';'), 'latin1');
    const q = Buffer.from(csv(requisitos({ codigo_tramite: 'A-1', nombre: 'Plano firmado por ingeniero' })), 'utf8');
    const r = await readSpreadsheet({ format: 'csv', tramites: t, requisitos: q });
    expect(r.problems).toEqual([]);
    expect(r.notices).toEqual([expect.objectContaining({ sheet: 'tramites', message: expect.stringContaining('Windows-1252') })]);
    expect(r.sheets.tramites!.rows[0]).toMatchObject({ row: 2, cells: expect.arrayContaining(['Licencia de construcción']) });
  });

  it('locates damaged UTF-8 by row and column', async () => {
    const header = 'codigo,nombre\n';
    const t = Buffer.concat([Buffer.from(`${header}A-1,Inscripción\nA-2,`, 'utf8'), Buffer.from('Señal\n', 'latin1')]);
    const r = await readSpreadsheet({ format: 'csv', tramites: t, requisitos: Buffer.from('codigo_tramite,nombre\n') });
    expect(r.problems).toEqual([{ sheet: 'tramites', row: 3, column: 'nombre', message: expect.stringContaining('Codificación dañada') }]);
  });

  it('keeps row numbers of blank lines and multi-line cells as a spreadsheet shows them', async () => {
    const t = Buffer.from('codigo,nombre\nA-1,"Dos\nlíneas"\n\nA-2,Tres\n');
    const r = await readSpreadsheet({ format: 'csv', tramites: t, requisitos: Buffer.from('codigo_tramite,nombre\n') });
    expect(r.sheets.tramites!.rows.map((x) => [x.row, x.cells[0]])).toEqual([
      [2, 'A-1'],
      [3, null],
      [4, 'A-2'],
    ]);
  });
});
