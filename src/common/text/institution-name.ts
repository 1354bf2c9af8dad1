/**
 * How an institution is named inside a Spanish sentence. Names take an article ("el Ministerio de Economía", "la
 * Superintendencia de Administración Tributaria"), and the article contracts with "de" and "a" ("del Ministerio",
 * "al Ministerio"). Each institution stores its article (`institutions.article`; null when it takes none, e.g. a
 * name that is already a proper noun), and every sentence that names an institution goes through these functions:
 * e-mails, in-app notices and pages alike.
 */
export const INSTITUTION_ARTICLES = ['el', 'la', 'los', 'las'] as const;
export type InstitutionArticle = (typeof INSTITUTION_ARTICLES)[number];

export interface NamedInstitution {
  name: string;
  article: InstitutionArticle | null;
}

/** The preposition before the name: none ("el Ministerio"), "de" ("del Ministerio"), "a" ("al Ministerio"), "en", "por", "para". */
export type NamePreposition = '' | 'de' | 'a' | 'en' | 'por' | 'para';

const FEMININE_HEADS = [
  'secretaria',
  'municipalidad',
  'superintendencia',
  'comision',
  'procuraduria',
  'contraloria',
  'direccion',
  'oficina',
  'autoridad',
  'universidad',
  'corte',
  'empresa',
  'escuela',
  'junta',
  'coordinadora',
  'defensoria',
  'intendencia',
  'vicepresidencia',
  'presidencia',
  'agencia',
  'unidad',
  'fiscalia',
  'camara',
];
const MASCULINE_HEADS = [
  'ministerio',
  'registro',
  'instituto',
  'consejo',
  'organismo',
  'congreso',
  'tribunal',
  'fondo',
  'comite',
  'centro',
  'banco',
  'servicio',
  'programa',
  'departamento',
  'despacho',
  'gabinete',
  'archivo',
  'credito',
];

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The article a name most likely takes, from its first word ("Ministerio …" → el, "Secretaría …" → la); null when the
 * first word says nothing (an acronym, a proper noun): unknown is left unknown, and the name is then used bare.
 * Used for rows created without an article and by the migration that filled existing institutions.
 */
export function defaultArticle(name: string): InstitutionArticle | null {
  const first = fold(name.trim().split(/\s+/)[0] ?? '');
  if (!first) return null;
  if (FEMININE_HEADS.includes(first)) return 'la';
  if (MASCULINE_HEADS.includes(first)) return 'el';
  if (FEMININE_HEADS.some((h) => first === `${h}s`)) return 'las';
  if (MASCULINE_HEADS.some((h) => first === `${h}s`)) return 'los';
  return null;
}

/**
 * The institution inside a sentence: `institutionPhrase(i, 'de')` → "del Ministerio de Economía", "de la Municipalidad
 * de Guatemala", "de Guatemala Digital" (no article); `institutionPhrase(i, 'a')` → "al Ministerio …";
 * `institutionPhrase(i)` → "el Ministerio de Economía". `capital` capitalises the first letter (a sentence's start).
 */
export function institutionPhrase(i: NamedInstitution, preposition: NamePreposition = '', capital = false): string {
  const name = i.name.trim();
  let words: string;
  if (!i.article) words = preposition ? `${preposition} ${name}` : name;
  else if (i.article === 'el' && preposition === 'de') words = `del ${name}`;
  else if (i.article === 'el' && preposition === 'a') words = `al ${name}`;
  else words = preposition ? `${preposition} ${i.article} ${name}` : `${i.article} ${name}`;
  return capital ? words.charAt(0).toUpperCase() + words.slice(1) : words;
}

/** A stored article, checked (anything else reads as none). */
export const articleOf = (value: unknown): InstitutionArticle | null =>
  (INSTITUTION_ARTICLES as readonly unknown[]).includes(value) ? (value as InstitutionArticle) : null;
