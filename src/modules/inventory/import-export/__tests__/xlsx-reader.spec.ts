import { deflateRawSync } from 'node:zlib';
import { readSpreadsheet } from '../spreadsheet/read-spreadsheet';
import { openXlsx, xmlText } from '../spreadsheet/xlsx-reader';

/** A minimal ZIP writer (deflate), to build workbooks the way other tools write them. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(nameBuf.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    central.push(entry, nameBuf);
    offset += local.length + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const workbook = (sheets: Record<string, string>, sharedStrings?: string, prefix = '') => {
  const p = prefix ? `${prefix}:` : '';
  const ns = prefix
    ? ` xmlns:${prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
    : ' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const names = Object.keys(sheets);
  return zip({
    '[Content_Types].xml': '<Types/>',
    'xl/workbook.xml': `<?xml version="1.0"?><${p}workbook${ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><${p}sheets>${names
      .map((n, i) => `<${p}sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</${p}sheets></${p}workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${names
      .map(
        (_n, i) =>
          `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/hoja${i + 1}.xml"/>`,
      )
      .join(
        '',
      )}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ...(sharedStrings ? { 'xl/sharedStrings.xml': `<?xml version="1.0"?><${p}sst${ns}>${sharedStrings}</${p}sst>` } : {}),
    ...Object.fromEntries(
      names.map((n, i) => [
        `xl/worksheets/hoja${i + 1}.xml`,
        `<?xml version="1.0"?><${p}worksheet${ns}><${p}sheetData>${sheets[n]}</${p}sheetData></${p}worksheet>`,
      ]),
    ),
  });
};

const rowsOf = async (buf: Buffer, sheet = 0) => {
  const out = [];
  for await (const r of openXlsx(buf)[sheet].rows()) out.push(r);
  return out;
};

describe('xlsx reader', () => {
  it('decodes XML entities and Excel _xHHHH_ escapes', () => {
    expect(xmlText('a &amp; b &lt;c&gt; &quot;d&quot; &#233; &#xF1; x_x000D_y')).toBe('a & b <c> "d" é ñ x\ry');
  });

  it('reads shared strings (with rich text and phonetic runs), inline strings, numbers, booleans, errors and formulas', async () => {
    const sst =
      '<si><t>codigo</t></si><si><r><t>Inscrip</t></r><r><rPr><b/></rPr><t xml:space="preserve">ción  </t></r><rPh><t>X</t></rPh></si><si/>';
    const sheet =
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>Señal &amp; «vía»</t></is></c></row>' +
      '<row r="3"><c r="A3" t="s"><v>1</v></c><c r="B3"><v>1250.5</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c>' +
      '<c r="E3"><f>B3*2</f><v>2501</v></c><c r="F3"><f t="shared" si="0"/><v>3</v></c><c r="G3" t="s"><v>2</v></c></row>';
    const rows = await rowsOf(workbook({ tramites: sheet }, sst));
    expect(rows).toEqual([
      { row: 1, cells: ['codigo', null, 'Señal & «vía»'] },
      { row: 3, cells: ['Inscripción  ', 1250.5, true, { error: '#N/A' }, { formula: 'B3*2' }, { formula: '' }, ''] },
    ]);
  });

  it('accepts namespace prefixes and cells or rows without references', async () => {
    const sheet =
      '<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>b</x:t></x:is></x:c></x:row><x:row><x:c><x:v>7</x:v></x:c></x:row>';
    const book = workbook({ Trámites: sheet }, undefined, 'x');
    expect(openXlsx(book).map((s) => s.name)).toEqual(['Trámites']);
    expect(await rowsOf(book)).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: [7] },
    ]);
  });

  it('never splits a multibyte character between chunks (large sheets)', async () => {
    const rows = Array.from(
      { length: 30_000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>sí, acción ${i} — “ñandú”</t></is></c></row>`,
    ).join('');
    const read = await rowsOf(workbook({ tramites: rows }));
    expect(read).toHaveLength(30_000);
    expect(read.every((r, i) => r.cells[0] === `sí, acción ${i} — “ñandú”`)).toBe(true);
  });

  it('reads XML as the standard says: comments, processing instructions, CDATA, quoted ">" and line ends', async () => {
    const sheet =
      '<!-- escrito a mano --><?mso-application progid="Excel.Sheet"?>' +
      `<row r="1" spans="1:3" x14ac:dyDescent='a>b' ><c r="A1" t="inlineStr"><is><t><![CDATA[a<b & c]]></t></is></c>` +
      '<c r="B1" t="inlineStr"><is><t>línea 1\r\nlínea 2\rlínea 3</t></is></c><c r="C1" t="inlineStr"><is><t>&#8220;x&#x201D; &amp;amp;</t></is></c></row >';
    expect(await rowsOf(workbook({ tramites: sheet }))).toEqual([{ row: 1, cells: ['a<b & c', 'línea 1\nlínea 2\nlínea 3', '“x” &amp;'] }]);
  });

  it('XML that is not well formed is a damaged file, not a guess', async () => {
    const damaged = async (sheet: string) =>
      (await readSpreadsheet({ format: 'xlsx', content: workbook({ tramites: sheet, requisitos: '' }) })).problems[0]?.message;
    for (const sheet of [
      '<row r="1"><c r="A1"><v>1</v></row>', // a cell never closed
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a &nbsp; b</t></is></c></row>', // an entity XML does not define
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a & b</t></is></c></row>', // a bare ampersand
      '<row r="1"><c r="A1" t=s><v>0</v></c></row>', // an attribute value without quotes
      '</row>', // a close tag without its element
    ])
      expect(await damaged(sheet)).toContain('está dañado');
  });

  it('a zip that is not a workbook, or a damaged one, becomes a located problem', async () => {
    const docx = zip({ 'word/document.xml': '<w:document/>' });
    expect((await readSpreadsheet({ format: 'xlsx', content: docx })).problems[0].message).toContain('sin libro de Excel');
    const good = workbook({ tramites: '<row r="1"><c r="A1"><v>1</v></c></row>' });
    const cut = good.subarray(0, good.length - 30);
    expect((await readSpreadsheet({ format: 'xlsx', content: cut })).problems[0].message).toContain('dañado');
  });

  describe('pathological structure is refused, located, in one pass (issue #10, finding 3)', () => {
    const problemsOf = async (sheet: string) =>
      (await readSpreadsheet({ format: 'xlsx', content: workbook({ tramites: sheet, requisitos: '' }) })).problems;

    it('a row that never closes, with more cells than Excel has columns', async () => {
      const cells = Array.from({ length: 20_000 }, () => '<c t="inlineStr"><is><t>x</t></is></c>').join('');
      const problems = await problemsOf(`<row r="1"><c r="A1" t="inlineStr"><is><t>codigo</t></is></c></row><row r="2">${cells}`);
      expect(problems).toEqual([
        { sheet: 'tramites', row: 2, column: null, message: expect.stringMatching(/columna 16.384.*Libro de Excel/) },
      ]);
    });

    it("megabytes of text with no element at all (the review's sheet without </row>)", async () => {
      const problems = await problemsOf(`<row r="1"><c r="A1"><v>${'9'.repeat(3 * 1024 * 1024)}`);
      expect(problems).toEqual([{ sheet: 'tramites', row: 1, column: null, message: expect.stringContaining('texto sin estructura') }]);
    });

    it('a cell longer than Excel allows, elements nested without end, and a DOCTYPE', async () => {
      const long = await problemsOf(`<row r="1"><c r="A1" t="inlineStr"><is><t>${'a'.repeat(40_000)}</t></is></c></row>`);
      expect(long[0]).toMatchObject({ sheet: 'tramites', row: 1, message: expect.stringMatching(/32.767/) });
      const deep = await problemsOf(`<row r="1">${'<c><is>'.repeat(100)}`);
      expect(deep[0]).toMatchObject({ sheet: 'tramites', row: 1, message: expect.stringContaining('anida') });
      const doctype = zip({
        'xl/workbook.xml': '<workbook><sheets><sheet name="tramites" r:id="rId1"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels': '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        'xl/worksheets/sheet1.xml':
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&a;</t></is></c></row></sheetData></worksheet>',
      });
      expect((await readSpreadsheet({ format: 'xlsx', content: doctype })).problems[0].message).toContain('DOCTYPE');
    });

    it("a row number beyond Excel's last row", async () => {
      expect((await problemsOf('<row r="2000000"><c><v>1</v></c></row>'))[0]).toMatchObject({
        sheet: 'tramites',
        message: expect.stringContaining('número inválido'),
      });
    });
  });
});
