import { GROUPED, numberText, readGtq } from '../../../../common/validation/money';
import type { ImportProblem } from '../entities/inventory-import.entity';
import { Audience, Channel, EvidenceType, Issuer, LegalBasisType, ProcedureStatus, ProhibitedKind } from '../../rules/inventory.enums';
import {
  COLUMNS,
  normaliseHeader,
  normaliseName,
  parseBooleanWord,
  problem,
  ProblemList,
  PROCEDURE_SHEET,
  REQUIRED_COLUMNS,
  REQUIREMENT_SHEET,
  SheetName,
  SHEETS,
  VOCABULARY,
} from './format';
import { levelOutsideModel } from '../../rules/maturity-level';
import { RawCell, RawRow, ReadResult, SheetSink } from './read-spreadsheet';

/**
 * One procedure row of the file. A field is `undefined` when its column is not in the file (the stored value is kept,
 * or the default applies to a new procedure); `null` when the column is there and the cell is empty.
 */
export interface ProcedureInput {
  row: number;
  code: string;
  name: string;
  description?: string | null;
  legalBasis?: string | null;
  channels?: Channel[];
  onlineUrl?: string | null;
  formsUrl?: string | null;
  formsFree?: boolean | null;
  /** Empty cell: unknown (null), never 0. */
  feeGtq?: string | null;
  legalMaxDays?: number | null;
  actualMedianDays?: number | null;
  annualVolume?: number | null;
  /** Empty cell: unknown (null), never 0. */
  inPersonVisits?: number | null;
  declaredLevel?: number | null;
  foreignTrade?: boolean;
  prioritized?: boolean;
  category?: string | null;
  audience?: Audience;
  output?: string | null;
  lifeEvent?: string | null;
  targetLevel?: number | null;
  targetDate?: string | null;
  /** Empty or absent: the import day (an import that confirms a procedure reviews it). */
  lastReviewedAt?: string | null;
}

export interface RequirementInput {
  row: number;
  procedureCode: string;
  name: string;
  evidenceType?: EvidenceType;
  issuer?: Issuer;
  issuerInstitution?: string | null;
  legalBasisType?: LegalBasisType;
  legalBasisReference?: string | null;
  obtainableByInteroperability?: boolean;
  prohibitedKind?: ProhibitedKind | null;
  /** New requirements only (default: the import day). */
  effectiveFrom?: string | null;
  /** Exclusive end: the requirement stops applying that day (a future date keeps it in force until then). */
  effectiveTo?: string | null;
}

export interface ValidationContext {
  /** Levels of the active maturity model; null when no model is active. */
  levels: number[] | null;
  /** The import day (Guatemala). */
  today: string;
  /** The institution's procedures by code. */
  existing: ReadonlyMap<string, { status: ProcedureStatus }>;
}

export interface ValidatedInventory {
  procedures: ProcedureInput[];
  /** May be emptied by the caller once handed to the planner (memory). */
  requirements: RequirementInput[];
  problems: ImportProblem[];
  notices: ImportProblem[];
}

type Parsed<T> = { value: T } | { error: string };
const ok = <T>(value: T): Parsed<T> => ({ value });
const fail = <T>(error: string): Parsed<T> => ({ error });

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** Number text as Excel shows it (15 significant digits): 19.99 stored as 19.989999999999998 reads back as 19.99 (numberText). */

/** A cell as trimmed text ('' when empty). Formulas and Excel errors are reported by the caller before this. */
function cellText(cell: RawCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell.replace(/\r\n?/g, '\n').trim();
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'sí' : 'no';
  return '';
}

// ------------------------------------------------------------------ value parsers (exported for unit tests)

function parseText(text: string, max: number, min = 0): Parsed<string | null> {
  if (text === '') return ok(null);
  if (text.length > max) return fail(`es demasiado largo: ${text.length} caracteres (máximo ${max})`);
  if (text.length < min) return fail(`es demasiado corto (mínimo ${min} caracteres)`);
  return ok(text);
}

export function parseUrl(text: string): Parsed<string | null> {
  if (text === '') return ok(null);
  const several = text.match(/https?:\/\//gi) ?? [];
  if (several.length > 1 || /\s/.test(text)) {
    return fail(
      `la celda contiene ${several.length > 1 ? `${several.length} direcciones` : 'espacios o varias direcciones'}; escriba una sola dirección web por celda`,
    );
  }
  if (text.length > 500) return fail('es demasiado larga (máximo 500 caracteres)');
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return ok(text);
  } catch {
    // fall through
  }
  return fail(`«${text}» no es una dirección web válida; escríbala completa, con https://`);
}

/**
 * Money in GTQ, read by the one money parser (common/validation/money.ts) with the spreadsheet's leniency ("Q 1,250.50");
 * empty = unknown (null: "sin dato", never free); write 0 for free of charge.
 */
export function parseMoney(cell: RawCell): Parsed<string | null> {
  const text = typeof cell === 'number' ? cell : cellText(cell);
  if (text === '') return ok(null);
  const r = readGtq(text, { spreadsheet: true });
  return r.ok ? ok(r.value) : fail(r.problem);
}

/** A whole number ≥ 0 (thousands commas allowed as for money); empty → null. */
export function parseCount(cell: RawCell, max: number): Parsed<number | null> {
  let text = typeof cell === 'number' ? numberText(cell) : cellText(cell).replace(/\s+/g, '');
  if (text === '') return ok(null);
  if (GROUPED.test(text) && !text.includes('.')) text = text.replace(/,/g, '');
  if (/^-\d+(\.\d+)?$/.test(text)) return fail(`«${text}» no puede ser negativo`);
  if (/^\d+\.0+$/.test(text)) text = text.replace(/\.0+$/, '');
  if (!/^\d+$/.test(text)) return fail(`«${text}» debe ser un número entero, sin decimales`);
  const n = Number(text);
  if (n > max) return fail(`${text} es mayor que el máximo admitido (${max.toLocaleString('es-GT')})`);
  return ok(n);
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A date: YYYY-MM-DD, DD/MM/YYYY (as written in Guatemala) or an Excel date cell; empty → null. Refuses impossible dates
 * and years outside 2000–2100.
 */
export function parseDate(cell: RawCell): Parsed<string | null> {
  let y: number;
  let m: number;
  let d: number;
  if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 36526 || cell > 73415)
      return fail(`${numberText(cell)} no es una fecha; escríbala como AAAA-MM-DD`);
    const date = new Date(EXCEL_EPOCH + cell * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    const text = cellText(cell);
    if (text === '') return ok(null);
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    const local = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    else if (local) [y, m, d] = [Number(local[3]), Number(local[2]), Number(local[1])];
    else return fail(`«${text}» no es una fecha; escríbala como AAAA-MM-DD (por ejemplo 2026-03-31) o DD/MM/AAAA`);
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
      return fail(`«${text}» no es una fecha que exista`);
  }
  if (y < 2000 || y > 2100) return fail(`el año ${y} está fuera del rango admitido (2000 a 2100)`);
  return ok(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

export function parseBoolean(cell: RawCell): Parsed<boolean | null> {
  if (typeof cell === 'boolean') return ok(cell);
  if (typeof cell === 'number' && (cell === 0 || cell === 1)) return ok(cell === 1);
  const text = cellText(cell);
  const b = parseBooleanWord(text);
  return b === undefined ? fail(`«${text}» no es un valor sí/no; escriba sí o no (también se aceptan true/false, 1/0)`) : ok(b);
}

function parseEnum<T extends string>(text: string, vocabulary: { code(w: string): T | undefined; list(): string }): Parsed<T | null> {
  if (text === '') return ok(null);
  const code = vocabulary.code(text);
  return code ? ok(code) : fail(`«${text}» no es un valor admitido. Valores admitidos: ${vocabulary.list()}`);
}

/** One or more channels separated by ";" or ","; repeated ones are kept once. */
export function parseChannels(text: string): Parsed<Channel[]> {
  const parts = text
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const out: Channel[] = [];
  const unknown: string[] = [];
  for (const p of parts) {
    const c = VOCABULARY.channel.code(p);
    if (!c) unknown.push(p);
    else if (!out.includes(c)) out.push(c);
  }
  if (unknown.length) {
    return fail(
      `${unknown.map((u) => `«${u}»`).join(', ')} no ${unknown.length > 1 ? 'son canales admitidos' : 'es un canal admitido'}. ` +
        `Valores admitidos: ${VOCABULARY.channel.list()} (puede indicar varios separados por «;»)`,
    );
  }
  return ok(out);
}

/** `prohibido`: empty or "no" → not prohibited; otherwise the Spanish name of the prohibited practice. */
export function parseProhibited(cell: RawCell): Parsed<ProhibitedKind | null> {
  const text = cellText(cell);
  const b = typeof cell === 'boolean' ? cell : parseBooleanWord(text);
  if (b === null || b === false) return ok(null);
  if (b === true)
    return fail(`indique cuál práctica prohibida es, en lugar de «${text}». Valores admitidos: no, ${VOCABULARY.prohibitedKind.list()}`);
  const kind = VOCABULARY.prohibitedKind.code(text);
  return kind
    ? ok(kind)
    : fail(`«${text}» no es una práctica prohibida conocida. Valores admitidos: no, ${VOCABULARY.prohibitedKind.list()}`);
}

export function parseLevel(cell: RawCell, levels: number[] | null): Parsed<number | null> {
  const n = parseCount(cell, 1000);
  if ('error' in n) return fail(`${n.error}; el nivel de madurez es un número entero`);
  if (n.value === null) return ok(null);
  const outside = levelOutsideModel(n.value, levels);
  return outside ? fail(outside) : ok(n.value);
}

// ------------------------------------------------------------------ sheets

interface Columns {
  /** normalised column name → cell index */
  index: Map<string, number>;
}

function mapHeader(sheet: SheetName, header: RawRow, problems: ProblemList): Columns | null {
  const known = COLUMNS[sheet];
  const index = new Map<string, number>();
  header.cells.forEach((cell, i) => {
    if (cell !== null && typeof cell === 'object') {
      problems.error(problem(sheet, header.row, `columna ${i + 1}`, 'la celda contiene una fórmula; pegue solo valores'));
      return;
    }
    const raw = cellText(cell);
    const name = normaliseHeader(raw);
    if (!name) return;
    if (!known.includes(name)) {
      problems.notice(
        problem(
          sheet,
          header.row,
          raw,
          `La columna «${raw}» no forma parte del formato y se ignora. Columnas admitidas: ${known.join(', ')}.`,
        ),
      );
      return;
    }
    if (index.has(name)) {
      problems.error(problem(sheet, header.row, name, `La columna «${name}» está repetida; deje solo una.`));
      return;
    }
    index.set(name, i);
  });
  const missing = REQUIRED_COLUMNS[sheet].filter((c) => !index.has(c));
  for (const c of missing) problems.error(problem(sheet, header.row, c, `Falta la columna obligatoria «${c}».`));
  return missing.length ? null : { index };
}

/** Reads one row through the column map; reports formulas and Excel errors; returns undefined for absent columns. */
class RowReader {
  constructor(
    private readonly sheet: SheetName,
    private readonly columns: Columns,
    private readonly row: RawRow,
    private readonly problems: ProblemList,
  ) {}

  failed = false;

  has(column: string): boolean {
    return this.columns.index.has(column);
  }

  /** The raw cell, or undefined when the column is absent or the cell cannot be used (reported). */
  cell(column: string): RawCell | undefined {
    const i = this.columns.index.get(column);
    if (i === undefined) return undefined;
    const cell = this.row.cells[i] ?? null;
    if (cell !== null && typeof cell === 'object') {
      this.error(
        column,
        'formula' in cell
          ? 'la celda contiene una fórmula; pegue solo valores'
          : `la celda contiene un error de Excel (${cell.error}); escriba el valor`,
      );
      return undefined;
    }
    return cell;
  }

  text(column: string): string | undefined {
    const cell = this.cell(column);
    return cell === undefined ? undefined : cellText(cell);
  }

  /** Parses a present column; on failure reports `column: message` and returns undefined. */
  parse<T>(column: string, parser: (cell: RawCell) => Parsed<T>): T | undefined {
    const cell = this.cell(column);
    if (cell === undefined) return undefined;
    const r = parser(cell);
    if ('error' in r) {
      this.error(column, r.error);
      return undefined;
    }
    return r.value;
  }

  error(column: string | null, message: string): void {
    this.failed = true;
    this.problems.error(problem(this.sheet, this.row.row, column, message));
  }
}

const isBlank = (row: RawRow) => row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

const textOf =
  (max: number, min = 0) =>
  (c: RawCell) =>
    parseText(cellText(c), max, min);

/** Column present and empty → the default; column absent (undefined) stays undefined. */
function orDefault<T>(value: T | null | undefined, fallback: T): T | undefined {
  return value === undefined ? undefined : (value ?? fallback);
}

const SHEET_ORDER: Record<ImportProblem['sheet'], number> = { archivo: 0, tramites: 1, requisitos: 2 };

/** Problems in reading order: file, then tramites, then requisitos; by row, then by column of the format. */
function byLocation(a: ImportProblem, b: ImportProblem): number {
  const col = (p: ImportProblem) => (p.sheet === 'archivo' || p.column === null ? -1 : COLUMNS[p.sheet].indexOf(p.column));
  return SHEET_ORDER[a.sheet] - SHEET_ORDER[b.sheet] || (a.row ?? 0) - (b.row ?? 0) || col(a) - col(b);
}

/**
 * Validates rows as the reader hands them over (see SheetSink), keeping only typed rows: the raw file is never
 * held in memory twice. Checks that need the whole file (requirements naming a procedure) run in `finish`.
 */
export class InventoryValidator implements SheetSink {
  private readonly problems = new ProblemList();
  private readonly columns: Partial<Record<SheetName, Columns | null>> = {};
  private readonly procedures: ProcedureInput[] = [];
  private readonly requirements: RequirementInput[] = [];
  /** Codes named in the tramites sheet, valid rows or not (a requirement of an invalid procedure row is not a second problem). */
  private readonly fileCodes = new Set<string>();
  private readonly firstRowOfCode = new Map<string, number>();
  private readonly firstRowOfRequirement = new Map<string, number>();
  private readonly codesOfInvalidRows: Array<{ row: number; procedureCode: string }> = [];

  constructor(private readonly ctx: ValidationContext) {}

  header(sheet: SheetName, row: RawRow): void {
    this.columns[sheet] = mapHeader(sheet, row, this.problems);
  }

  row(sheet: SheetName, raw: RawRow): void {
    const columns = this.columns[sheet];
    if (!columns || isBlank(raw)) return;
    if (sheet === PROCEDURE_SHEET) this.procedure(columns, raw);
    else this.requirement(columns, raw);
  }

  private procedure(columns: Columns, raw: RawRow): void {
    const { ctx } = this;
    const r = new RowReader(PROCEDURE_SHEET, columns, raw, this.problems);
    // undefined: the cell could not be read (formula, Excel error), already reported
    const code = r.text('codigo');
    const name = r.text('nombre');
    if (code) this.fileCodes.add(code);
    if (code === '') r.error('codigo', 'El código del trámite es obligatorio.');
    else if (code !== undefined && !CODE_PATTERN.test(code))
      r.error('codigo', `El código «${code}» no es válido: de 1 a 40 caracteres, letras sin tilde, dígitos, «.», «-» o «_».`);
    else if (code !== undefined && this.firstRowOfCode.has(code))
      r.error('codigo', `El código «${code}» está repetido (ya aparece en la fila ${this.firstRowOfCode.get(code)}).`);
    else if (code !== undefined) {
      this.firstRowOfCode.set(code, raw.row);
      const existing = ctx.existing.get(code);
      if (existing && existing.status !== 'active') {
        r.error(
          'codigo',
          `El trámite «${code}» está ${existing.status === 'merged' ? 'fusionado' : 'eliminado'} en el inventario; no se puede modificar por importación.`,
        );
      }
    }
    if (name === '') r.error('nombre', 'El nombre del trámite es obligatorio.');
    else if (name !== undefined && (name.length < 3 || name.length > 300))
      r.error('nombre', 'El nombre del trámite debe tener de 3 a 300 caracteres.');
    const p: ProcedureInput = {
      row: raw.row,
      code: code ?? '',
      name: name ?? '',
      description: r.parse('descripcion', textOf(5000)),
      legalBasis: r.parse('base_legal', textOf(5000)),
      channels: r.parse('canal', (c) => parseChannels(cellText(c))),
      onlineUrl: r.parse('url_en_linea', (c) => parseUrl(cellText(c))),
      formsUrl: r.parse('url_formularios', (c) => parseUrl(cellText(c))),
      formsFree: r.parse('formularios_gratuitos', parseBoolean),
      feeGtq: r.parse('costo_gtq', parseMoney),
      legalMaxDays: r.parse('dias_resolucion_legal', (c) => parseCount(c, 3650)),
      actualMedianDays: r.parse('dias_resolucion_real', (c) => parseCount(c, 3650)),
      annualVolume: r.parse('volumen_anual', (c) => parseCount(c, 100_000_000)),
      inPersonVisits: r.parse('visitas_presenciales', (c) => parseCount(c, 100)),
      declaredLevel: r.parse('nivel_madurez', (c) => parseLevel(c, ctx.levels)),
      foreignTrade: orDefault(r.parse('comercio_exterior', parseBoolean), false),
      prioritized: orDefault(r.parse('prioritario', parseBoolean), false),
      category: r.parse('categoria', textOf(120)),
      audience: orDefault(
        r.parse('audiencia', (c) => parseEnum(cellText(c), VOCABULARY.audience)),
        'both',
      ),
      output: r.parse('resultado', textOf(300)),
      lifeEvent: r.parse('hecho_de_vida', textOf(160)),
      targetLevel: r.parse('nivel_meta', (c) => parseLevel(c, ctx.levels)),
      targetDate: r.parse('fecha_meta', parseDate),
      // Importing a procedure confirms it: the file's review date, or the import day when the column is absent or empty.
      lastReviewedAt: r.parse('fecha_revision', parseDate) ?? ctx.today,
    };
    if (p.lastReviewedAt && p.lastReviewedAt > ctx.today)
      r.error('fecha_revision', `La fecha de revisión (${p.lastReviewedAt}) no puede ser posterior a hoy (${ctx.today}).`);
    if (!r.failed) this.procedures.push(p);
  }

  private requirement(columns: Columns, raw: RawRow): void {
    const r = new RowReader(REQUIREMENT_SHEET, columns, raw, this.problems);
    const procedureCode = r.text('codigo_tramite');
    const name = r.text('nombre');
    if (procedureCode === '') r.error('codigo_tramite', 'El código del trámite es obligatorio.');
    if (name === '') r.error('nombre', 'El nombre del requisito es obligatorio.');
    else if (name !== undefined && (name.length < 2 || name.length > 300))
      r.error('nombre', 'El nombre del requisito debe tener de 2 a 300 caracteres.');
    const q: RequirementInput = {
      row: raw.row,
      procedureCode: procedureCode ?? '',
      name: name ?? '',
      evidenceType: orDefault(
        r.parse('tipo_evidencia', (c) => parseEnum(cellText(c), VOCABULARY.evidenceType)),
        'document',
      ),
      issuer: orDefault(
        r.parse('emisor', (c) => parseEnum(cellText(c), VOCABULARY.issuer)),
        'applicant',
      ),
      issuerInstitution: r.parse('institucion_emisora', textOf(200, 2)),
      legalBasisType: orDefault(
        r.parse('base_legal_tipo', (c) => parseEnum(cellText(c), VOCABULARY.legalBasisType)),
        'none',
      ),
      legalBasisReference: r.parse('base_legal_referencia', textOf(300)),
      obtainableByInteroperability: orDefault(r.parse('obtenible_por_interoperabilidad', parseBoolean), false),
      prohibitedKind: r.parse('prohibido', parseProhibited),
      effectiveFrom: r.parse('vigente_desde', parseDate),
      effectiveTo: r.parse('vigente_hasta', parseDate),
    };
    if (q.effectiveFrom && q.effectiveTo && q.effectiveTo < q.effectiveFrom) {
      r.error('vigente_hasta', `La fecha en que deja de exigirse (${q.effectiveTo}) es anterior a la de vigencia (${q.effectiveFrom}).`);
    }
    // With the column absent, the stored issuer institution may still apply: the plan checks the merged row.
    if (q.issuer === 'other_institution' && q.issuerInstitution === null) {
      r.error('institucion_emisora', 'Cuando el emisor es otra_institucion, indique cuál institución emite el documento.');
    }
    if (name && procedureCode) {
      const key = `${procedureCode}\u0000${normaliseName(name)}`;
      const first = this.firstRowOfRequirement.get(key);
      if (first !== undefined) {
        this.problems.notice(
          problem(
            REQUIREMENT_SHEET,
            raw.row,
            'nombre',
            `El requisito «${name}» aparece dos veces en el trámite «${procedureCode}» (también en la fila ${first}); se importan ambos.`,
          ),
        );
      } else this.firstRowOfRequirement.set(key, raw.row);
    }
    // a code's existence is checked in finish(), for invalid rows too (every problem is reported)
    if (!r.failed) this.requirements.push(q);
    else if (procedureCode) this.codesOfInvalidRows.push({ row: raw.row, procedureCode });
  }

  /** Is this code a procedure the requirement may belong to? Reports why not. */
  private knownProcedure(row: number, code: string): boolean {
    if (this.fileCodes.has(code)) return true;
    const existing = this.ctx.existing.get(code);
    if (!existing) {
      this.problems.error(
        problem(
          REQUIREMENT_SHEET,
          row,
          'codigo_tramite',
          `El trámite «${code}» no está en la hoja tramites ni en el inventario de la institución.`,
        ),
      );
      return false;
    }
    if (existing.status !== 'active') {
      this.problems.error(
        problem(
          REQUIREMENT_SHEET,
          row,
          'codigo_tramite',
          `El trámite «${code}» está ${existing.status === 'merged' ? 'fusionado' : 'eliminado'}; no se pueden importar sus requisitos.`,
        ),
      );
      return false;
    }
    return true;
  }

  /**
   * Whole-file checks, then every problem in reading order. `file` carries what the reader found: the sheets
   * present and the problems of the file itself.
   */
  finish(file: { sheets: readonly SheetName[]; problems: ImportProblem[]; notices: ImportProblem[] }): ValidatedInventory {
    for (const p of file.problems) this.problems.error(p);
    for (const n of file.notices) this.problems.notice(n);
    for (const name of file.sheets) {
      if (!(name in this.columns)) {
        this.problems.error(
          problem(name, 1, null, `La hoja «${name}» está vacía: falta la fila de encabezados (${COLUMNS[name].join(', ')}).`),
        );
      }
    }
    for (const q of this.codesOfInvalidRows) this.knownProcedure(q.row, q.procedureCode);
    const requirements = this.requirements.filter((q) => this.knownProcedure(q.row, q.procedureCode));
    if (this.procedures.length === 0 && requirements.length === 0 && this.problems.errors.length === 0) {
      this.problems.error(problem(PROCEDURE_SHEET, null, null, 'El archivo no tiene ningún trámite ni requisito para importar.'));
    }
    const problems = this.problems.allErrors();
    return {
      procedures: this.procedures,
      requirements,
      problems: problems.length > 1 ? [...problems].sort(byLocation) : problems,
      notices: this.problems.notices,
    };
  }
}

/** Pure: raw sheets + what the institution already has → typed rows and every located problem. */
export function validateInventory(read: ReadResult, ctx: ValidationContext): ValidatedInventory {
  const v = new InventoryValidator(ctx);
  for (const name of SHEETS) {
    const sheet = read.sheets[name];
    if (!sheet?.header) continue;
    v.header(name, sheet.header);
    for (const row of sheet.rows) v.row(name, row);
  }
  return v.finish({ ...read, sheets: SHEETS.filter((n) => read.sheets[n]) });
}
