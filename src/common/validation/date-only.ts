import { ValidateBy, ValidationOptions } from 'class-validator';

/** A real calendar date written as YYYY-MM-DD ("2026-02-30" and "2026-03-01T00:00" are refused). */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const DATE_ONLY_MESSAGE = 'debe ser una fecha válida con formato AAAA-MM-DD';

/** The one validator for `date` columns and date-only query parameters. */
export function IsDateOnly(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDateOnly',
      validator: { validate: (v: unknown) => isDateOnly(v), defaultMessage: () => DATE_ONLY_MESSAGE },
    },
    options,
  );
}
