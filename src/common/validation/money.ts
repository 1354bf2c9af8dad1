import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/**
 * The one money reading (GTQ), for the API and the spreadsheet alike: exact decimal text, never through a float.
 * Dot decimal, at most two decimals, not negative; the result is normalised to what PostgreSQL returns for
 * numeric(…, 2) ("1500" → "1500.00", "007.5" → "7.50"), so a write's response matches a later read.
 * The spreadsheet also accepts a leading "Q"/"GTQ" and thousands separators in the unambiguous form 1,234,567.50;
 * "12,50" or "1.250,50" are refused with a hint instead of being guessed. Numbers are read through 15 significant
 * digits (what a spreadsheet cell or a JSON number can hold exactly).
 */
type MoneyReading = { ok: true; value: string } | { ok: false; problem: string };

interface MoneyOptions {
  /** Digits before the point: 12 for numeric(14,2) (default), 14 for numeric(16,2). */
  wholeDigits?: number;
  /** Spreadsheet leniency: "Q 1,250.50". */
  spreadsheet?: boolean;
}

/** Thousands separators (comma) are accepted only in the unambiguous form 1,234,567 (groups of three). */
export const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A finite number as the text it stands for (0.1 + 0.2 → "0.3"). */
export const numberText = (n: number): string => String(Number(n.toPrecision(15)));

export function readGtq(input: string | number, opts: MoneyOptions = {}): MoneyReading {
  const fail = (problem: string): MoneyReading => ({ ok: false, problem });
  if (typeof input === 'number' && !Number.isFinite(input)) return fail('no es un monto');
  let text = typeof input === 'number' ? numberText(input) : input;
  const shown = text;
  if (opts.spreadsheet) {
    text = text.replace(/^(gtq|q)\s*\.?\s*/i, '').replace(/\s+/g, '');
    if (GROUPED.test(text)) text = text.replace(/,/g, '');
    if (/^\d+,\d{1,2}$/.test(text) || /^\d{1,3}(\.\d{3})+,\d+$/.test(text)) {
      return fail(`«${shown}»: use punto como separador decimal (por ejemplo 1250.50)`);
    }
  }
  if (text.startsWith('-')) return fail('no puede ser negativo');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return fail(`«${shown}» no es un monto; escriba un número con punto decimal, por ejemplo 1250.50`);
  const [, whole, decimals = ''] = m;
  if (decimals.length > 2) return fail(`«${shown}» tiene más de 2 decimales`);
  const intPart = whole.replace(/^0+(?=\d)/, '');
  if (intPart.length > (opts.wholeDigits ?? 12)) return fail(`«${shown}» es demasiado grande`);
  return { ok: true, value: `${intPart}.${decimals.padEnd(2, '0')}` };
}

const GTQ_MESSAGE = 'debe ser un monto en quetzales no negativo, como texto con hasta dos decimales (por ejemplo "1500.00")';

/**
 * A GTQ amount in a request body: text ("1500.5"), stored and answered as "1500.50". A JSON number is refused (amounts
 * never travel as floats; the OpenAPI type is string). Combine with @Nullable() where the column allows "sin dato".
 */
export function IsGtq(opts: Pick<MoneyOptions, 'wholeDigits'> = {}): PropertyDecorator {
  const normalise = Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const r = readGtq(value, opts);
    return r.ok ? r.value : value;
  });
  const digits = opts.wholeDigits ?? 12;
  const pattern = new RegExp(`^\\d{1,${digits}}\\.\\d{2}$`);
  const check = ValidateBy({
    name: 'isGtq',
    validator: { validate: (v: unknown) => typeof v === 'string' && pattern.test(v), defaultMessage: () => GTQ_MESSAGE },
  });
  return (target, key) => {
    normalise(target, key);
    check(target, key);
  };
}
