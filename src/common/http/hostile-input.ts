import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/** Deepest JSON nesting any request needs (DTOs nest two or three levels); deeper is refused before validation. */
export const MAX_JSON_DEPTH = 32;

const hasNulInUrl = (url: string): boolean => url.includes('\u0000') || /%00/i.test(url);

/** The first problem of a parsed body: too deep, or a NUL character in a key or a text value (iterative, no recursion). */
export function bodyProblem(body: unknown): { kind: 'depth' | 'nul'; path: string } | null {
  const stack: Array<{ value: unknown; depth: number; path: string }> = [{ value: body, depth: 0, path: '' }];
  while (stack.length) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return { kind: 'nul', path };
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) return { kind: 'depth', path };
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return { kind: 'nul', path: childPath };
      stack.push({ value: child, depth: depth + 1, path: childPath });
    }
  }
  return null;
}

/**
 * Refuses, before any route or validation runs: a NUL character anywhere in the path, the query or a JSON/form body
 * (PostgreSQL text cannot hold it), and JSON nested deeper than MAX_JSON_DEPTH (a stack overflow in validation).
 */
export function rejectHostileInput(req: Request, _res: Response, next: NextFunction): void {
  if (hasNulInUrl(req.originalUrl ?? req.url)) {
    throw AppException.badRequest(
      'La dirección de la solicitud contiene el carácter nulo (NUL), que no se admite.',
      null,
      ErrorCode.ValidationFailed,
    );
  }
  const problem = bodyProblem(req.body);
  if (problem?.kind === 'nul') {
    const field = problem.path || '(cuerpo)';
    throw AppException.badRequest(
      `El campo ${field} contiene el carácter nulo (NUL), que no se admite.`,
      [{ field, messages: ['contiene el carácter nulo (NUL)'] }],
      ErrorCode.ValidationFailed,
    );
  }
  if (problem?.kind === 'depth') {
    throw AppException.badRequest(
      `El cuerpo de la solicitud está anidado a más de ${MAX_JSON_DEPTH} niveles.`,
      null,
      ErrorCode.ValidationFailed,
    );
  }
  next();
}
