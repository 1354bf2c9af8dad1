import { normaliseText, stripAccents } from '../../../../common/text/normalise';
import type { ImportProblem } from '../entities/inventory-import.entity';
import { words } from '../../../../common/glossary/glossary';
import { AUDIENCES, CHANNELS, EVIDENCE_TYPES, ISSUERS, LEGAL_BASIS_TYPES, PROHIBITED_KINDS } from '../../rules/inventory.enums';

/**
 * The spreadsheet format of the inventory (domain reference §9): a workbook with the sheets `tramites` and
 * `requisitos`, or the same two sheets as a pair of CSV files. Import, export and the template all read
 * their columns from here, so the three never drift apart.
 */
export const PROCEDURE_SHEET = 'tramites';
export const REQUIREMENT_SHEET = 'requisitos';
export type SheetName = typeof PROCEDURE_SHEET | typeof REQUIREMENT_SHEET;
export const SHEETS: readonly SheetName[] = [PROCEDURE_SHEET, REQUIREMENT_SHEET];

export const PROCEDURE_COLUMNS = [
  'codigo',
  'nombre',
  'descripcion',
  'base_legal',
  'canal',
  'url_en_linea',
  'url_formularios',
  'formularios_gratuitos',
  'costo_gtq',
  'dias_resolucion_legal',
  'dias_resolucion_real',
  'volumen_anual',
  'visitas_presenciales',
  'nivel_madurez',
  'comercio_exterior',
  'prioritario',
  'categoria',
  'audiencia',
  'resultado',
  'hecho_de_vida',
  'nivel_meta',
  'fecha_meta',
  'fecha_revision',
] as const;

export const REQUIREMENT_COLUMNS = [
  'codigo_tramite',
  'nombre',
  'tipo_evidencia',
  'emisor',
  'institucion_emisora',
  'base_legal_tipo',
  'base_legal_referencia',
  'obtenible_por_interoperabilidad',
  'prohibido',
  'vigente_desde',
  'vigente_hasta',
] as const;

export const COLUMNS: Record<SheetName, readonly string[]> = { tramites: PROCEDURE_COLUMNS, requisitos: REQUIREMENT_COLUMNS };

/** Columns without which a sheet cannot be read. Any other column may be left out: its values are then kept as they are. */
export const REQUIRED_COLUMNS: Record<SheetName, readonly string[]> = {
  tramites: ['codigo', 'nombre'],
  requisitos: ['codigo_tramite', 'nombre'],
};

/** Limits of the format (beyond them the file is refused rather than half-read). */
export const MAX_PROCEDURE_ROWS = 50_000;
export const MAX_REQUIREMENT_ROWS = 500_000;
/** At most this many problems are stored; the rest are summarised in one last problem. */
const MAX_PROBLEMS = 10_000;

/** "Código ", "URL en línea", "Costo (GTQ)" → codigo, url_en_linea, costo_gtq: accents, case, spaces, underscores and punctuation do not matter. */
export const normaliseHeader = (s: string): string =>
  stripAccents(s.trim().toLowerCase())
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/** A value of an enumerated column, compared the same way as headers ("En línea" = en_linea). */
const normaliseWord = normaliseHeader;

/** How requirements are matched by name: lower case, no accents, collapsed spaces. */
export const normaliseName = normaliseText;

/** English code → the glossary's spreadsheet word, and back (by the normalised Spanish word). */
class Vocabulary<T extends string> {
  private readonly byWord = new Map<string, T>();

  constructor(
    readonly codes: readonly T[],
    readonly words: Record<T, string>,
  ) {
    for (const code of codes) this.byWord.set(normaliseWord(words[code]), code);
  }

  word(code: T): string {
    return this.words[code];
  }

  code(word: string): T | undefined {
    return this.byWord.get(normaliseWord(word));
  }

  /** "presencial, en_linea, telefono…" for messages and validation lists. */
  list(separator = ', '): string {
    return this.codes.map((c) => this.words[c]).join(separator);
  }
}

export const VOCABULARY = {
  audience: new Vocabulary(AUDIENCES, words('audience')),
  channel: new Vocabulary(CHANNELS, words('channel')),
  evidenceType: new Vocabulary(EVIDENCE_TYPES, words('evidenceType')),
  issuer: new Vocabulary(ISSUERS, words('issuer')),
  legalBasisType: new Vocabulary(LEGAL_BASIS_TYPES, words('legalBasisType')),
  prohibitedKind: new Vocabulary(PROHIBITED_KINDS, words('prohibitedKind')),
};

/** Booleans as written in the sheets. */
export const YES = 'sí';
export const NO = 'no';
const TRUE_WORDS = new Set(['si', 'true', '1', 'verdadero', 'x']);
const FALSE_WORDS = new Set(['no', 'false', '0', 'falso']);

/** si/sí/true/1 → true, no/false/0 → false, empty → null, anything else → undefined (invalid). */
export function parseBooleanWord(text: string): boolean | null | undefined {
  const w = normaliseWord(text);
  if (w === '') return null;
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return undefined;
}

export const problem = (sheet: ImportProblem['sheet'], row: number | null, column: string | null, message: string): ImportProblem => ({
  sheet,
  row,
  column,
  message,
});

/** Problems and notices collected while reading, with a cap so a systematically wrong file cannot produce a huge report. */
export class ProblemList {
  readonly errors: ImportProblem[] = [];
  readonly notices: ImportProblem[] = [];
  private omitted = 0;

  error(p: ImportProblem): void {
    if (this.errors.length < MAX_PROBLEMS) this.errors.push(p);
    else this.omitted++;
  }

  notice(p: ImportProblem): void {
    if (this.notices.length < MAX_PROBLEMS) this.notices.push(p);
  }

  /** The errors, with one closing line counting those left out. */
  allErrors(): ImportProblem[] {
    return this.omitted
      ? [
          ...this.errors,
          problem('archivo', null, null, `Hay ${this.omitted} problemas más que no se listan; corrija los anteriores y vuelva a validar.`),
        ]
      : this.errors;
  }
}
