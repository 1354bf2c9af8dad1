import { Transform } from 'class-transformer';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/** Amounts in GTQ travel as decimal strings (never floats): non-negative, up to two decimals. */
export const GTQ_AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
export const GTQ_MESSAGE = 'debe ser un monto en quetzales no negativo, como texto con hasta dos decimales (por ejemplo "1500.00")';

/** A real calendar date written as YYYY-MM-DD ("2026-02-30" and "2026-03-01T00:00" are refused). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isDateOnly',
    validator: { validate: (v: unknown) => isDateOnly(v), defaultMessage: () => 'debe ser una fecha válida con formato AAAA-MM-DD' },
  }, options);
}

/**
 * For PATCH bodies: the field may be left out, but when present it is validated (null included), unlike
 * @IsOptional() which would let `null` through into a NOT NULL column.
 */
export const IfPresent = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

/** `?overdue=true|false` arrives as text; anything else stays as is and fails @IsBoolean(). */
export const QueryBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * "1500" → "1500.00", "007.5" → "7.50": the exact text PostgreSQL will return for numeric(…, 2), so a write's
 * response matches a later read. Pure string work, never through a float; anything else is left for validation to refuse.
 */
export function normaliseGtq(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\d+(\.\d{1,2})?$/.test(value)) return value;
  const [whole, decimals = ''] = value.split('.');
  return `${whole.replace(/^0+(?=\d)/, '')}.${decimals.padEnd(2, '0')}`;
}

export const NormaliseGtq = () => Transform(({ value }: { value: unknown }) => normaliseGtq(value));
