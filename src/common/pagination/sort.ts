import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

export interface SortTerm {
  column: string;
  direction: 'ASC' | 'DESC';
}

/**
 * `?sort=name,-updatedAt` → whitelisted SQL columns. Unknown fields are a 400 naming the allowed ones.
 * `allowed` maps API field → SQL expression (qualified with the query alias).
 */
export function parseSort(sort: string | undefined, allowed: Record<string, string>, fallback: string): SortTerm[] {
  const terms = (sort ?? fallback).split(',').map((t) => t.trim()).filter(Boolean);
  return terms.map((t) => {
    const field = t.replace(/^[-+]/, '');
    const column = allowed[field];
    if (!column) {
      throw AppException.badRequest(`No se puede ordenar por "${field}". Campos permitidos: ${Object.keys(allowed).join(', ')}.`, [
        { field: 'sort', messages: [`valor no admitido: ${field}`] },
      ], ErrorCode.ValidationFailed);
    }
    return { column, direction: t.startsWith('-') ? 'DESC' : 'ASC' };
  });
}
