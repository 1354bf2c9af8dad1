/**
 * CSV cells for every file the product writes. RFC 4180 quoting, plus the OWASP rule against formula injection:
 * a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an apostrophe, so a
 * spreadsheet opening the file shows it as text instead of evaluating it (`=HYPERLINK(…)`, `+cmd|…`, `-2+3`).
 * Numbers, booleans and dates are written as they are: only text that a person or a program typed can carry a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text of a cell, neutralised when a spreadsheet would read it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: neutralised text, quoted when it holds a comma, quote, CR or LF (or edge spaces), quotes doubled. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s =
    v instanceof Date
      ? v.toISOString()
      : Array.isArray(v)
        ? neutraliseFormula(v.join(';'))
        : typeof v === 'string'
          ? neutraliseFormula(v)
          : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record with its CRLF. */
export const csvLine = (values: unknown[]): string => `${values.map(csvField).join(',')}\r\n`;
