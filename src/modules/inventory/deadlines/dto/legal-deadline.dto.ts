import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsDateOnly } from '../../../../common/validation/date-only';
import { Nullable, Omittable } from '../../../../common/validation/presence';
import { ReadVersion } from '../../../../common/validation/read-version';
import { PageMeta, PageQuery } from '../../../../common/pagination/page';
import { Coverage, COVERAGES } from '../../../institutions/entities/institution.entity';
import { LegalDeadline } from '../entities/legal-deadline.entity';

const CODE = /^[a-z0-9_]{2,60}$/;
const CODE_MESSAGE = 'code debe tener de 2 a 60 caracteres: minúsculas, dígitos o "_"';

export class CreateLegalDeadlineDto {
  @ApiProperty({ example: 'electronic_procedures', description: 'Código estable: minúsculas, dígitos y "_"' })
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: 'Trámites completados por medios electrónicos' })
  @IsString()
  @Length(3, 300)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Nullable()
  @IsString()
  @Length(1, 4000)
  description?: string | null;

  @ApiProperty({ enum: COVERAGES, description: 'A qué instituciones aplica: obligadas (bound) o adheridas (opted_in)' })
  @IsIn(COVERAGES)
  coverage: Coverage;

  @ApiProperty({ example: '2023-08-31' })
  @IsDateOnly()
  dueDate: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Decreto 5-2021, disposiciones transitorias (2 años)' })
  @Nullable()
  @IsString()
  @Length(3, 300)
  legalReference?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'Se cumple solo con un plan de simplificación aprobado (hallazgo «plazo legal incumplido»)',
  })
  @Omittable()
  @IsBoolean()
  requiresApprovedPlan?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 4,
    description: 'Se cumple solo si todo trámite vigente tiene al menos este nivel validado',
  })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(10)
  requiredLevel?: number | null;
}

export class UpdateLegalDeadlineDto {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional()
  @Omittable()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(3, 300)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Nullable()
  @IsString()
  @Length(1, 4000)
  description?: string | null;

  @ApiPropertyOptional({ enum: COVERAGES })
  @Omittable()
  @IsIn(COVERAGES)
  coverage?: Coverage;

  @ApiPropertyOptional({ example: '2024-08-31' })
  @Omittable()
  @IsDateOnly()
  dueDate?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @Nullable()
  @IsString()
  @Length(3, 300)
  legalReference?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'Se cumple solo con un plan de simplificación aprobado (hallazgo «plazo legal incumplido»)',
  })
  @Omittable()
  @IsBoolean()
  requiresApprovedPlan?: boolean;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    example: 4,
    description: 'Se cumple solo si todo trámite vigente tiene al menos este nivel validado',
  })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(10)
  requiredLevel?: number | null;
}

export class LegalDeadlineQuery extends PageQuery {
  @ApiPropertyOptional({ enum: COVERAGES })
  @IsOptional()
  @IsIn(COVERAGES)
  coverage?: Coverage;
}

export class LegalDeadlineResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'electronic_procedures' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: COVERAGES }) coverage: Coverage;
  @ApiProperty({ example: '2023-08-31' }) dueDate: string;
  @ApiProperty({ nullable: true, type: String }) legalReference: string | null;
  @ApiProperty({ description: 'Se cumple solo con un plan aprobado' }) requiresApprovedPlan: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Nivel validado que todo trámite vigente debe tener' }) requiredLevel:
    number | null;
  @ApiProperty() version: number;
  @ApiProperty() updatedAt: Date;

  static from(d: LegalDeadline): LegalDeadlineResponse {
    return {
      id: d.id,
      code: d.code,
      name: d.name,
      description: d.description,
      coverage: d.coverage,
      dueDate: d.dueDate,
      legalReference: d.legalReference,
      requiresApprovedPlan: d.requiresApprovedPlan,
      requiredLevel: d.requiredLevel,
      version: d.version,
      updatedAt: d.updatedAt,
    };
  }
}

export class LegalDeadlinePage extends PageMeta {
  @ApiProperty({ type: [LegalDeadlineResponse] }) items: LegalDeadlineResponse[];
}
