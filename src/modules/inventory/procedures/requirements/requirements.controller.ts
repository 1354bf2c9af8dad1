import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../../common/http/uuid.pipe';
import {
  CreateRequirementDto,
  EndRequirementDto,
  RequirementList,
  RequirementQuery,
  RequirementResponse,
  UpdateRequirementDto,
} from './dto/requirement.dto';
import { RequirementsService } from './requirements.service';
import { INSTITUTION_ROLES } from '../../../../common/auth/roles';

@ApiTags('requirements')
@ApiBearerAuth()
@Controller({ version: '1' })
export class RequirementsController {
  constructor(private readonly requirements: RequirementsService) {}

  @Get('procedures/:procedureId/requirements')
  @ApiOperation({ summary: 'Requisitos vigentes en una fecha (asOf), o la historia completa (history=true)' })
  @ApiOkResponse({ type: RequirementList })
  list(@CurrentActor() actor: Actor, @Param('procedureId', uuidPipe) procedureId: string, @Query() query: RequirementQuery) {
    return this.requirements.list(actor, procedureId, query);
  }

  @Post('procedures/:procedureId/requirements')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Agregar un requisito a un trámite' })
  @ApiCreatedResponse({ type: RequirementResponse })
  create(@CurrentActor() actor: Actor, @Param('procedureId', uuidPipe) procedureId: string, @Body() dto: CreateRequirementDto) {
    return this.requirements.create(actor, procedureId, dto);
  }

  @Get('requirements/:id')
  @ApiOperation({ summary: 'Un requisito' })
  @ApiOkResponse({ type: RequirementResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.requirements.get(actor, id);
  }

  @Patch('requirements/:id')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Corregir un requisito vigente (requiere la versión leída)' })
  @ApiOkResponse({ type: RequirementResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateRequirementDto) {
    return this.requirements.update(actor, id, dto);
  }

  @Post('requirements/:id/end')
  @HttpCode(200)
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({
    summary: 'Dar de baja un requisito desde una fecha (eliminado, simplificado o sustituido por interoperabilidad); queda en la historia',
  })
  @ApiOkResponse({ type: RequirementResponse })
  end(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: EndRequirementDto) {
    return this.requirements.end(actor, id, dto);
  }
}
