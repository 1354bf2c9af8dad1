import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { labelCap } from '../../../common/glossary/glossary';
import { PageMeta, PageQuery } from '../../../common/pagination/page';
import { Finding, FINDING_STATUSES, FindingStatus } from '../entities/finding.entity';
import { FINDING_KINDS, FINDING_SOURCES, FINDING_SUBJECTS, FindingKind } from '../finding-rules';

export class FindingQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Solo la Comisión; los usuarios de una institución ven siempre la suya' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() procedureId?: string;
  @ApiPropertyOptional({ enum: FINDING_KINDS }) @IsOptional() @IsIn(FINDING_KINDS) kind?: FindingKind;
  @ApiPropertyOptional({ enum: FINDING_STATUSES, default: 'open' }) @IsOptional() @IsIn(FINDING_STATUSES) status?: FindingStatus;
}

export class DismissFindingDto {
  @ApiProperty({
    example: 'El requisito pide una constancia de otra institución; el nombre induce a error.',
    description: 'Motivo (obligatorio, queda en la auditoría)',
  })
  @IsString()
  @Length(10, 2000, { message: 'reason debe explicar el motivo en 10 a 2000 caracteres' })
  reason: string;
}

export class FindingResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty({ enum: FINDING_KINDS }) kind: string;
  @ApiProperty({ example: 'Práctica prohibida' }) kindLabel: string;
  @ApiProperty({
    example: 'sworn_declaration',
    description: 'Práctica, regla de consistencia o plazo; con el sujeto identifica el hallazgo',
  })
  code: string;
  @ApiProperty({ enum: FINDING_SUBJECTS }) subjectType: string;
  @ApiProperty() subjectId: string;
  @ApiProperty({ nullable: true, type: String }) procedureId: string | null;
  @ApiProperty({
    enum: FINDING_SOURCES,
    description: 'declared: lo declaró la institución; issuer / text: lo revelan el emisor o el nombre; record: el registro',
  })
  source: string;
  @ApiProperty({ nullable: true, type: String, example: 'Decreto 5-2021, arts. 12 y 13' }) article: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ example: '2021-09-01', description: 'Desde cuándo existe el problema' }) since: string;
  @ApiProperty({ description: 'Si resta puntos (prácticas prohibidas no descartadas)' }) countsInScore: boolean;
  @ApiProperty({ enum: FINDING_STATUSES }) status: string;
  @ApiProperty() firstDetectedOn: string;
  @ApiProperty() lastDetectedOn: string;
  @ApiProperty({ nullable: true, type: String }) resolvedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) dismissedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) dismissedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) dismissalReason: string | null;

  static from(f: Finding): FindingResponse {
    return {
      id: f.id,
      institutionId: f.institutionId,
      kind: f.kind,
      kindLabel: labelCap('findingKind', f.kind),
      code: f.code,
      subjectType: f.subjectType,
      subjectId: f.subjectId,
      procedureId: f.procedureId,
      source: f.source,
      article: f.article,
      message: f.message,
      since: f.since,
      countsInScore: f.countsInScore && f.status !== 'dismissed',
      status: f.status,
      firstDetectedOn: f.firstDetectedOn,
      lastDetectedOn: f.lastDetectedOn,
      resolvedOn: f.resolvedOn,
      dismissedBy: f.dismissedBy,
      dismissedAt: f.dismissedAt,
      dismissalReason: f.dismissalReason,
    };
  }
}

export class FindingPage extends PageMeta {
  @ApiProperty({ type: [FindingResponse] }) items: FindingResponse[];
}
