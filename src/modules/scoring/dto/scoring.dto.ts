import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateOnly } from '../../../common/validation/date-only';
import { Nullable, Omittable } from '../../../common/validation/presence';
import { COVERAGES, Coverage, INSTITUTION_TYPES, InstitutionType } from '../../institutions/entities/institution.entity';
import { ISSUERS, Issuer, PROHIBITED_KINDS, ProhibitedKind } from '../../inventory/rules/inventory.enums';
import { ACTION_KINDS } from '../improvement-actions';
import { CONSISTENCY_CHECKS, ConsistencyCheck, INSTITUTION_COMPONENTS, PROCEDURE_COMPONENTS } from '../methodology';

export class ProcedureWeightsDto {
  @ApiProperty({ example: 35 }) @IsNumber() maturity: number;
  @ApiProperty({ example: 15 }) @IsNumber() legalBasis: number;
  @ApiProperty({ example: 15 }) @IsNumber() noProhibited: number;
  @ApiProperty({ example: 10 }) @IsNumber() publication: number;
  @ApiProperty({ example: 10 }) @IsNumber() resolutionTime: number;
  @ApiProperty({ example: 5 }) @IsNumber() freshness: number;
  @ApiProperty({ example: 10 }) @IsNumber() satisfaction: number;
}

export class InstitutionWeightsDto {
  @ApiProperty({ example: 60 }) @IsNumber() procedures: number;
  @ApiProperty({ example: 25 }) @IsNumber() planExecution: number;
  @ApiProperty({ example: 15 }) @IsNumber() reporting: number;
}

export class BurdenParametersDto {
  @ApiProperty({ example: 25, description: 'GTQ por hora' }) @IsNumber() hourValueGtq: number;
  @ApiProperty({ example: 60, description: 'GTQ por visita presencial' }) @IsNumber() visitCostGtq: number;
  @ApiProperty({ example: 15, description: 'GTQ por día de espera' }) @IsNumber() dailyOpportunityCostGtq: number;
  @ApiProperty({ example: 1.5 }) @IsNumber() hoursPerRequirement: number;
  @ApiProperty({ example: 3 }) @IsNumber() hoursPerVisit: number;
}

export class PracticeRuleDto {
  @ApiProperty({ enum: PROHIBITED_KINDS }) @IsIn(PROHIBITED_KINDS) kind: ProhibitedKind;
  @ApiProperty({ example: 'Decreto 5-2021, arts. 12 y 13' }) @IsString() @Length(2, 200) article: string;
  @ApiPropertyOptional({ enum: ISSUERS, description: 'Señal estructurada: el emisor del requisito' })
  @Omittable()
  @IsIn(ISSUERS)
  issuer?: Issuer;
  @ApiProperty({ example: ['declaracion(es)? juradas?'], description: 'Expresiones regulares sobre el nombre en minúsculas y sin tildes' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  patterns: string[];
}

export class ConsistencyRuleDto {
  @ApiProperty({ example: 'level4_no_visit' }) @IsString() @Length(2, 60) code: string;
  @ApiProperty({ example: 4 }) @IsInt() @Min(0) @Max(10) minLevel: number;
  @ApiProperty({ enum: CONSISTENCY_CHECKS }) @IsIn(CONSISTENCY_CHECKS) check: ConsistencyCheck;
  @ApiProperty({ example: 'el nivel 4 o más requiere que no haya visitas presenciales (visitas = 0)' })
  @IsString()
  @Length(3, 300)
  message: string;
}

export class SatisfactionPointDto {
  @ApiProperty({ example: 1, description: 'Media de las valoraciones (1 a 5)' }) @IsNumber() @Min(1) @Max(5) mean: number;
  @ApiProperty({ example: 0.2, description: 'Valor del componente (0 a 1)' }) @IsNumber() @Min(0) @Max(1) value: number;
}

export class SatisfactionParametersDto {
  @ApiProperty({ example: 10, description: 'Valoraciones de los últimos 12 meses necesarias para que el componente aplique' })
  @IsInt()
  @Min(1)
  @Max(10000)
  minRatings: number;
  @ApiProperty({ type: [SatisfactionPointDto], description: 'Escala de la media (1 a 5) al valor (0 a 1), por media ascendente' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SatisfactionPointDto)
  scale: SatisfactionPointDto[];
}

export class CreateMethodologyDto {
  @ApiProperty({ example: 'Metodología v2: más peso a la madurez digital' }) @IsString() @Length(3, 200) name: string;
  @ApiProperty({ type: ProcedureWeightsDto }) @ValidateNested() @Type(() => ProcedureWeightsDto) procedureWeights: ProcedureWeightsDto;
  @ApiProperty({ type: InstitutionWeightsDto })
  @ValidateNested()
  @Type(() => InstitutionWeightsDto)
  institutionWeights: InstitutionWeightsDto;
  @ApiProperty({ example: 0.5 }) @IsNumber() prohibitedPenalty: number;
  @ApiProperty({ example: 0.5 }) @IsNumber() unknownTimeValue: number;
  @ApiProperty({ example: 180 }) @IsNumber() freshFullDays: number;
  @ApiProperty({ example: 365 }) @IsNumber() freshZeroDays: number;
  @ApiProperty({ example: 4 }) @IsNumber() defaultTargetLevel: number;
  @ApiProperty({ example: '2026-01-01' }) @IsDateOnly() reportingSince: string;
  @ApiProperty({ type: BurdenParametersDto }) @ValidateNested() @Type(() => BurdenParametersDto) burden: BurdenParametersDto;
  @ApiPropertyOptional({ default: true, description: 'Sin crédito por ausencia: un componente sin datos no aplica y su peso se reparte' })
  @Omittable()
  @IsBoolean()
  noCreditForAbsence?: boolean;
  @ApiPropertyOptional({
    example: '2022-02-28',
    nullable: true,
    description: 'Desde cuándo una institución obligada debe tener un plan aprobado',
  })
  @Nullable()
  @IsDateOnly()
  planRequiredSince?: string | null;
  @ApiPropertyOptional({
    example: 6,
    description: 'Meses después de la adhesión en que una institución adherida debe tener un plan aprobado',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(60)
  planGraceMonths?: number;
  @ApiPropertyOptional({ type: [PracticeRuleDto], description: 'Prácticas prohibidas que se detectan en los datos' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PracticeRuleDto)
  prohibitedPractices?: PracticeRuleDto[];
  @ApiPropertyOptional({ example: 'Decreto 5-2021, art. 5' }) @Omittable() @IsString() @Length(2, 200) noLegalBasisArticle?: string;
  @ApiPropertyOptional({ type: [ConsistencyRuleDto], description: 'Lo que cada nivel de madurez exige en el registro del trámite' })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ConsistencyRuleDto)
  levelConsistency?: ConsistencyRuleDto[];
  @ApiPropertyOptional({ type: SatisfactionParametersDto, description: 'Satisfacción de los usuarios: mínimo de valoraciones y escala' })
  @Omittable()
  @ValidateNested()
  @Type(() => SatisfactionParametersDto)
  satisfaction?: SatisfactionParametersDto;
}

export class MethodologyResponse {
  @ApiProperty() id: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: CreateMethodologyDto, description: 'Pesos y parámetros' }) parameters: object;
  @ApiProperty() createdAt: Date;
}

export class TrendQuery {
  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsDateOnly() to?: string;
}

export class ScoreComponentResponse {
  @ApiProperty({ enum: [...PROCEDURE_COMPONENTS, ...INSTITUTION_COMPONENTS] }) component: string;
  @ApiProperty({
    example: 0.75,
    nullable: true,
    type: Number,
    description: 'Valor entre 0 y 1; null cuando no aplica (sin datos: su peso se reparte)',
  })
  value: number | null;
  @ApiProperty({ description: 'false: sus datos no existen (sin requisitos, sin informes vencidos…) y su peso se reparte entre los demás' })
  applicable: boolean;
  @ApiProperty({ example: 16.67, description: 'Peso efectivo (suma 100)' }) weight: number;
  @ApiProperty({ example: 12.5, description: 'Puntos aportados al puntaje' }) points: number;
  @ApiProperty({ type: Object }) inputs: Record<string, unknown>;
  @ApiProperty({
    example: 'Eliminar o fundamentar en ley o acuerdo gubernativo 3 requisitos sin base legal (art. 5)',
    description: 'Qué lo subiría, por qué está completo o por qué no aplica (nunca vacío)',
  })
  advice: string;
}

export const SCORE_STATUSES = ['scored', 'no_inventory'] as const;

export class ScoreResponse {
  @ApiProperty({ enum: ['procedure', 'institution'] }) scope: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty() methodologyVersion: number;
  @ApiProperty({
    enum: SCORE_STATUSES,
    description:
      'no_inventory: la institución no tiene trámites registrados («sin inventario»): no tiene puntaje y queda fuera de las medias nacionales',
  })
  status: (typeof SCORE_STATUSES)[number];
  @ApiProperty({ example: 62.36, nullable: true, type: Number }) score: number | null;
  @ApiProperty({ type: [ScoreComponentResponse] }) components: ScoreComponentResponse[];
  @ApiProperty({ nullable: true, type: Object }) indicators: Record<string, unknown> | null;
  @ApiProperty({
    nullable: true,
    type: Object,
    description: 'Carga administrativa (GTQ y horas) en línea base y actual, ahorros y parámetros usados',
  })
  burden: Record<string, unknown> | null;
  @ApiProperty() computedAt: Date;
}

export class TrendPoint {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ example: 58.1, nullable: true, type: Number, description: 'null: sin inventario ese día' }) score: number | null;
  @ApiProperty() methodologyVersion: number;
}

/** Which institutions the national figures cover. */
export class NationalQuery {
  @ApiPropertyOptional({ enum: COVERAGES, description: 'bound: obligadas por ley; opted_in: adheridas' })
  @IsOptional()
  @IsIn(COVERAGES)
  coverage?: Coverage;
  @ApiPropertyOptional({ enum: INSTITUTION_TYPES }) @IsOptional() @IsIn(INSTITUTION_TYPES) type?: InstitutionType;
  @ApiPropertyOptional({ example: 'Economía' }) @IsOptional() @IsString() @Length(1, 120) sector?: string;
}

export class NationalTrendQuery extends NationalQuery {
  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsDateOnly() to?: string;
}

export class NationalComponentResponse {
  @ApiProperty({ enum: INSTITUTION_COMPONENTS }) component: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 0.62,
    description: 'Valor medio (0 a 1) donde aplica; null si no aplica en ninguna',
  })
  meanValue: number | null;
  @ApiProperty({ example: 37.2, description: 'Puntos medios que aporta al puntaje de las instituciones con puntaje' }) meanPoints: number;
  @ApiProperty({ description: 'En cuántas instituciones con puntaje aplica' }) applicableIn: number;
  @ApiProperty({ example: 60, description: 'Peso de la metodología vigente' }) weight: number;
}

export class NationalInstitutionResponse {
  @ApiProperty({ example: 'MINECO' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: string;
  @ApiProperty({ enum: COVERAGES }) coverage: string;
  @ApiProperty({ nullable: true, type: String }) sector: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null: sin inventario' }) score: number | null;
  @ApiProperty({ example: '2026-11-23' }) date: string;
}

export class NationalCounts {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Con puntaje (cuentan en las medias)' }) scored: number;
  @ApiProperty({ description: 'Sin inventario (fuera de las medias)' }) withoutInventory: number;
}

export class NationalFiguresResponse {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ description: 'Versión de la metodología vigente' }) methodologyVersion: number;
  @ApiProperty({ type: NationalQuery, description: 'Filtros aplicados' }) filters: NationalQuery;
  @ApiProperty({ nullable: true, type: Number, example: 58.4, description: 'Media simple de las instituciones con puntaje' }) score:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Media ponderada por trámites registrados' }) scoreWeightedByProcedures:
    number | null;
  @ApiProperty({ type: NationalCounts }) institutions: NationalCounts;
  @ApiProperty({ type: [NationalComponentResponse] }) components: NationalComponentResponse[];
  @ApiProperty({ type: [NationalInstitutionResponse], description: 'Instituciones con puntaje, de mayor a menor' })
  ranking: NationalInstitutionResponse[];
  @ApiProperty({ type: [NationalInstitutionResponse], description: 'Instituciones sin inventario, aparte' })
  withoutInventory: NationalInstitutionResponse[];
  @ApiProperty({ type: Object, description: 'Sumas de indicadores (§6) y medianas de tiempos de resolución' }) indicators: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: Object, description: 'Carga administrativa (GTQ y horas) y parámetros usados' }) burden: Record<string, unknown>;
}

export class ImprovementActionsQuery {
  @ApiPropertyOptional({ description: 'Solo las acciones de este trámite' }) @IsOptional() @IsUUID() procedureId?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ImprovementActionResponse {
  @ApiProperty({ enum: ACTION_KINDS }) kind: string;
  @ApiProperty({ example: 'Eliminar de MINECO-001 el requisito «Declaración jurada…»: práctica prohibida (declaración jurada)' })
  description: string;
  @ApiProperty({ nullable: true, type: String }) procedureId: string | null;
  @ApiProperty({ nullable: true, type: String }) procedureCode: string | null;
  @ApiProperty({ nullable: true, type: String }) requirementId: string | null;
  @ApiProperty({ nullable: true, type: String }) milestoneId: string | null;
  @ApiProperty({ nullable: true, type: Object, example: { year: 2026, quarter: 4 } }) report: { year: number; quarter: number } | null;
  @ApiProperty({ nullable: true, type: String }) dueDate: string | null;
  @ApiProperty({
    example: 1.84,
    description: 'Puntos del puntaje institucional que ganaría (o que costaría no hacerlo, si effect = avoid_loss)',
  })
  points: number;
  @ApiProperty({ enum: ['gain', 'avoid_loss'] }) effect: string;
  @ApiProperty({ description: 'true: los puntos son un máximo (dependen de datos aún no registrados)' }) upTo: boolean;
  @ApiProperty({ example: 120000, description: 'Carga anual que ahorraría a personas y empresas (GTQ)' }) burdenSavedGtq: number;
  @ApiProperty({ example: 4500, description: 'Horas anuales que ahorraría' }) burdenSavedHours: number;
}

export class ImprovementActionsResponse {
  @ApiProperty() institutionId: string;
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Puntaje de hoy con los datos actuales; null sin inventario' }) score:
    number | null;
  @ApiProperty({ description: 'Cuántas acciones hay en total (antes del límite)' }) total: number;
  @ApiProperty({ type: [ImprovementActionResponse], description: 'De más a menos puntos' }) items: ImprovementActionResponse[];
}

export class TrendResponse {
  @ApiProperty({ type: [TrendPoint] }) items: TrendPoint[];
}
