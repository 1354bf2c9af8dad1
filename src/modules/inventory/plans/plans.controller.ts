import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { CreateMilestoneDto, MilestoneResponse } from './dto/milestone.dto';
import {
  ApprovePlanDto,
  CreatePlanDto,
  PlanDetailResponse,
  PlanPage,
  PlanQuery,
  PlanResponse,
  ReturnPlanDto,
  UpdatePlanDto,
} from './dto/plan.dto';
import { MilestonesService } from './milestones.service';
import { PlansService } from './plans.service';
import { COMMISSION_ROLES, INSTITUTION_ROLES } from '../../../common/auth/roles';

@ApiTags('plans')
@ApiBearerAuth()
@Controller({ path: 'plans', version: '1' })
export class PlansController {
  constructor(
    private readonly plans: PlansService,
    private readonly milestones: MilestonesService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Planes de simplificación (enlaces: los de su institución; Comisión: todos)' })
  @ApiOkResponse({ type: PlanPage })
  list(@CurrentActor() actor: Actor, @Query() query: PlanQuery) {
    return this.plans.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un plan con sus hitos y el resumen de cumplimiento' })
  @ApiOkResponse({ type: PlanDetailResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.plans.get(actor, id);
  }

  @Post()
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Registrar el plan de simplificación de un periodo (queda en borrador, revisión 1)' })
  @ApiCreatedResponse({ type: PlanResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto) {
    return this.plans.create(actor, dto);
  }

  @Patch(':id')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Modificar un plan en borrador (requiere la versión leída)' })
  @ApiOkResponse({ type: PlanResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdatePlanDto) {
    return this.plans.update(actor, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Enviar un plan en borrador a la Comisión' })
  @ApiOkResponse({ type: PlanResponse })
  submit(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.plans.submit(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Aprobar un plan enviado, con su acto de aprobación (Comisión)' })
  @ApiOkResponse({ type: PlanResponse })
  approve(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: ApprovePlanDto) {
    return this.plans.approve(actor, id, dto);
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Devolver un plan enviado a borrador, con observaciones (Comisión)' })
  @ApiOkResponse({ type: PlanResponse })
  returnToDraft(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: ReturnPlanDto) {
    return this.plans.returnToDraft(actor, id, dto);
  }

  @Post(':id/revisions')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Crear una revisión en borrador de un plan aprobado (copia los hitos abiertos)' })
  @ApiCreatedResponse({ type: PlanDetailResponse })
  createRevision(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.plans.createRevision(actor, id);
  }

  @Post(':planId/milestones')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Agregar un hito a un plan en borrador' })
  @ApiCreatedResponse({ type: MilestoneResponse })
  addMilestone(@CurrentActor() actor: Actor, @Param('planId', uuidPipe) planId: string, @Body() dto: CreateMilestoneDto) {
    return this.milestones.create(actor, planId, dto);
  }
}
