import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { ListQuery } from '../../../../common/pagination/list-query';
import { PageMeta } from '../../../../common/pagination/page';
import { ReadVersion } from '../../../../common/validation/read-version';
import { REVIEW_STATUSES, ReviewStatus } from '../../rules/inventory.enums';
import { ProgressReport } from '../entities/progress-report.entity';
import { reportDueDate, submittedOnTime } from '../../rules/report-due-date';

const REVIEW_DECISIONS = ['accepted', 'returned'] as const;
type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

const CONTENT_MAX = 50_000;

export class CreateProgressReportDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2021)
  @Max(2100)
  year: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: 4 })
  @IsInt()
  @Min(1)
  @Max(4)
  quarter: number;

  @ApiProperty({ example: 'Durante el trimestre se publicaron en línea los formularios de 12 trámites…' })
  @IsString()
  @Length(10, CONTENT_MAX)
  content: string;
}

export class UpdateProgressReportDto {
  @ReadVersion()
  version: number;

  @ApiProperty({ description: 'Contenido corregido; el informe vuelve a quedar enviado' })
  @IsString()
  @Length(10, CONTENT_MAX)
  content: string;
}

export class ReviewProgressReportDto {
  @ApiProperty({ enum: REVIEW_DECISIONS })
  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecision;

  @ApiPropertyOptional({
    example: 'Detalle el avance de los hitos vencidos del segundo trimestre.',
    description: 'Obligatorio al devolver',
  })
  @ValidateIf((o: ReviewProgressReportDto) => o.decision === 'returned' || o.comment !== undefined)
  @IsString({ message: 'comment es obligatorio al devolver un informe y debe ser texto' })
  @Length(3, 4000)
  comment?: string;
}

export class ProgressReportQuery extends ListQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2021)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  quarter?: number;

  @ApiPropertyOptional({ enum: REVIEW_STATUSES })
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;
}

export class ProgressReportResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ example: 1 }) quarter: number;
  @ApiProperty() content: string;
  @ApiProperty({ enum: REVIEW_STATUSES }) status: ReviewStatus;
  @ApiProperty({ description: 'Primera presentación (un reenvío tras devolución no la cambia)' }) submittedAt: Date;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ example: '2026-04-10', description: '10 días después del fin del trimestre' }) dueDate: string;
  @ApiProperty({ description: 'Presentado a más tardar en la fecha límite (día calendario de Guatemala)' }) onTime: boolean;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Comentario de la última revisión' }) reviewComment: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(r: ProgressReport): ProgressReportResponse {
    return {
      id: r.id,
      institutionId: r.institutionId,
      year: r.year,
      quarter: r.quarter,
      content: r.content,
      status: r.status,
      submittedAt: r.submittedAt,
      submittedBy: r.submittedBy,
      dueDate: reportDueDate(r.year, r.quarter),
      onTime: submittedOnTime(r.submittedAt, r.year, r.quarter),
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt,
      reviewComment: r.reviewComment,
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }
}

export class ProgressReportPage extends PageMeta {
  @ApiProperty({ type: [ProgressReportResponse] }) items: ProgressReportResponse[];
}
