import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { parseSort } from '../../../common/pagination/sort';

/**
 * Applies `?sort=` (whitelisted: API field → `alias.property`) and a final tie-break on the id, so pages are stable.
 * Property paths (not SQL columns) keep TypeORM's pagination correct when the query joins relations.
 */
export function applySort<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>, sort: string | undefined, allowed: Record<string, string>, fallback: string,
): SelectQueryBuilder<T> {
  parseSort(sort, allowed, fallback).forEach((term, i) => (i === 0 ? qb.orderBy(term.column, term.direction) : qb.addOrderBy(term.column, term.direction)));
  return qb.addOrderBy(`${qb.alias}.id`, 'ASC');
}
