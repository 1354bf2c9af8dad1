import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { IsDateOnly } from '../../../../common/validation/date-only';
import { IsGtq } from '../../../../common/validation/money';
import { Nullable, Omittable } from '../../../../common/validation/presence';
import { ReadVersion } from '../../../../common/validation/read-version';
import { ListQuery } from '../../../../common/pagination/list-query';
import { PageMeta, PageQuery } from '../../../../common/pagination/page';
import { ACTION_TYPES, ActionType } from '../../rules/inventory.enums';
import { RationalisationAction } from '../entities/rationalisation-action.entity';

const MAX_FIGURE = 1_000_000;

/** Before/after figures: all optional, non-negative; fees as decimal strings. */
class ActionFigures {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Beneficio para la ciudadanía, en palabras' })
  @Nullable()
  @IsString()
  @Length(3, 4000)
  benefit?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-05-15', description: 'Fecha en que se implementó (no futura)' })
  @Nullable()
  @IsDateOnly()
  implementedOn?: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 }) @Nullable() @IsInt() @Min(0) @Max(MAX_FIGURE) stepsBefore?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 }) @Nullable() @IsInt() @Min(0) @Max(MAX_FIGURE) stepsAfter?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 }) @Nullable() @IsInt() @Min(0) @Max(MAX_FIGURE) requirementsBefore?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 }) @Nullable() @IsInt() @Min(0) @Max(MAX_FIGURE) requirementsAfter?:
    number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, description: 'Días hábiles de respuesta' })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(MAX_FIGURE)
  daysBefore?: number | null;
  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0 }) @Nullable() @IsInt() @Min(0) @Max(MAX_FIGURE) daysAfter?:
    number | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '150.00', description: 'Tarifa antes (GTQ), texto decimal' })
  @Nullable()
  @IsGtq()
  feeBeforeGtq?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: '0.00', description: 'Tarifa después (GTQ), texto decimal' })
  @Nullable()
  @IsGtq()
  feeAfterGtq?: string | null;
}

export class CreateRationalisationActionDto extends ActionFigures {
  @ApiProperty({ enum: ACTION_TYPES, description: 'regulatory = normativa, administrative = administrativa, technological = tecnológica' })
  @IsIn(ACTION_TYPES)
  type: ActionType;

  @ApiProperty({ example: 'Eliminación de la constancia de carencia de antecedentes, que se verifica por interoperabilidad con el RENAP' })
  @IsString()
  @Length(3, 4000)
  description: string;
}

export class UpdateRationalisationActionDto extends ActionFigures {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional({ enum: ACTION_TYPES })
  @Omittable()
  @IsIn(ACTION_TYPES)
  type?: ActionType;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(3, 4000)
  description?: string;
}

export class RationalisationActionQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ACTION_TYPES })
  @IsOptional()
  @IsIn(ACTION_TYPES)
  type?: ActionType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  procedureId?: string;
}

/** The list of one procedure's actions: paging only. */
export class ProcedureActionsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACTION_TYPES })
  @IsOptional()
  @IsIn(ACTION_TYPES)
  type?: ActionType;
}

export class RationalisationActionResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() procedureId: string;
  @ApiProperty({ nullable: true, type: String }) procedureCode: string | null;
  @ApiProperty({ nullable: true, type: String }) procedureName: string | null;
  @ApiProperty({ enum: ACTION_TYPES }) type: ActionType;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String }) benefit: string | null;
  @ApiProperty({ nullable: true, type: String }) implementedOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) stepsBefore: number | null;
  @ApiProperty({ nullable: true, type: Number }) stepsAfter: number | null;
  @ApiProperty({ nullable: true, type: Number }) requirementsBefore: number | null;
  @ApiProperty({ nullable: true, type: Number }) requirementsAfter: number | null;
  @ApiProperty({ nullable: true, type: Number }) daysBefore: number | null;
  @ApiProperty({ nullable: true, type: Number }) daysAfter: number | null;
  @ApiProperty({ nullable: true, type: String, example: '150.00' }) feeBeforeGtq: string | null;
  @ApiProperty({ nullable: true, type: String, example: '0.00' }) feeAfterGtq: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(a: RationalisationAction): RationalisationActionResponse {
    return {
      id: a.id,
      institutionId: a.institutionId,
      procedureId: a.procedureId,
      procedureCode: a.procedure?.code ?? null,
      procedureName: a.procedure?.name ?? null,
      type: a.type,
      description: a.description,
      benefit: a.benefit,
      implementedOn: a.implementedOn,
      stepsBefore: a.stepsBefore,
      stepsAfter: a.stepsAfter,
      requirementsBefore: a.requirementsBefore,
      requirementsAfter: a.requirementsAfter,
      daysBefore: a.daysBefore,
      daysAfter: a.daysAfter,
      feeBeforeGtq: a.feeBeforeGtq,
      feeAfterGtq: a.feeAfterGtq,
      version: a.version,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  }
}

export class RationalisationActionPage extends PageMeta {
  @ApiProperty({ type: [RationalisationActionResponse] }) items: RationalisationActionResponse[];
}
