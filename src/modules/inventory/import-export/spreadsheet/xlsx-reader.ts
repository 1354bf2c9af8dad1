import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { Readable } from 'node:stream';
import type { RawCell, RawRow } from './read-spreadsheet';

/**
 * A small, streaming reader of XLSX values: ZIP central directory, shared strings, sheet names and cell values
 * (formulas marked, not evaluated). Written for the import because ExcelJS's streaming reader corrupts multibyte
 * characters that straddle a chunk boundary ("sí" → "s��") and keeps heavy row objects; this one decodes at row
 * boundaries and holds one slice of sheet XML at a time.
 */
export class XlsxFormatError extends Error {}

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** Most bytes a sheet may inflate to (a zip bomb stops here instead of exhausting memory). */
export const MAX_SHEET_BYTES = 1024 * 1024 * 1024;

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
        if (entry.uncompressedSize === 0xffffffff) { entry.uncompressedSize = Number(buf.readBigUInt64LE(q)); q += 8; }
        if (entry.compressedSize === 0xffffffff) { entry.compressedSize = Number(buf.readBigUInt64LE(q)); q += 8; }
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

/** Inflates an entry as a stream, yielding decoded XML text cut at `boundary` (so no character or element is split). */
async function* entrySlices(buf: Buffer, e: ZipEntry, boundary: string, onBytes?: (inflated: number) => void): AsyncGenerator<string> {
  const data = rawData(buf, e);
  const source: AsyncIterable<Buffer> | Iterable<Buffer> = e.method === 0
    ? [data]
    : e.method === 8 ? Readable.from([data]).pipe(createInflateRaw({ chunkSize: 256 * 1024 })) : [];
  if (e.method !== 0 && e.method !== 8) throw new XlsxFormatError(`compresión ${e.method} no admitida`);
  const marker = Buffer.from(boundary);
  let carry: Buffer = Buffer.alloc(0);
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    if (total > MAX_SHEET_BYTES) throw new XlsxFormatError('hoja demasiado grande');
    onBytes?.(total);
    const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = joined.lastIndexOf(marker);
    if (cut < 0) {
      carry = joined;
      continue;
    }
    const end = cut + marker.length;
    yield joined.toString('utf8', 0, end);
    carry = Buffer.from(joined.subarray(end));
  }
  if (carry.length) yield carry.toString('utf8');
}

/**
 * A copy of a substring that no longer points into the XML it was cut from (V8 keeps substrings as slices of
 * their parent, which would keep every slice of sheet XML alive as long as one cell value is).
 */
const own = (s: string): string => (s.length < 13 ? s : (' ' + s).slice(1));

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML entities, then Excel's _xHHHH_ escapes (e.g. _x000D_ for a carriage return). */
export function xmlText(s: string): string {
  const decoded = s.indexOf('&') < 0 ? s : s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, code: string) => {
    if (code[0] !== '#') return ENTITY[code];
    const n = code[1] === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
    return String.fromCodePoint(n);
  });
  return decoded.indexOf('_x') < 0 ? decoded : decoded.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const ATTRIBUTES = new Map<string, RegExp>();
const attr = (attrs: string, name: string): string | undefined => {
  let re = ATTRIBUTES.get(name);
  if (!re) ATTRIBUTES.set(name, (re = new RegExp(`(?:^|\\s)(?:\\w+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`)));
  const m = re.exec(attrs);
  return m ? xmlText(m[1] ?? m[2]) : undefined;
};

/** Concatenated <t> texts of a string item or an inline string, without phonetic runs. */
function itemText(xml: string): string {
  const body = xml.indexOf('rPh') < 0 ? xml : xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let out = '';
  const re = /<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) out += m[1];
  return own(xmlText(out));
}

function sharedStrings(buf: Buffer, entries: Map<string, ZipEntry>, path: string | undefined): string[] {
  const e = path ? entries.get(path) : undefined;
  if (!e) return [];
  const xml = entryBuffer(buf, e).toString('utf8');
  const out: string[] = [];
  const re = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ? itemText(m[1]) : '');
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
        strings ??= sharedStrings(buf, entries, sharedPath);
        yield* sheetRows(buf, entry, strings, onProgress);
      },
    });
  }
  return sheets;
}

const ROW = /<(?:\w+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
const VALUE = /<(?:\w+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?v>/;
const FORMULA = /<(?:\w+:)?f\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/;
const INLINE = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/;

function cellValue(attrs: string, body: string | undefined, strings: string[]): RawCell {
  if (!body) return null;
  const f = FORMULA.exec(body);
  if (f) return { formula: f[2] ? xmlText(f[2]) : '' };
  const type = attr(attrs, 't') ?? 'n';
  if (type === 'inlineStr') {
    const is = INLINE.exec(body);
    return is ? itemText(is[1]) : null;
  }
  const v = VALUE.exec(body);
  if (!v) return null;
  const text = xmlText(v[1]);
  switch (type) {
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

async function* sheetRows(buf: Buffer, entry: ZipEntry, strings: string[], onProgress?: (fraction: number) => void): AsyncGenerator<RawRow> {
  let lastRow = 0;
  const size = Math.max(1, entry.uncompressedSize);
  for await (const xml of entrySlices(buf, entry, '</row>', (n) => onProgress?.(Math.min(1, n / size)))) {
    ROW.lastIndex = 0;
    for (let m = ROW.exec(xml); m; m = ROW.exec(xml)) {
      const r = attr(m[1], 'r');
      const rowNumber = r ? Number(r) : lastRow + 1;
      lastRow = rowNumber;
      const cells: RawCell[] = [];
      if (m[2]) {
        let col = -1;
        CELL.lastIndex = 0;
        for (let c = CELL.exec(m[2]); c; c = CELL.exec(m[2])) {
          const ref = attr(c[1], 'r');
          col = ref ? columnIndex(ref) : col + 1;
          const value = cellValue(c[1], c[2], strings);
          if (value === null) continue;
          while (cells.length < col) cells.push(null);
          cells[col] = value;
        }
      }
      yield { row: rowNumber, cells };
    }
  }
}
