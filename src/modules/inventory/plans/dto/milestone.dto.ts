import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsDateOnly } from '../../../../common/validation/date-only';
import { Nullable, Omittable } from '../../../../common/validation/presence';
import { QueryBoolean } from '../../../../common/validation/query-boolean';
import { ReadVersion } from '../../../../common/validation/read-version';
import { ListQuery } from '../../../../common/pagination/list-query';
import { PageMeta } from '../../../../common/pagination/page';
import { MILESTONE_KINDS, MILESTONE_STATUSES, MilestoneKind, MilestoneStatus } from '../../rules/inventory.enums';
import { Milestone } from '../entities/milestone.entity';
import { EvidenceFileResponse } from '../../maturity/dto/maturity-assessment.dto';
import { isOverdue } from '../plan-rules';

/** Statuses a person sets by hand; `completed` only through POST /milestones/:id/complete. */
export const EDITABLE_MILESTONE_STATUSES = ['pending', 'in_progress', 'cancelled'] as const;
type EditableMilestoneStatus = (typeof EDITABLE_MILESTONE_STATUSES)[number];

export class CreateMilestoneDto {
  @ApiProperty({ enum: MILESTONE_KINDS, example: 'raise_level' })
  @IsIn(MILESTONE_KINDS)
  kind: MilestoneKind;

  @ApiProperty({ example: 'Licencia sanitaria en nivel 4 (pago y resolución en línea)' })
  @IsString()
  @Length(3, 300)
  target: string;

  @ApiProperty({ example: '2026-06-30', description: 'Dentro del periodo del plan' })
  @IsDateOnly()
  dueDate: string;

  @ApiPropertyOptional({ description: 'Trámite de la misma institución al que se refiere el hito' })
  @Omittable()
  @IsUUID()
  procedureId?: string;
}

export class UpdateMilestoneDto {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional({ enum: MILESTONE_KINDS })
  @Omittable()
  @IsIn(MILESTONE_KINDS)
  kind?: MilestoneKind;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(3, 300)
  target?: string;

  @ApiPropertyOptional({ example: '2026-09-30' })
  @Omittable()
  @IsDateOnly()
  dueDate?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null para desvincular el trámite' })
  @Nullable()
  @IsUUID()
  procedureId?: string | null;

  @ApiPropertyOptional({
    enum: EDITABLE_MILESTONE_STATUSES,
    description: 'En planes enviados o aprobados solo puede pasar entre pending e in_progress; para completar use /complete',
  })
  @Omittable()
  @IsIn(EDITABLE_MILESTONE_STATUSES)
  status?: EditableMilestoneStatus;
}

export class CompleteMilestoneDto {
  @ApiProperty({
    example: '2026-06-28',
    description: 'No posterior a hoy (hora de Guatemala). Si es posterior a la fecha límite, queda registrado como tardío.',
  })
  @IsDateOnly()
  completedOn: string;

  @ApiProperty({ example: 'Publicación en el portal institucional; Acuerdo Ministerial 112-2026' })
  @IsString()
  @Length(3, 4000)
  evidence: string;
}

export class MilestoneQuery extends ListQuery {
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES })
  @IsOptional()
  @IsIn(MILESTONE_STATUSES)
  status?: MilestoneStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'Fecha límite hasta este día, inclusive' })
  @IsOptional()
  @IsDateOnly()
  dueBefore?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Fecha límite desde este día, inclusive' })
  @IsOptional()
  @IsDateOnly()
  dueAfter?: string;

  @ApiPropertyOptional({ description: 'true: vencidos (fecha límite pasada y ni completados ni cancelados); false: los demás' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  overdue?: boolean;
}

export class MilestoneResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() planId: string;
  @ApiProperty({ nullable: true, type: String }) procedureId: string | null;
  @ApiProperty({ enum: MILESTONE_KINDS }) kind: MilestoneKind;
  @ApiProperty() target: string;
  @ApiProperty({ example: '2026-06-30' }) dueDate: string;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status: MilestoneStatus;
  @ApiProperty({ nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Registrado al completar: la fecha de cumplimiento fue posterior a la fecha límite',
  })
  completedLate: boolean | null;
  @ApiProperty({ nullable: true, type: String }) evidence: string | null;
  @ApiProperty({
    nullable: true,
    type: EvidenceFileResponse,
    description: 'Archivo adjunto como evidencia del cumplimiento (descarga: GET /evidence-files/{id})',
  })
  evidenceFile: EvidenceFileResponse | null;
  @ApiProperty({ description: 'Vencido hoy: fecha límite pasada y ni completado ni cancelado' }) overdue: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(m: Milestone, today: string): MilestoneResponse {
    return {
      id: m.id,
      institutionId: m.institutionId,
      planId: m.planId,
      procedureId: m.procedureId,
      kind: m.kind,
      target: m.target,
      dueDate: m.dueDate,
      status: m.status,
      completedOn: m.completedOn,
      completedLate: m.completedLate,
      evidence: m.evidence,
      evidenceFile: m.evidenceFile
        ? {
            id: m.evidenceFile.id,
            fileName: m.evidenceFile.fileName,
            contentType: m.evidenceFile.contentType,
            sizeBytes: m.evidenceFile.sizeBytes,
          }
        : null,
      overdue: isOverdue(m, today),
      version: m.version,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    };
  }
}

export class MilestonePage extends PageMeta {
  @ApiProperty({ type: [MilestoneResponse] }) items: MilestoneResponse[];
}
