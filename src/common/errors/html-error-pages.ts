import type { Request, Response } from 'express';
import { ErrorBody } from './error-body';

/**
 * Where a failure of a page (not of the API) is answered as an HTML page. Provided by the web module; the
 * exception filter asks it first and keeps the JSON shape for everything it does not want.
 */
export const HTML_ERROR_PAGES = Symbol('HTML_ERROR_PAGES');

export interface HtmlErrorPages {
  wants(req: Request): boolean;
  send(res: Response, body: ErrorBody, headers: Record<string, string>): void;
}
