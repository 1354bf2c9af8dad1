/**
 * Whether an error means PostgreSQL or Redis cannot be reached right now (restart, failover, network), as opposed to a
 * bug or bad data. Such failures answer 503 with Retry-After: the client may simply try again, and the process recovers
 * by itself when the dependency is back (the pg pool and ioredis reconnect).
 */

/** SQLSTATE classes and codes of an unreachable or restarting server: connection exceptions (08), admin/crash shutdown
 * and "cannot connect now" (57P01–57P03), too many connections (53300), read-only during failover (25006). */
const PG_UNAVAILABLE = /^(08...|57P0[1-3]|53300|25006)$/;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** What node-postgres, TypeORM and ioredis say when the connection is gone (they set no code). */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /max retries per request limit/i,
  /Connection in subscriber mode/i,
];

export function isDependencyUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { code?: unknown; name?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof err.code === 'string' && (PG_UNAVAILABLE.test(err.code) || NETWORK_CODES.has(err.code))) return true;
  if (err.name === 'MaxRetriesPerRequestError') return true;
  if (typeof err.message === 'string' && MESSAGES.some((m) => m.test(err.message as string))) return true;
  if (Array.isArray(err.errors) && err.errors.some((x) => isDependencyUnavailable(x, depth + 1))) return true;
  return isDependencyUnavailable(err.driverError, depth + 1) || isDependencyUnavailable(err.cause, depth + 1);
}

/** Seconds a client is told to wait before retrying (a restart or failover usually takes a few). */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 5;
