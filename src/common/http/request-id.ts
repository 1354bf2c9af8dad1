import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's X-Request-Id when it is sane, else a new UUID (without touching the response). */
export function incomingRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
}

/** The caller's X-Request-Id when it is sane, else a new UUID; echoed back on the response. */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const existing = (req as IncomingMessage & { id?: unknown }).id;
  if (typeof existing === 'string' && existing) return existing;
  const id = incomingRequestId(req);
  (req as IncomingMessage & { id?: string }).id = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

/** First middleware of the app, so even a body that fails to parse has a request id. */
export const assignRequestId = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
  requestIdOf(req, res);
  next();
};
