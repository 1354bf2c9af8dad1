import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from './page';

/** What every workspace list accepts: page, institution (Commission only), updatedSince, text and sort. */
export class ListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo la Comisión; los enlaces ven siempre su institución' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ description: 'Solo registros modificados desde esta fecha y hora (ISO 8601), para sincronizar' })
  @IsOptional()
  @IsISO8601({ strict: true })
  updatedSince?: string;

  @ApiPropertyOptional({ description: 'Búsqueda en nombre y código, sin distinguir mayúsculas ni tildes' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Campos separados por coma; prefijo "-" para descendente (por ejemplo -updatedAt,name)' })
  @IsOptional()
  @Matches(/^[-+]?[A-Za-z]+(,[-+]?[A-Za-z]+)*$/, { message: 'sort debe ser una lista de campos, por ejemplo -updatedAt,name' })
  sort?: string;
}
