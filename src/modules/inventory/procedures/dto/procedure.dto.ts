import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly } from '../../../../common/validation/date-only';
import { IsGtq } from '../../../../common/validation/money';
import { Nullable, Omittable, PatchType } from '../../../../common/validation/presence';
import { QueryBoolean } from '../../../../common/validation/query-boolean';
import { ReadVersion } from '../../../../common/validation/read-version';
import { ListQuery } from '../../../../common/pagination/list-query';
import { PageMeta } from '../../../../common/pagination/page';
import { Audience, AUDIENCES, Channel, CHANNELS, PROCEDURE_STATUSES, ProcedureStatus } from '../../rules/inventory.enums';
import { DECLARED_LEVEL_STATUSES, DeclaredLevelStatus, declaredLevelStatus, MAX_TOP_LEVEL } from '../../rules/maturity-level';
import { CreateRequirementDto } from '../requirements/dto/requirement.dto';
import { Procedure } from '../entities/procedure.entity';

export class CreateProcedureDto {
  @ApiProperty({ example: 'MINECO-001', description: 'Único dentro de la institución' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { message: 'code debe tener de 1 a 40 caracteres: letras, dígitos, ".", "-" o "_"' })
  code: string;

  @ApiProperty({ example: 'Registro de importadores' })
  @IsString()
  @Length(3, 300)
  name: string;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiPropertyOptional({ nullable: true, example: 'Constancia de inscripción' })
  @Nullable()
  @IsString()
  @MaxLength(300)
  output?: string;

  @ApiPropertyOptional({ enum: AUDIENCES, default: 'both' })
  @Omittable()
  @IsIn(AUDIENCES)
  audience?: Audience;

  @ApiPropertyOptional({ nullable: true, example: 'Comercio exterior' })
  @Nullable()
  @IsString()
  @MaxLength(120)
  category?: string;

  @ApiPropertyOptional({ nullable: true, example: 'Exportar un producto' })
  @Nullable()
  @IsString()
  @MaxLength(160)
  lifeEvent?: string;

  @ApiPropertyOptional({ default: false })
  @Omittable()
  @IsBoolean()
  foreignTrade?: boolean;

  @ApiPropertyOptional({ default: false })
  @Omittable()
  @IsBoolean()
  prioritized?: boolean;

  @ApiPropertyOptional({ enum: CHANNELS, isArray: true })
  @Omittable()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(5)
  @IsIn(CHANNELS, { each: true })
  channels?: Channel[];

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsUrl({ require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsUrl({ require_protocol: true })
  @MaxLength(500)
  formsUrl?: string;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsBoolean()
  formsFree?: boolean;

  @ApiPropertyOptional({
    example: '150.00',
    nullable: true,
    type: String,
    description: 'Costo en GTQ (texto decimal exacto); «0» es gratuito; null o ausente: sin dato',
  })
  @Nullable()
  @IsGtq()
  feeGtq?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Decreto 5-2021, artículo 5' })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  legalBasis?: string;

  @ApiPropertyOptional({ nullable: true, example: 30 })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(3650)
  legalMaxDays?: number;

  @ApiPropertyOptional({ nullable: true, example: 45 })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(3650)
  actualMedianDays?: number;

  @ApiPropertyOptional({ nullable: true, example: 1200 })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  annualVolume?: number;

  @ApiPropertyOptional({
    example: 2,
    nullable: true,
    type: Number,
    description: 'Visitas presenciales necesarias; null o ausente: sin dato',
  })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(100)
  inPersonVisits?: number | null;

  @ApiPropertyOptional({
    nullable: true,
    example: 2,
    description:
      'Nivel que la institución declara (un nivel del modelo de madurez vigente); el nivel vigente solo cambia al validar una evaluación',
  })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(MAX_TOP_LEVEL)
  declaredLevel?: number;

  @ApiPropertyOptional({ nullable: true, example: 4, description: 'Nivel meta (un nivel del modelo de madurez vigente)' })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(MAX_TOP_LEVEL)
  targetLevel?: number;

  @ApiPropertyOptional({ nullable: true, example: '2027-06-30' })
  @Nullable()
  @IsDateOnly()
  targetDate?: string;

  @ApiPropertyOptional({
    nullable: true,
    example: '2026-11-01',
    description: 'Última revisión; por omisión (o null), el día del registro o de la edición (registrar o editar es revisar)',
  })
  @Nullable()
  @IsDateOnly()
  lastReviewedAt?: string;

  @ApiPropertyOptional({ type: [CreateRequirementDto], description: 'Requisitos iniciales; cuentan para la línea base' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CreateRequirementDto)
  requirements?: CreateRequirementDto[];
}

export class UpdateProcedureDto extends PatchType(OmitType(CreateProcedureDto, ['requirements'] as const)) {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional({ enum: PROCEDURE_STATUSES })
  @Omittable()
  @IsIn(PROCEDURE_STATUSES)
  status?: ProcedureStatus;

  @ApiPropertyOptional({ nullable: true, description: 'Trámite que lo absorbe, cuando status = merged' })
  @Nullable()
  @IsUUID()
  mergedIntoId?: string;
}

export class ProcedureQuery extends ListQuery {
  @ApiPropertyOptional({ enum: PROCEDURE_STATUSES })
  @IsOptional()
  @IsIn(PROCEDURE_STATUSES)
  status?: ProcedureStatus;

  @ApiPropertyOptional({ description: 'Nivel de madurez vigente (validado)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10)
  level?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  foreignTrade?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  prioritized?: boolean;
}

export class LevelWarning {
  @ApiProperty({ example: 'level4_no_visit' }) code: string;
  @ApiProperty({ example: 'Nivel 4: el nivel 4 o más requiere que no haya visitas presenciales (visitas = 0).' }) message: string;
}

export class ProcedureResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ example: 'MINECO-001' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) output: string | null;
  @ApiProperty({ enum: AUDIENCES }) audience: Audience;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ nullable: true, type: String }) lifeEvent: string | null;
  @ApiProperty() foreignTrade: boolean;
  @ApiProperty() prioritized: boolean;
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels: Channel[];
  @ApiProperty({ nullable: true, type: String }) onlineUrl: string | null;
  @ApiProperty({ nullable: true, type: String }) formsUrl: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) formsFree: boolean | null;
  @ApiProperty({ example: '150.00', nullable: true, type: String, description: 'null: sin dato (nunca se publica como 0 ni gratuito)' })
  feeGtq: string | null;
  @ApiProperty({ nullable: true, type: String }) legalBasis: string | null;
  @ApiProperty({ nullable: true, type: Number }) legalMaxDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) actualMedianDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) annualVolume: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: sin dato' }) inPersonVisits: number | null;
  @ApiProperty({ enum: PROCEDURE_STATUSES }) status: ProcedureStatus;
  @ApiProperty({ nullable: true, type: String }) mergedIntoId: string | null;
  @ApiProperty({ description: 'Nivel de la última evaluación validada' }) currentLevel: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Nivel que declara la institución (formulario o importación); el puntaje usa el validado',
  })
  declaredLevel: number | null;
  @ApiProperty({ enum: DECLARED_LEVEL_STATUSES, nullable: true, description: 'Situación del nivel declarado frente al validado' })
  declaredLevelStatus: DeclaredLevelStatus | null;
  @ApiProperty({ nullable: true, type: Number }) targetLevel: number | null;
  @ApiProperty({ nullable: true, type: String }) targetDate: string | null;
  @ApiProperty({ nullable: true, type: String }) lastReviewedAt: string | null;
  @ApiProperty({ description: 'Situación al registrarse por primera vez (null: sin dato)' })
  baseline: { date: string; requirements: number; days: number | null; visits: number | null; feeGtq: string | null };
  @ApiProperty({
    type: [LevelWarning],
    description: 'Lo que el nivel declarado exige y el registro no tiene (al guardar y al consultar un trámite)',
  })
  warnings: LevelWarning[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(
    p: Procedure,
    extra: { latestAssessment?: { status: 'submitted' | 'validated' | 'rejected' } | null; warnings?: LevelWarning[] } = {},
  ): ProcedureResponse {
    return {
      id: p.id,
      institutionId: p.institutionId,
      code: p.code,
      name: p.name,
      description: p.description,
      output: p.output,
      audience: p.audience,
      category: p.category,
      lifeEvent: p.lifeEvent,
      foreignTrade: p.foreignTrade,
      prioritized: p.prioritized,
      channels: p.channels,
      onlineUrl: p.onlineUrl,
      formsUrl: p.formsUrl,
      formsFree: p.formsFree,
      feeGtq: p.feeGtq,
      legalBasis: p.legalBasis,
      legalMaxDays: p.legalMaxDays,
      actualMedianDays: p.actualMedianDays,
      annualVolume: p.annualVolume,
      inPersonVisits: p.inPersonVisits,
      status: p.status,
      mergedIntoId: p.mergedIntoId,
      currentLevel: p.currentLevel,
      declaredLevel: p.declaredLevel,
      declaredLevelStatus: declaredLevelStatus(p.declaredLevel, p.currentLevel, extra.latestAssessment ?? null),
      targetLevel: p.targetLevel,
      targetDate: p.targetDate,
      lastReviewedAt: p.lastReviewedAt,
      baseline: {
        date: p.baselineDate,
        requirements: p.baselineRequirements,
        days: p.baselineDays,
        visits: p.baselineVisits,
        feeGtq: p.baselineFeeGtq,
      },
      warnings: extra.warnings ?? [],
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}

export class ProcedurePage extends PageMeta {
  @ApiProperty({ type: [ProcedureResponse] }) items: ProcedureResponse[];
}

export class ProcedureChangeResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['procedure', 'requirement'] }) subject: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ nullable: true, type: String, example: 'feeGtq' }) field: string | null;
  @ApiProperty({ nullable: true }) oldValue: unknown;
  @ApiProperty({ nullable: true }) newValue: unknown;
  @ApiProperty() isPublic: boolean;
  @ApiProperty({ nullable: true, type: String }) changedBy: string | null;
  @ApiProperty() changedAt: Date;
}

export class ProcedureChangePage extends PageMeta {
  @ApiProperty({ type: [ProcedureChangeResponse] }) items: ProcedureChangeResponse[];
}
