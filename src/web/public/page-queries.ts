import { PickType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PublicProcedureQuery } from '../../modules/public-api/dto/public-query.dto';

export const PROCEDURE_LIST_SORTS = ['name', 'level', 'fee', 'days', 'visits'] as const;
export type ProcedureListSort = (typeof PROCEDURE_LIST_SORTS)[number];

/**
 * Filters of an institution's procedures on its page: the public API's own (same validation and messages), and an
 * order for people (applied to the institution's list on the page).
 */
export class InstitutionProceduresQuery extends PickType(PublicProcedureQuery, ['level', 'audience', 'foreignTrade'] as const) {
  @IsOptional()
  @IsIn(PROCEDURE_LIST_SORTS)
  sort?: ProcedureListSort;
}
