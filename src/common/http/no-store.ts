import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Every response is `Cache-Control: no-store` unless a handler explicitly marks it cacheable: private data, errors
 * and 401s never land in a shared cache (a CDN, a proxy) by accident.
 */
export const noStoreByDefault = (_req: IncomingMessage, res: ServerResponse, next: () => void): void => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};
