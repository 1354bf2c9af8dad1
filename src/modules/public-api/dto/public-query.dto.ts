import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PUBLIC_EVENT_TYPES } from '../../../events/public-events';
import { QueryBoolean } from '../../../common/validation/query-boolean';
import { AUDIENCES, Audience, PROCEDURE_STATUSES, ProcedureStatus } from '../../inventory/rules/inventory.enums';
import { COVERAGES, Coverage, INSTITUTION_TYPES, InstitutionType } from '../../institutions/entities/institution.entity';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Opaque cursor pagination: `cursor` comes from the previous page's `nextCursor` (or its Link rel="next"). */
export class CursorQuery {
  @ApiPropertyOptional({
    description: `Cuántos elementos por página (1 a ${MAX_LIMIT}; ${DEFAULT_LIMIT} si se omite)`,
    example: DEFAULT_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor opaco de la página siguiente (campo nextCursor de la respuesta anterior)' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'cursor no es un cursor válido' })
  cursor?: string;
}

export class PublicInstitutionQuery extends CursorQuery {
  @ApiPropertyOptional({ description: 'Solo instituciones modificadas (o con puntuación recalculada) desde esta fecha y hora (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;
}

export const PROCEDURE_SORTS = ['id', 'name'] as const;
export type ProcedureSort = (typeof PROCEDURE_SORTS)[number];

export class PublicProcedureQuery extends CursorQuery {
  @ApiPropertyOptional({ description: 'Código de la institución (sin distinguir mayúsculas)', example: 'mineco' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  institution?: string;

  @ApiPropertyOptional({ description: 'Nivel de madurez vigente (validado), exacto', minimum: 0, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5)
  level?: number;

  @ApiPropertyOptional({ description: 'Nivel de madurez vigente desde (incluido)', minimum: 0, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5)
  levelMin?: number;

  @ApiPropertyOptional({ description: 'Nivel de madurez vigente hasta (incluido)', minimum: 0, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5)
  levelMax?: number;

  @ApiPropertyOptional({ description: 'Hecho de vida o de empresa, exacto', example: 'Exportar un producto' })
  @IsOptional()
  @IsString()
  @MaxLength(160)
  lifeEvent?: string;

  @ApiPropertyOptional({ description: 'Solo trámites de comercio exterior (true / sí) o los demás (false / no)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  foreignTrade?: boolean;

  @ApiPropertyOptional({ description: 'Solo trámites priorizados (true / sí) o los demás (false / no)' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  prioritized?: boolean;

  @ApiPropertyOptional({ enum: PROCEDURE_STATUSES })
  @IsOptional()
  @IsIn(PROCEDURE_STATUSES)
  status?: ProcedureStatus;

  @ApiPropertyOptional({ enum: AUDIENCES, description: 'A quién se dirige' })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: Audience;

  @ApiPropertyOptional({ description: 'Categoría exacta (ver /procedure-facets)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  category?: string;

  @ApiPropertyOptional({ enum: PROCEDURE_SORTS, description: 'Orden: id (estable, para sincronizar; por omisión) o name (alfabético)' })
  @IsOptional()
  @IsIn(PROCEDURE_SORTS)
  sort?: ProcedureSort;

  @ApiPropertyOptional({ description: 'Búsqueda en nombre y código, sin distinguir mayúsculas ni tildes' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Solo trámites modificados desde esta fecha y hora (ISO 8601), para sincronizar' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;
}

export const RANKING_SORTS = ['score', 'name', 'change', 'procedures', 'online'] as const;
export type RankingSort = (typeof RANKING_SORTS)[number];

export class PublicRankingQuery {
  @ApiPropertyOptional({ enum: INSTITUTION_TYPES, description: 'Tipo de institución' })
  @IsOptional()
  @IsIn(INSTITUTION_TYPES)
  type?: InstitutionType;

  @ApiPropertyOptional({ enum: COVERAGES, description: 'Obligada por la ley o adherida' })
  @IsOptional()
  @IsIn(COVERAGES)
  coverage?: Coverage;

  @ApiPropertyOptional({ description: 'Sector exacto (ver la lista sectors de la respuesta)' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  sector?: string;

  @ApiPropertyOptional({
    enum: RANKING_SORTS,
    description: 'Orden de las instituciones con puntuación (score por omisión: de mayor a menor)',
  })
  @IsOptional()
  @IsIn(RANKING_SORTS)
  sort?: RankingSort;
}

export class ChangesQuery {
  @ApiPropertyOptional({ description: 'Cursor devuelto por la llamada anterior (nextCursor); sin él, desde el principio' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'since no es un cursor válido' })
  since?: string;

  @ApiPropertyOptional({ description: `Cuántos cambios como máximo (1 a ${MAX_LIMIT}; ${DEFAULT_LIMIT} si se omite)` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({
    description:
      'Solo estos tipos de evento, separados por comas (p. ej. procedure_updated,score_changed); el cursor avanza igual sobre los demás',
    example: 'procedure_updated,requirement_eliminated',
    type: String,
  })
  @IsOptional()
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : value,
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PUBLIC_EVENT_TYPES.length)
  @IsIn(PUBLIC_EVENT_TYPES, { each: true, message: 'types: tipo de evento desconocido' })
  types?: string[];
}

/** For routes that take no parameters: any parameter is unknown, hence a 400 (the one property can never be valid). */
export class NoQuery {
  @IsOptional()
  @IsIn([])
  readonly __none?: never;
}
