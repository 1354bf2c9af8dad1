import { parse as parseCsv } from 'csv-parse';
import { Readable } from 'node:stream';
import type { ImportProblem } from '../entities/inventory-import.entity';
import { openXlsx, XlsxFormatError, XlsxSheet, XlsxStructureError } from './xlsx-reader';
import { MAX_PROCEDURE_ROWS, MAX_REQUIREMENT_ROWS, normaliseHeader, problem, ProblemList, SheetName, SHEETS } from './format';

/** A cell as read: plain values, or a marker for what may not be imported (formulas, Excel errors). */
export type RawCell = string | number | boolean | null | { formula: string } | { error: string };

export interface RawRow {
  /** Spreadsheet row number (header = 1, first data row = 2). */
  row: number;
  cells: RawCell[];
}

interface RawSheet {
  name: SheetName;
  header: RawRow | null;
  rows: RawRow[];
}

export interface ReadResult {
  sheets: Partial<Record<SheetName, RawSheet>>;
  problems: ImportProblem[];
  notices: ImportProblem[];
}

/** Receives the rows as they are read, so a large file is never held twice (raw and validated). */
export interface SheetSink {
  header(sheet: SheetName, row: RawRow): void;
  row(sheet: SheetName, row: RawRow): void;
}

interface StreamResult {
  /** Sheets found (with a header row or not). */
  sheets: SheetName[];
  problems: ImportProblem[];
  notices: ImportProblem[];
}

export type ImportSource =
  | { format: 'xlsx'; content: Buffer; fileName?: string }
  | { format: 'csv'; tramites: Buffer; requisitos: Buffer; fileNames?: { tramites?: string; requisitos?: string } };

type SniffResult = { kind: 'xlsx' } | { kind: 'text' } | { kind: 'rejected'; what: string };

const startsWith = (buf: Buffer, bytes: number[]): boolean => bytes.every((b, i) => buf[i] === b);

/** What a file is, from its first bytes: XLSX is a ZIP (PK\x03\x04); CSV is text; anything else is named when we can. */
export function sniff(buf: Buffer): SniffResult {
  if (buf.length === 0) return { kind: 'rejected', what: 'un archivo vacío' };
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) return { kind: 'xlsx' };
  if (startsWith(buf, [0x25, 0x50, 0x44, 0x46])) return { kind: 'rejected', what: 'un documento PDF' };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47])) return { kind: 'rejected', what: 'una imagen PNG' };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { kind: 'rejected', what: 'una imagen JPEG' };
  if (startsWith(buf, [0x47, 0x49, 0x46, 0x38])) return { kind: 'rejected', what: 'una imagen GIF' };
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0]))
    return { kind: 'rejected', what: 'un libro de Excel 97-2003 (.xls) u otro documento de Office antiguo' };
  if (startsWith(buf, [0x50, 0x4b])) return { kind: 'rejected', what: 'un archivo comprimido que no es un libro XLSX' };
  if (startsWith(buf, [0x1f, 0x8b])) return { kind: 'rejected', what: 'un archivo comprimido (gzip)' };
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) return { kind: 'text' }; // UTF-16 with BOM
  const head = buf.subarray(0, 8192);
  let control = 0;
  for (const b of head) {
    if (b === 0) return { kind: 'rejected', what: 'un archivo binario' };
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1a)) control++;
  }
  if (control > head.length / 100) return { kind: 'rejected', what: 'un archivo binario' };
  return { kind: 'text' };
}

const REJECTED_HINT =
  'Envíe un libro XLSX con las hojas «tramites» y «requisitos», o dos archivos CSV (tramites y requisitos). Puede descargar la plantilla.';

export function rejectionMessage(what: string, fileName?: string): string {
  return `El archivo${fileName ? ` «${fileName}»` : ''} no es una hoja de cálculo CSV ni XLSX (parece ${what}). ${REJECTED_HINT}`;
}

/**
 * Reads the upload sheet by sheet, handing each row to `sink` as it comes; never throws for a bad file (every
 * problem of the file itself is returned, located). Blank rows above the header are skipped; the header is the
 * first non-blank row.
 */
export async function streamSpreadsheet(
  source: ImportSource,
  sink: SheetSink,
  onProgress?: (fraction: number) => void,
): Promise<StreamResult> {
  const problems = new ProblemList();
  const found = new Set<SheetName>();
  if (source.format === 'xlsx') {
    await readXlsx(source.content, source.fileName, sink, found, problems, onProgress);
  } else {
    for (const name of SHEETS) {
      if (await readCsv(name, source[name], source.fileNames?.[name], sink, problems)) found.add(name);
      onProgress?.(name === 'tramites' ? 0.3 : 1);
    }
  }
  return { sheets: [...found], problems: problems.allErrors(), notices: problems.notices };
}

/** The whole upload as raw sheets (convenient for tests and small files; the worker streams instead). */
export async function readSpreadsheet(source: ImportSource, onProgress?: (fraction: number) => void): Promise<ReadResult> {
  const sheets: Partial<Record<SheetName, RawSheet>> = {};
  const sink: SheetSink = {
    header: (name, row) => {
      sheets[name] = { name, header: row, rows: [] };
    },
    row: (name, row) => {
      sheets[name]!.rows.push(row);
    },
  };
  const r = await streamSpreadsheet(source, sink, onProgress);
  for (const name of r.sheets) sheets[name] ??= { name, header: null, rows: [] };
  return { sheets, problems: r.problems, notices: r.notices };
}

const isBlankRow = (cells: RawCell[]) => cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** Per sheet: header first, then rows up to the format's maximum (reported once beyond it). */
class SheetFeeder {
  private hasHeader = false;
  private count = 0;
  private readonly max: number;

  constructor(
    private readonly name: SheetName,
    private readonly sink: SheetSink,
    private readonly problems: ProblemList,
    private readonly label: string,
  ) {
    this.max = name === 'tramites' ? MAX_PROCEDURE_ROWS : MAX_REQUIREMENT_ROWS;
  }

  feed(row: RawRow): void {
    if (!this.hasHeader) {
      if (isBlankRow(row.cells)) return;
      this.hasHeader = true;
      this.sink.header(this.name, row);
      return;
    }
    if (this.count === this.max) {
      this.problems.error(
        problem(
          this.name,
          row.row,
          null,
          `${this.label} tiene más de ${this.max.toLocaleString('es-GT')} filas de datos; divida el archivo.`,
        ),
      );
    }
    if (this.count++ >= this.max) return;
    this.sink.row(this.name, row);
  }
}

// ---------------------------------------------------------------- XLSX

const damaged = (fileName?: string) =>
  `El archivo${fileName ? ` «${fileName}»` : ''} está dañado o no es un libro XLSX válido. Ábralo en Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)».`;

async function readXlsx(
  content: Buffer,
  fileName: string | undefined,
  sink: SheetSink,
  found: Set<SheetName>,
  problems: ProblemList,
  onProgress?: (f: number) => void,
): Promise<void> {
  const kind = sniff(content);
  if (kind.kind !== 'xlsx') {
    const what = kind.kind === 'text' ? 'un archivo de texto (CSV); los CSV se envían como el par tramites y requisitos' : kind.what;
    problems.error(problem('archivo', null, null, rejectionMessage(what, fileName)));
    return;
  }
  let sheets: XlsxSheet[];
  try {
    sheets = openXlsx(content);
  } catch (e) {
    const notWorkbook = e instanceof XlsxFormatError && e.message === 'no es un libro XLSX';
    problems.error(
      problem(
        'archivo',
        null,
        null,
        notWorkbook ? rejectionMessage('un archivo comprimido sin libro de Excel (¿un .ods o .docx?)', fileName) : damaged(fileName),
      ),
    );
    return;
  }
  const wanted = sheets.filter((ws) => SHEETS.some((s) => s === normaliseHeader(ws.name))).length;
  let done = 0;
  let reading: SheetName | null = null;
  try {
    for (const ws of sheets) {
      const name = SHEETS.find((s) => s === normaliseHeader(ws.name));
      if (!name) {
        problems.notice(problem('archivo', null, null, `La hoja «${ws.name}» no forma parte del formato y no se importa.`));
        continue;
      }
      if (found.has(name)) {
        problems.error(problem(name, null, null, `El libro tiene dos hojas «${name}»; deje solo una.`));
        continue;
      }
      found.add(name);
      reading = name;
      const feeder = new SheetFeeder(name, sink, problems, `La hoja «${name}»`);
      const share = 1 / Math.max(1, wanted);
      for await (const row of ws.rows((f) => onProgress?.((done + f) * share))) feeder.feed(row);
      done++;
    }
  } catch (e) {
    // Structure no spreadsheet program writes: refused where it was found, the rest of the sheet unread.
    if (e instanceof XlsxStructureError) {
      problems.error(
        problem(reading ?? 'archivo', e.row, null, `${e.message} Ábralo en Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)».`),
      );
      return;
    }
    problems.error(problem('archivo', null, null, damaged(fileName)));
    return;
  }
  const worksheetsSeen = sheets.length;
  if (worksheetsSeen === 0) {
    problems.error(
      problem('archivo', null, null, rejectionMessage('un archivo comprimido sin hojas de cálculo (¿un .ods o .docx?)', fileName)),
    );
    return;
  }
  for (const name of SHEETS) {
    if (!found.has(name)) {
      problems.error(
        problem(
          name,
          null,
          null,
          `El libro no tiene la hoja «${name}». Debe tener las hojas «tramites» y «requisitos» (use la plantilla).`,
        ),
      );
    }
  }
}

// ---------------------------------------------------------------- CSV and text encodings

interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
  /** Valid multibyte UTF-8 mixed with invalid sequences: the text holds U+FFFD where bytes were lost. */
  brokenUtf8: boolean;
}

/** Counts valid multibyte UTF-8 sequences and invalid bytes (enough to tell UTF-8, damaged UTF-8 and Windows-1252 apart). */
export function scanUtf8(buf: Buffer): { multibyte: number; invalid: number } {
  let multibyte = 0;
  let invalid = 0;
  const cont = (i: number) => i < buf.length && (buf[i] & 0xc0) === 0x80;
  for (let i = 0; i < buf.length;) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len = 0;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    let ok = len > 0;
    for (let k = 1; ok && k < len; k++) ok = cont(i + k);
    if (ok && len === 3) {
      const b1 = buf[i + 1];
      ok = !(b === 0xe0 && b1 < 0xa0) && !(b === 0xed && b1 >= 0xa0); // overlong, surrogates
    }
    if (ok && len === 4) {
      const b1 = buf[i + 1];
      ok = !(b === 0xf0 && b1 < 0x90) && !(b === 0xf4 && b1 >= 0x90);
    }
    if (ok) {
      multibyte++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

/** Windows-1252 characters of bytes 0x80–0x9F (the five undefined bytes stay as C1 controls). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Windows-1252 through TextDecoder; some Node releases decode that label as ISO-8859-1 (C1 controls for
 * 0x80–0x9F: € “ ” – …), so those code points are mapped to their Windows-1252 characters afterwards.
 */
function decodeWindows1252(buf: Buffer): string {
  return new TextDecoder('windows-1252').decode(buf).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
}

/**
 * UTF-8 (with or without BOM) is read as such; UTF-16 with a BOM too. A file that is not valid UTF-8 and holds no
 * valid multibyte sequence at all is Windows-1252 (Excel's "CSV" in Spanish Windows) and is decoded as that.
 * A file that mixes valid UTF-8 with invalid bytes is damaged: it is decoded with replacement characters and flagged.
 */
export function decodeText(buf: Buffer): DecodedText {
  if (startsWith(buf, [0xff, 0xfe]))
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le', brokenUtf8: false };
  if (startsWith(buf, [0xfe, 0xff]))
    return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be', brokenUtf8: false };
  const hasBom = startsWith(buf, [0xef, 0xbb, 0xbf]);
  const body = hasBom ? buf.subarray(3) : buf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8', brokenUtf8: false };
  } catch {
    const { multibyte } = scanUtf8(body);
    if (multibyte > 0 || hasBom) return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8', brokenUtf8: true };
    return { text: decodeWindows1252(body), encoding: 'windows-1252', brokenUtf8: false };
  }
}

/** The separator of the header line: comma, semicolon (Excel with a comma decimal) or tab. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

const ENCODING_LABEL: Record<DecodedText['encoding'], string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252 (ANSI)',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

/** Reads one CSV of the pair into the sink; false when the file could not be read at all. */
async function readCsv(
  name: SheetName,
  content: Buffer,
  fileName: string | undefined,
  sink: SheetSink,
  problems: ProblemList,
): Promise<boolean> {
  const label = fileName ? `«${fileName}» (${name})` : `de ${name}`;
  const kind = sniff(content);
  if (kind.kind === 'rejected') {
    problems.error(problem(name, null, null, rejectionMessage(kind.what, fileName)));
    return false;
  }
  if (kind.kind === 'xlsx') {
    problems.error(
      problem(name, null, null, `El archivo ${label} es un libro XLSX, no un CSV. Envíe el libro completo en el campo «file».`),
    );
    return false;
  }
  const decoded = decodeText(content);
  if (decoded.encoding === 'windows-1252') {
    problems.notice(
      problem(
        name,
        null,
        null,
        `El archivo ${label} no estaba en UTF-8; se leyó como ${ENCODING_LABEL['windows-1252']}. Revise que las tildes y eñes se vean bien.`,
      ),
    );
  } else if (decoded.encoding !== 'utf-8') {
    problems.notice(problem(name, null, null, `El archivo ${label} se leyó como ${ENCODING_LABEL[decoded.encoding]}.`));
  }
  const feeder = new SheetFeeder(name, sink, problems, `El archivo ${label}`);
  const parser = Readable.from([decoded.text]).pipe(
    parseCsv({
      delimiter: detectDelimiter(decoded.text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      trim: false,
    }),
  );
  let header: RawCell[] | null = null;
  let rowNumber = 0;
  let reportedBroken = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const raw: RawRow = { row: ++rowNumber, cells: record.map((c) => (c === '' ? null : c)) };
      if (decoded.brokenUtf8) {
        record.forEach((c, col) => {
          if (c.includes('\uFFFD') && reportedBroken++ < 1000) {
            const column = header ? normaliseHeader(String(header[col] ?? '')) || `columna ${col + 1}` : `columna ${col + 1}`;
            problems.error(
              problem(
                name,
                raw.row,
                column,
                'Codificación dañada: esta celda tiene bytes que no son UTF-8 válido (el archivo mezcla UTF-8 con otra codificación). Guárdelo de nuevo como «CSV UTF-8».',
              ),
            );
          }
        });
      }
      if (!header && !isBlankRow(raw.cells)) header = raw.cells;
      feeder.feed(raw);
    }
  } catch (e) {
    const err = e as { lines?: number };
    problems.error(
      problem(
        name,
        err.lines ?? null,
        null,
        `El archivo ${label} no es un CSV válido${err.lines ? ` (cerca de la línea ${err.lines})` : ''}: revise las comillas.`,
      ),
    );
  }
  return true;
}
