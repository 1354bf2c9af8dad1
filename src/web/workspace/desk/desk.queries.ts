import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { COVERAGES, INSTITUTION_TYPES } from '../../../modules/institutions/entities/institution.entity';
import { BOARD_SORTS, MAX_PLAN_REVIEW_DAYS, OVERDUE_KINDS, OverdueKind } from '../../../modules/commission-desk/desk-rules';

/** The board's query string: filters, order and page (read leniently by readQuery: a bad value is named beside its field). */
export class BoardQuery extends PageQuery {
  @IsOptional() @IsIn(INSTITUTION_TYPES, { message: 'elija un tipo de la lista' }) type?: string;
  @IsOptional() @IsIn(COVERAGES, { message: 'elija una cobertura de la lista' }) coverage?: string;
  @IsOptional() @IsString() @Length(1, 120) sector?: string;
  @IsOptional() @QueryBoolean() @IsBoolean() followed?: boolean;
  @IsOptional() @QueryBoolean() @IsBoolean() attention?: boolean;
  @IsOptional()
  @IsIn(BOARD_SORTS.map((s) => s.value), { message: 'elija un orden de la lista' })
  sort?: string;
}

/** Atrasos: kind, followed institutions only, the plan-review threshold in days, page. */
export class OverdueQuery extends PageQuery {
  @IsOptional() @IsIn(OVERDUE_KINDS, { message: 'elija un tipo de atraso de la lista' }) kind?: OverdueKind;
  @IsOptional() @QueryBoolean() @IsBoolean() followed?: boolean;
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'escriba un número entero de días' })
  @Min(1, { message: 'debe ser al menos 1 día' })
  @Max(MAX_PLAN_REVIEW_DAYS, { message: `debe ser a lo sumo ${MAX_PLAN_REVIEW_DAYS} días` })
  days?: number;
}

/** The national page's filters. */
export class NationalPageQuery {
  @IsOptional() @IsIn(INSTITUTION_TYPES, { message: 'elija un tipo de la lista' }) type?: (typeof INSTITUTION_TYPES)[number];
  @IsOptional() @IsIn(COVERAGES, { message: 'elija una cobertura de la lista' }) coverage?: (typeof COVERAGES)[number];
  @IsOptional() @IsString() @Length(1, 120) sector?: string;
}

/** The institution page's two paged lists: the outbox and the audit trail. */
export class InstitutionPageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) outbox?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) audit?: number;
}

/** A query string of the non-empty values (for links that keep the filters). */
export function queryLink(base: string, values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '' && v !== false) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${base}?${qs}` : base;
}

/** Previous / next links and "page n of m" for a paged list. */
export function pager(total: number, page: number, pageSize: number, link: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return {
    page,
    pages,
    previous: page > 1 ? link(Math.min(page - 1, pages)) : null,
    next: page < pages ? link(page + 1) : null,
  };
}
