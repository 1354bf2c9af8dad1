import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsDateOnly } from '../../../../common/validation/date-only';
import { IsGtq } from '../../../../common/validation/money';
import { Nullable, Omittable } from '../../../../common/validation/presence';
import { ReadVersion } from '../../../../common/validation/read-version';
import { ListQuery } from '../../../../common/pagination/list-query';
import { PageMeta } from '../../../../common/pagination/page';
import { MILESTONE_STATUSES, MilestoneStatus, PLAN_STATUSES, PlanStatus } from '../../rules/inventory.enums';
import { Milestone } from '../entities/milestone.entity';
import { SimplificationPlan } from '../entities/simplification-plan.entity';
import { PlanSummary, summarisePlan } from '../plan-rules';
import { MilestoneResponse } from './milestone.dto';

export class CreatePlanDto {
  @ApiProperty({ example: 'Plan de simplificación de trámites 2026' })
  @IsString()
  @Length(3, 120)
  title: string;

  @ApiProperty({ example: '2026-01-01' })
  @IsDateOnly()
  periodStart: string;

  @ApiProperty({ example: '2026-12-31', description: 'Posterior a periodStart' })
  @IsDateOnly()
  periodEnd: string;

  @ApiPropertyOptional({ example: '350000.00', type: String, description: 'Presupuesto para software y hardware (GTQ), texto decimal' })
  @Omittable()
  @IsGtq({ wholeDigits: 14 })
  budgetGtq?: string;
}

export class UpdatePlanDto {
  @ReadVersion()
  version: number;

  @ApiPropertyOptional()
  @Omittable()
  @IsString()
  @Length(3, 120)
  title?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Solo en la revisión 1; una revisión conserva el periodo del plan original' })
  @Omittable()
  @IsDateOnly()
  periodStart?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @Omittable()
  @IsDateOnly()
  periodEnd?: string;

  @ApiPropertyOptional({ example: '350000.00', type: String, nullable: true, description: 'null para quitar el presupuesto' })
  @Nullable()
  @IsGtq({ wholeDigits: 14 })
  budgetGtq?: string | null;
}

export class ApprovePlanDto {
  @ApiProperty({ example: 'Resolución Ministerial 045-2026', description: 'Acto de aprobación' })
  @IsString()
  @Length(3, 300)
  approvalAct: string;

  @ApiPropertyOptional({ example: 'Aprobado con la recomendación de priorizar los trámites de comercio exterior.' })
  @Omittable()
  @IsString()
  @Length(3, 4000)
  comment?: string;
}

export class ReturnPlanDto {
  @ApiProperty({ example: 'Agregue fechas límite para los trámites priorizados y el presupuesto del periodo.' })
  @IsString()
  @Length(3, 4000)
  comment: string;
}

export class PlanQuery extends ListQuery {
  @ApiPropertyOptional({ enum: PLAN_STATUSES })
  @IsOptional()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;
}

export class PlanResponse {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() title: string;
  @ApiProperty({ example: '2026-01-01' }) periodStart: string;
  @ApiProperty({ example: '2026-12-31' }) periodEnd: string;
  @ApiProperty({ description: 'Revisión del plan para el mismo periodo (1, 2, …)' }) revision: number;
  @ApiProperty({ enum: PLAN_STATUSES }) status: PlanStatus;
  @ApiProperty({ nullable: true, type: String, example: '350000.00' }) budgetGtq: string | null;
  @ApiProperty({ nullable: true, type: String }) approvalAct: string | null;
  @ApiProperty({ nullable: true, type: Date }) submittedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) approvedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Comentario de la última revisión de la Comisión' }) reviewComment:
    string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static from(p: SimplificationPlan): PlanResponse {
    return {
      id: p.id,
      institutionId: p.institutionId,
      title: p.title,
      periodStart: p.periodStart,
      periodEnd: p.periodEnd,
      revision: p.revision,
      status: p.status,
      budgetGtq: p.budgetGtq,
      approvalAct: p.approvalAct,
      submittedAt: p.submittedAt,
      approvedBy: p.approvedBy,
      approvedAt: p.approvedAt,
      reviewComment: p.reviewComment,
      version: p.version,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}

class MilestoneCountsByStatus implements Record<MilestoneStatus, number> {
  @ApiProperty() pending: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() completed: number;
  @ApiProperty() cancelled: number;
}

class PlanSummaryResponse implements PlanSummary {
  @ApiProperty() total: number;
  @ApiProperty({ type: MilestoneCountsByStatus, description: `Claves: ${MILESTONE_STATUSES.join(', ')}` })
  byStatus: MilestoneCountsByStatus;
  @ApiProperty({ description: 'Completados a más tardar en su fecha límite' }) completedOnTime: number;
  @ApiProperty({ description: 'Completados después de su fecha límite' }) completedLate: number;
  @ApiProperty({ description: 'Vencidos hoy (hora de Guatemala): fecha límite pasada, ni completados ni cancelados' }) overdue: number;
}

export class PlanDetailResponse extends PlanResponse {
  @ApiProperty({ type: [MilestoneResponse] }) milestones: MilestoneResponse[];
  @ApiProperty({ type: PlanSummaryResponse }) summary: PlanSummaryResponse;

  static withMilestones(p: SimplificationPlan, milestones: Milestone[], today: string): PlanDetailResponse {
    return {
      ...PlanResponse.from(p),
      milestones: milestones.map((m) => MilestoneResponse.from(m, today)),
      summary: summarisePlan(milestones, today),
    };
  }
}

export class PlanPage extends PageMeta {
  @ApiProperty({ type: [PlanResponse] }) items: PlanResponse[];
}
