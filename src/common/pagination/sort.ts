import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
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
  const terms = (sort ?? fallback)
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return terms.map((t) => {
    const field = t.replace(/^[-+]/, '');
    const column = allowed[field];
    if (!column) {
      throw AppException.badRequest(
        `No se puede ordenar por "${field}". Campos permitidos: ${Object.keys(allowed).join(', ')}.`,
        [{ field: 'sort', messages: [`valor no admitido: ${field}`] }],
        ErrorCode.ValidationFailed,
      );
    }
    return { column, direction: t.startsWith('-') ? 'DESC' : 'ASC' };
  });
}

/**
 * Applies `?sort=` (whitelisted: API field → `alias.property`) and a final tie-break on the id, so pages are stable.
 * Property paths (not SQL columns) keep TypeORM's pagination correct when the query joins relations.
 */
export function applySort<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  sort: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
): SelectQueryBuilder<T> {
  parseSort(sort, allowed, fallback).forEach((term, i) =>
    i === 0 ? qb.orderBy(term.column, term.direction) : qb.addOrderBy(term.column, term.direction),
  );
  return qb.addOrderBy(`${qb.alias}.id`, 'ASC');
}
