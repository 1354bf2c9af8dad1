import { QueryFailedError } from 'typeorm';

/** Was this a unique-constraint violation (optionally of the named constraint)? Services turn it into a 409. */
export const isUniqueViolation = (e: unknown, constraint?: string): boolean =>
  e instanceof QueryFailedError &&
  (e.driverError as { code?: string; constraint?: string })?.code === '23505' &&
  (!constraint || (e.driverError as { constraint?: string }).constraint === constraint);

/**
 * SQLSTATEs of a transaction PostgreSQL aborted because of a concurrent one, not because of anything in it:
 * deadlock_detected (40P01) and serialization_failure (40001). Run again, it succeeds.
 */
const CONCURRENCY_FAILURES = new Set(['40P01', '40001']);

/** Was this a transaction aborted by a concurrent one (deadlock, serialization failure)? `Database.run` runs it again. */
export const isConcurrencyFailure = (e: unknown): boolean =>
  e instanceof QueryFailedError && CONCURRENCY_FAILURES.has((e.driverError as { code?: string })?.code ?? '');

/** Escapes LIKE wildcards in user text, so "%" and "_" are searched literally. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
