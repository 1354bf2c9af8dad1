import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageMeta, PageQuery } from '../../common/pagination/page';
import { QueryBoolean } from '../../common/validation/query-boolean';

export const REVIEW_KINDS = ['assessment', 'plan', 'report'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export class ReviewQueueListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REVIEW_KINDS, description: 'Solo evaluaciones de madurez, planes o informes' })
  @IsOptional()
  @IsIn(REVIEW_KINDS)
  kind?: ReviewKind;

  @ApiPropertyOptional({ description: 'Solo las instituciones que sigue quien consulta' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  followed?: boolean;
}

export class ReviewQueueItem {
  @ApiProperty({ enum: REVIEW_KINDS }) kind: ReviewKind;
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ example: 'MINECO' }) institutionCode: string;
  @ApiProperty({ example: 'Ministerio de Economía' }) institutionName: string;
  @ApiProperty({ example: 'MINECO-001 · Registro de importadores', description: 'Qué es: el trámite, el plan o el trimestre' })
  title: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Evaluaciones: el nivel según las respuestas' }) level: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Quién lo envió, cuando se registra' }) submittedByName: string | null;
  @ApiProperty({ description: 'Desde cuándo espera revisión (el último envío)' }) waitingSince: Date;
  @ApiProperty({ description: 'Días completos de espera' }) ageDays: number;
  @ApiProperty({ description: 'Quien consulta sigue a la institución' }) followed: boolean;
}

export class ReviewQueuePage extends PageMeta {
  @ApiProperty({ type: [ReviewQueueItem] }) items: ReviewQueueItem[];
}
