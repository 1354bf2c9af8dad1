import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { CompleteMilestoneDto, MilestonePage, MilestoneQuery, MilestoneResponse, UpdateMilestoneDto } from './dto/milestone.dto';
import { MilestonesService } from './milestones.service';
import { INSTITUTION_ROLES } from '../../../common/auth/roles';

@ApiTags('plans')
@ApiBearerAuth()
@Controller({ path: 'milestones', version: '1' })
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService) {}

  @Get()
  @ApiOperation({ summary: 'Hitos de los planes (filtros: estado, plan, fechas, vencidos)' })
  @ApiOkResponse({ type: MilestonePage })
  list(@CurrentActor() actor: Actor, @Query() query: MilestoneQuery) {
    return this.milestones.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un hito' })
  @ApiOkResponse({ type: MilestoneResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.milestones.get(actor, id);
  }

  @Patch(':id')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Modificar un hito no completado (requiere la versión leída)' })
  @ApiOkResponse({ type: MilestoneResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateMilestoneDto) {
    return this.milestones.update(actor, id, dto);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Registrar el cumplimiento de un hito, con fecha y evidencia (queda marcado si fue tardío)' })
  @ApiOkResponse({ type: MilestoneResponse })
  complete(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: CompleteMilestoneDto) {
    return this.milestones.complete(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Quitar un hito de un plan en borrador' })
  @ApiNoContentResponse({ description: 'Hito eliminado' })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.milestones.remove(actor, id);
  }
}
