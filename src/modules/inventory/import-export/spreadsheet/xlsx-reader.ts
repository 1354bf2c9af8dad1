import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { Readable } from 'node:stream';
import type { RawCell, RawRow } from './read-spreadsheet';

/**
 * A small, streaming reader of XLSX values: ZIP central directory, shared strings, sheet names and cell values
 * (formulas marked, not evaluated). Written for the import because ExcelJS's streaming reader corrupts multibyte
 * characters that straddle a chunk boundary ("sí" → "s��") and keeps heavy row objects; this one decodes UTF-8 as a
 * stream (TextDecoder) and assembles rows itself from the events of a small XML scanner (XmlScanner, below): one pass,
 * linear in the size of the sheet, holding one row at a time.
 *
 * Structure no spreadsheet program writes is refused with a located message instead of being worked through
 * (XlsxStructureError): a row longer than Excel's 16,384 columns, a cell text longer than Excel's 32,767 characters,
 * more than MAX_GAP_BYTES of XML without a single element (text or a tag never closed), nesting deeper than MAX_DEPTH,
 * a document type declaration.
 */
export class XlsxFormatError extends Error {}

/** Well-formed, but not the structure of a workbook: refused with a Spanish message located at a row. */
export class XlsxStructureError extends XlsxFormatError {
  constructor(
    message: string,
    readonly row: number | null,
  ) {
    super(message);
  }
}

/** Excel's own limits: 16,384 columns (XFD), 32,767 characters per cell, 1,048,576 rows. */
const MAX_COLUMNS = 16_384;
const MAX_CELL_CHARS = 32_767;
const MAX_ROW_NUMBER = 1_048_576;
/** XML between two parser events (an element opening or closing): far beyond any real cell, and a bound on what is held. */
const MAX_GAP_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** Most bytes a sheet may inflate to (a zip bomb stops here instead of exhausting memory). */
const MAX_SHEET_BYTES = 1024 * 1024 * 1024;

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxFormatError('sin directorio central');
  let count = buf.readUInt16LE(eocd + 10);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if ((cdOffset === 0xffffffff || count === 0xffff) && eocd >= 20 && buf.readUInt32LE(eocd - 20) === 0x07064b50) {
    const z64 = Number(buf.readBigUInt64LE(eocd - 12));
    if (buf.readUInt32LE(z64) !== 0x06064b50) throw new XlsxFormatError('zip64 inválido');
    count = Number(buf.readBigUInt64LE(z64 + 32));
    cdOffset = Number(buf.readBigUInt64LE(z64 + 48));
  }
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxFormatError('directorio central dañado');
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLength),
    };
    // zip64 extra field: the 0xFFFFFFFF values, in order
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = buf.readUInt16LE(e);
      const size = buf.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (entry.uncompressedSize === 0xffffffff) {
          entry.uncompressedSize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = Number(buf.readBigUInt64LE(q));
          q += 8;
        }
        if (entry.localOffset === 0xffffffff) entry.localOffset = Number(buf.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    entries.set(entry.name.replace(/^\/+/, ''), entry);
    p = extraEnd + commentLength;
  }
  return entries;
}

function rawData(buf: Buffer, e: ZipEntry): Buffer {
  if (e.flags & 1) throw new XlsxFormatError('cifrado');
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw new XlsxFormatError('encabezado local dañado');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressedSize > buf.length) throw new XlsxFormatError('entrada truncada');
  return buf.subarray(start, start + e.compressedSize);
}

function entryBuffer(buf: Buffer, e: ZipEntry, max = 256 * 1024 * 1024): Buffer {
  const data = rawData(buf, e);
  if (e.method === 0) return data;
  if (e.method === 8) return inflateRawSync(data, { maxOutputLength: max });
  throw new XlsxFormatError(`compresión ${e.method} no admitida`);
}

/** Inflates an entry as a stream of buffers, stopping at MAX_SHEET_BYTES (a zip bomb stops here). */
async function* entryChunks(buf: Buffer, e: ZipEntry, onBytes?: (inflated: number) => void): AsyncGenerator<Buffer> {
  const data = rawData(buf, e);
  if (e.method !== 0 && e.method !== 8) throw new XlsxFormatError(`compresión ${e.method} no admitida`);
  const source: AsyncIterable<Buffer> | Iterable<Buffer> =
    e.method === 0 ? [data] : Readable.from([data]).pipe(createInflateRaw({ chunkSize: 256 * 1024 }));
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > MAX_SHEET_BYTES) throw new XlsxFormatError('hoja demasiado grande');
    onBytes?.(total);
    yield chunk;
  }
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** Excel's _xHHHH_ escapes (e.g. _x000D_ for a carriage return); the XML parser has already decoded entities. */
const excelEscapes = (s: string): string =>
  s.indexOf('_x') < 0 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** An element as the scanner reports it: its name as written (prefix included), its attributes, whether it closes itself. */
interface XmlTag {
  name: string;
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

interface XmlHandlers {
  opentag(tag: XmlTag): void;
  /** Also called for a self-closing element, right after its opentag. */
  closetag(tag: XmlTag): void;
  text(text: string): void;
}

const NO_ATTRIBUTES: Record<string, string> = Object.freeze({}) as Record<string, string>;

const invalid = (what: string): never => {
  throw new XlsxFormatError(`XML inválido: ${what}`);
};

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities only (Excel's _xHHHH_ escapes are the reader's business: `cellValue` decodes them once). */
function xmlEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&([^;&<]{0,10});?/g, (whole, code: string) => {
    if (!whole.endsWith(';')) invalid(`«&» sin entidad («${whole.slice(0, 12)}»)`);
    if (code[0] !== '#') return ENTITY[code] ?? invalid(`entidad desconocida «&${code};»`);
    const n = code[1] === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    if (!Number.isInteger(n) || n < 1 || n > 0x10ffff) invalid(`referencia de carácter «&${code};»`);
    return String.fromCodePoint(n);
  });
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/** Where a tag that starts before `from` ends: its `>`, outside quoted attribute values (-1: not in the buffer yet). */
function tagEnd(s: string, from: number): number {
  let quote = 0;
  for (let j = from; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 62) return j;
    else if (c === 34 || c === 39) quote = c;
  }
  return -1;
}

function parseAttributes(s: string, from: number, to: number): Record<string, string> {
  let out: Record<string, string> | null = null;
  let i = from;
  while (i < to) {
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    if (i >= to) break;
    const nameStart = i;
    while (i < to && s.charCodeAt(i) !== 61 && !isSpace(s.charCodeAt(i))) i++;
    const name = s.slice(nameStart, i);
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 61 || !name) invalid(`atributo sin valor («${s.slice(nameStart, Math.min(to, nameStart + 20))}»)`);
    i++;
    while (i < to && isSpace(s.charCodeAt(i))) i++;
    const quote = s.charCodeAt(i);
    if (quote !== 34 && quote !== 39) invalid(`valor de atributo sin comillas («${name}»)`);
    const end = s.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end < 0 || end >= to) invalid(`valor de atributo sin cerrar («${name}»)`);
    (out ??= {})[name] = xmlEntities(s.slice(i + 1, end));
    i = end + 1;
  }
  return out ?? NO_ATTRIBUTES;
}

/**
 * The XML of one workbook part, scanned as it arrives: elements, attributes, text (entities decoded, line ends
 * normalised as XML requires), CDATA sections; comments and processing instructions are skipped. Close tags must match
 * their element. A document type declaration is refused (`doctype`): Excel never writes one, and it is how entity
 * expansion attacks begin. Written for spreadsheet parts instead of a general SAX parser, which took most of an import's
 * reading time (issue 17): every byte is looked at a bounded number of times, and what is not yet complete (a tag cut by a
 * chunk boundary, text whose end has not arrived) waits in the buffer for the next chunk.
 */
class XmlScanner {
  private pending = '';
  private readonly open: string[] = [];

  constructor(
    private readonly handlers: XmlHandlers,
    private readonly doctype: () => never,
  ) {}

  write(chunk: string): void {
    this.pending = this.pending ? this.pending + chunk : chunk;
    this.scan();
  }

  close(): void {
    if (this.pending.indexOf('<') >= 0) invalid('una etiqueta no se cierra al final del archivo');
    if (this.open.length) invalid(`el elemento <${this.open[this.open.length - 1]}> no se cierra`);
    if (this.pending.trim()) invalid('texto fuera del elemento raíz');
    this.pending = '';
  }

  private text(raw: string): void {
    const decoded = xmlEntities(raw);
    this.handlers.text(decoded.indexOf('\r') < 0 ? decoded : decoded.replace(/\r\n?/g, '\n'));
  }

  private scan(): void {
    const s = this.pending;
    const n = s.length;
    const { handlers } = this;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt < 0) break; // text whose end has not arrived
      if (lt > i) this.text(s.slice(i, lt));
      i = lt;
      if (lt + 1 >= n) break;
      const c = s.charCodeAt(lt + 1);
      if (c === 33 /* ! */) {
        if (s.startsWith('<!--', lt)) {
          const end = s.indexOf('-->', lt + 4);
          if (end < 0) break;
          i = end + 3;
        } else if (s.startsWith('<![CDATA[', lt)) {
          const end = s.indexOf(']]>', lt + 9);
          if (end < 0) break;
          handlers.text(s.slice(lt + 9, end));
          i = end + 3;
        } else if (n - lt < 9) break;
        else if (s.startsWith('<!DOCTYPE', lt)) this.doctype();
        else invalid(`declaración «${s.slice(lt, lt + 12)}» no admitida`);
        continue;
      }
      if (c === 63 /* ? */) {
        const end = s.indexOf('?>', lt + 2);
        if (end < 0) break;
        i = end + 2;
        continue;
      }
      const gt = tagEnd(s, lt + 1);
      if (gt < 0) break;
      if (c === 47 /* / */) {
        let end = gt;
        while (end > lt + 2 && isSpace(s.charCodeAt(end - 1))) end--;
        const name = s.slice(lt + 2, end);
        const top = this.open.pop();
        if (top !== name) invalid(top === undefined ? `cierre </${name}> sin apertura` : `se esperaba </${top}> y se encontró </${name}>`);
        handlers.closetag({ name, attributes: NO_ATTRIBUTES, isSelfClosing: false });
      } else {
        const isSelfClosing = s.charCodeAt(gt - 1) === 47;
        const bodyEnd = isSelfClosing ? gt - 1 : gt;
        let k = lt + 1;
        while (k < bodyEnd && !isSpace(s.charCodeAt(k))) k++;
        if (k === lt + 1) invalid('etiqueta sin nombre');
        const tag: XmlTag = { name: s.slice(lt + 1, k), attributes: parseAttributes(s, k, bodyEnd), isSelfClosing };
        if (!isSelfClosing) this.open.push(tag.name);
        handlers.opentag(tag);
        if (isSelfClosing) handlers.closetag(tag);
      }
      i = gt + 1;
    }
    this.pending = i < n ? s.slice(i) : '';
  }
}

/**
 * Feeds an entry's XML to the scanner set up with `handlers`, chunk by chunk (UTF-8 decoded as a stream, so no character
 * is split), yielding after each chunk whatever `drain` returns. Linear: every byte is looked at a bounded number of
 * times. `located` gives the row being read, for messages.
 */
async function* parseEntry<T>(
  buf: Buffer,
  e: ZipEntry,
  handlers: XmlHandlers,
  drain: () => T[],
  located: () => number | null,
  onBytes?: (inflated: number) => void,
): AsyncGenerator<T> {
  let depth = 0;
  let sinceEvent = 0;
  const refuse = (message: string): never => {
    throw new XlsxStructureError(message, located());
  };
  const scanner = new XmlScanner(
    {
      opentag: (tag) => {
        sinceEvent = 0;
        if (!tag.isSelfClosing && ++depth > MAX_DEPTH)
          refuse(`El archivo anida elementos a más de ${MAX_DEPTH} niveles, algo que Excel no escribe.`);
        handlers.opentag(tag);
      },
      closetag: (tag) => {
        sinceEvent = 0;
        if (!tag.isSelfClosing) depth--;
        handlers.closetag(tag);
      },
      text: (text) => handlers.text(text),
    },
    () => refuse('El archivo declara un tipo de documento (DOCTYPE), algo que Excel no escribe.'),
  );
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of entryChunks(buf, e, onBytes)) {
    sinceEvent += chunk.length;
    scanner.write(decoder.decode(chunk, { stream: true }));
    if (sinceEvent > MAX_GAP_BYTES) {
      refuse(
        `El archivo tiene más de ${MAX_GAP_BYTES / 1024 / 1024} MB de texto sin estructura (por ejemplo, una fila o una celda que nunca se cierra).`,
      );
    }
    yield* drain();
  }
  scanner.write(decoder.decode());
  scanner.close();
  yield* drain();
}

/**
 * A copy of a substring that no longer points into the XML it was cut from (V8 keeps substrings as slices of
 * their parent, which would keep every slice of sheet XML alive as long as one cell value is).
 */
const own = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

/** XML entities, then Excel's _xHHHH_ escapes (e.g. _x000D_ for a carriage return). */
export const xmlText = (s: string): string => excelEscapes(xmlEntities(s));

const ATTRIBUTES = new Map<string, RegExp>();
const attr = (attrs: string, name: string): string | undefined => {
  let re = ATTRIBUTES.get(name);
  if (!re) ATTRIBUTES.set(name, (re = new RegExp(`(?:^|\\s)(?:\\w+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(attrs);
  return m ? xmlText(m[1] ?? m[2]) : undefined;
};

/** The shared strings table, in order: each item's <t> texts concatenated, phonetic runs (<rPh>) left out. */
async function sharedStrings(buf: Buffer, entries: Map<string, ZipEntry>, path: string | undefined): Promise<string[]> {
  const e = path ? entries.get(path) : undefined;
  if (!e) return [];
  const out: string[] = [];
  let item: string | null = null;
  let inText = false;
  let phonetic = 0;
  const handlers: XmlHandlers = {
    opentag: (tag) => {
      const name = localName(tag.name);
      if (name === 'si') item = '';
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && item !== null && !phonetic) inText = !tag.isSelfClosing;
    },
    text: (text) => {
      if (!inText || item === null) return;
      item += text;
      if (item.length > MAX_CELL_CHARS)
        throw new XlsxStructureError(
          `Un texto del libro tiene más de ${MAX_CELL_CHARS.toLocaleString('es-GT')} caracteres, el máximo de Excel.`,
          null,
        );
    },
    closetag: (tag) => {
      const name = localName(tag.name);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && item !== null) {
        out.push(excelEscapes(item));
        item = null;
      }
    },
  };
  for await (const _ of parseEntry(
    buf,
    e,
    handlers,
    () => [],
    () => null,
  )) {
    // all the work happens in the listeners
  }
  return out;
}

/** Column index (0-based) of a reference like "AB12". */
const columnIndex = (ref: string): number => {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
};

export interface XlsxSheet {
  name: string;
  rows(onProgress?: (fraction: number) => void): AsyncGenerator<RawRow>;
}

const resolveTarget = (target: string): string => {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `xl/${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
};

/** Opens a workbook: the sheets in workbook order, each read lazily as a stream of rows. */
export function openXlsx(buf: Buffer): XlsxSheet[] {
  const entries = zipEntries(buf);
  const workbook = entries.get('xl/workbook.xml');
  if (!workbook) throw new XlsxFormatError('no es un libro XLSX');
  const rels = new Map<string, string>();
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  let sharedPath: string | undefined = entries.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined;
  if (relsEntry) {
    const xml = entryBuffer(buf, relsEntry).toString('utf8');
    for (const m of xml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)\/?>/g)) {
      const id = attr(m[1], 'Id');
      const target = attr(m[1], 'Target');
      const type = attr(m[1], 'Type') ?? '';
      if (id && target) rels.set(id, resolveTarget(target));
      if (target && type.endsWith('/sharedStrings')) sharedPath = resolveTarget(target);
    }
  }
  const xml = entryBuffer(buf, workbook).toString('utf8');
  let strings: string[] | null = null;
  const sheets: XlsxSheet[] = [];
  let ordinal = 0;
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/g)) {
    ordinal++;
    const name = attr(m[1], 'name') ?? `Hoja${ordinal}`;
    const rid = attr(m[1], 'id');
    const path = (rid && rels.get(rid)) ?? `xl/worksheets/sheet${ordinal}.xml`;
    const entry = entries.get(path);
    sheets.push({
      name,
      rows: async function* (onProgress?: (fraction: number) => void) {
        if (!entry) return;
        strings ??= await sharedStrings(buf, entries, sharedPath);
        yield* sheetRows(buf, entry, strings, onProgress);
      },
    });
  }
  return sheets;
}

interface OpenCell {
  col: number;
  type: string;
  value: string | null;
  formula: string | null;
  inline: string | null;
}

/** A finished cell's value: plain values, or a marker for formulas and Excel errors. */
function cellValue(c: OpenCell, strings: string[]): RawCell {
  if (c.formula !== null) return { formula: excelEscapes(c.formula) };
  if (c.type === 'inlineStr') return c.inline === null ? null : own(excelEscapes(c.inline));
  if (c.value === null) return null;
  const text = excelEscapes(c.value);
  switch (c.type) {
    case 's':
      return strings[Number(text)] ?? null;
    case 'str':
    case 'd':
      return own(text);
    case 'b':
      return text === '1' || text === 'true';
    case 'e':
      return { error: text };
    default: {
      const n = Number(text);
      return Number.isFinite(n) ? n : own(text);
    }
  }
}

async function* sheetRows(
  buf: Buffer,
  entry: ZipEntry,
  strings: string[],
  onProgress?: (fraction: number) => void,
): AsyncGenerator<RawRow> {
  const size = Math.max(1, entry.uncompressedSize);
  let ready: RawRow[] = [];
  let row: RawRow | null = null;
  let lastRow = 0;
  let col = -1;
  let cell: OpenCell | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let inInline = false;
  let phonetic = 0;
  const located = () => (row ? row.row : lastRow + 1);
  const refuse = (message: string): never => {
    throw new XlsxStructureError(message, located());
  };
  const handlers: XmlHandlers = {
    opentag: (tag) => {
      const attrs = tag.attributes;
      switch (localName(tag.name)) {
        case 'row': {
          const r = attrs.r;
          const number = r !== undefined ? Number(r) : lastRow + 1;
          if (!Number.isInteger(number) || number < 1 || number > MAX_ROW_NUMBER)
            refuse(`Fila con número inválido («${String(r).slice(0, 20)}»).`);
          row = { row: number, cells: [] };
          lastRow = number;
          col = -1;
          if (tag.isSelfClosing) {
            ready.push(row);
            row = null;
          }
          break;
        }
        case 'c': {
          if (!row) break;
          const ref = attrs.r;
          col = ref ? columnIndex(ref) : col + 1;
          if (col < 0 || col >= MAX_COLUMNS)
            refuse(`La fila tiene una celda más allá de la columna ${MAX_COLUMNS.toLocaleString('es-GT')}, el máximo de Excel.`);
          cell = { col, type: attrs.t ?? 'n', value: null, formula: null, inline: null };
          if (tag.isSelfClosing) cell = null;
          break;
        }
        case 'v':
          if (cell && !tag.isSelfClosing) {
            capture = 'v';
            cell.value = '';
          }
          break;
        case 'f':
          if (cell) {
            cell.formula = '';
            if (!tag.isSelfClosing) capture = 'f';
          }
          break;
        case 'is':
          if (cell) inInline = !tag.isSelfClosing;
          break;
        case 'rPh':
          if (!tag.isSelfClosing) phonetic++;
          break;
        case 't':
          if (cell && inInline && !phonetic && !tag.isSelfClosing) {
            capture = 't';
            cell.inline ??= '';
          }
          break;
      }
    },
    text: (text) => {
      if (!capture || !cell) return;
      const key = capture === 'v' ? 'value' : capture === 'f' ? 'formula' : 'inline';
      const next = (cell[key] ?? '') + text;
      if (next.length > MAX_CELL_CHARS)
        refuse(`Una celda tiene más de ${MAX_CELL_CHARS.toLocaleString('es-GT')} caracteres, el máximo de Excel.`);
      cell[key] = next;
    },
    closetag: (tag) => {
      if (tag.isSelfClosing) return;
      switch (localName(tag.name)) {
        case 'v':
        case 'f':
        case 't':
          capture = null;
          break;
        case 'is':
          inInline = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 'c':
          if (row && cell) {
            const value = cellValue(cell, strings);
            if (value !== null) {
              while (row.cells.length < cell.col) row.cells.push(null);
              row.cells[cell.col] = value;
            }
          }
          cell = null;
          break;
        case 'row':
          if (row) ready.push(row);
          row = null;
          break;
      }
    },
  };
  const drain = () => {
    const out = ready;
    ready = [];
    return out;
  };
  yield* parseEntry(buf, entry, handlers, drain, located, (n) => onProgress?.(Math.min(1, n / size)));
  if (row) refuse('La última fila de la hoja no se cierra.');
}
