import { Transform } from 'class-transformer';

/** Words a filter boolean may be written with: English, and the inventory spreadsheet's Spanish (any case, with or without accent). */
const TRUE_WORDS = new Set(['true', 'si', 'verdadero']);
const FALSE_WORDS = new Set(['false', 'no', 'falso']);

/**
 * `?flag=true|false` (or sí/no, verdadero/falso) arrives as text; anything else stays as is and fails @IsBoolean()
 * (never read as false).
 */
const queryBoolean = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  const word = value
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : value;
};

export const QueryBoolean = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => queryBoolean(value));
