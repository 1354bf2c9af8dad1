import { QueryFailedError } from 'typeorm';

/** Was this a unique-constraint violation (optionally of the named constraint)? Services turn it into a 409. */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean =>
  e instanceof QueryFailedError &&
  (e.driverError as { code?: string; constraint?: string })?.code === '23505' &&
  (!constraint || (e.driverError as { constraint?: string }).constraint === constraint);

/** Escapes LIKE wildcards in user text, so "%" and "_" are searched literally. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
