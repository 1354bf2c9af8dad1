import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsNumber, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { PROCEDURE_COMPONENTS } from '../methodology';

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

export class CreateMethodologyDto {
  @ApiProperty({ example: 'Metodología v2: más peso a la madurez digital' }) @IsString() @Length(3, 200) name: string;
  @ApiProperty({ type: ProcedureWeightsDto }) @ValidateNested() @Type(() => ProcedureWeightsDto) procedureWeights: ProcedureWeightsDto;
  @ApiProperty({ type: InstitutionWeightsDto }) @ValidateNested() @Type(() => InstitutionWeightsDto) institutionWeights: InstitutionWeightsDto;
  @ApiProperty({ example: 0.5 }) @IsNumber() prohibitedPenalty: number;
  @ApiProperty({ example: 0.5 }) @IsNumber() unknownTimeValue: number;
  @ApiProperty({ example: 180 }) @IsNumber() freshFullDays: number;
  @ApiProperty({ example: 365 }) @IsNumber() freshZeroDays: number;
  @ApiProperty({ example: 4 }) @IsNumber() defaultTargetLevel: number;
  @ApiProperty({ example: '2026-01-01' }) @IsISO8601({ strict: true }) reportingSince: string;
  @ApiProperty({ type: BurdenParametersDto }) @ValidateNested() @Type(() => BurdenParametersDto) burden: BurdenParametersDto;
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
  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class ScoreComponentResponse {
  @ApiProperty({ enum: [...PROCEDURE_COMPONENTS, 'procedures', 'planExecution', 'reporting'] }) component: string;
  @ApiProperty({ example: 0.75, description: 'Valor entre 0 y 1' }) value: number;
  @ApiProperty({ example: 16.67, description: 'Peso efectivo (suma 100)' }) weight: number;
  @ApiProperty({ example: 12.5, description: 'Puntos aportados al puntaje' }) points: number;
  @ApiProperty({ type: Object }) inputs: Record<string, unknown>;
  @ApiProperty({ example: '3 requisitos sin base legal en ley o acuerdo gubernativo', description: 'Qué lo subiría (vacío si ya está completo)' }) advice: string;
}

export class ScoreResponse {
  @ApiProperty({ enum: ['procedure', 'institution', 'national'] }) scope: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty() methodologyVersion: number;
  @ApiProperty({ example: 62.36 }) score: number;
  @ApiProperty({ type: [ScoreComponentResponse] }) components: ScoreComponentResponse[];
  @ApiProperty({ nullable: true, type: Object }) indicators: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: Object, description: 'Carga administrativa (GTQ y horas) en línea base y actual, ahorros y parámetros usados' }) burden: Record<string, unknown> | null;
  @ApiProperty() computedAt: Date;
}

export class TrendPoint {
  @ApiProperty({ example: '2026-11-23' }) date: string;
  @ApiProperty({ example: 58.1 }) score: number;
  @ApiProperty() methodologyVersion: number;
}

export class TrendResponse {
  @ApiProperty({ type: [TrendPoint] }) items: TrendPoint[];
}
