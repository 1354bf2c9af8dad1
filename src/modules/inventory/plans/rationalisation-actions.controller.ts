import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import {
  CreateRationalisationActionDto,
  ProcedureActionsQuery,
  RationalisationActionPage,
  RationalisationActionQuery,
  RationalisationActionResponse,
  UpdateRationalisationActionDto,
} from './dto/rationalisation-action.dto';
import { RationalisationActionsService } from './rationalisation-actions.service';
import { INSTITUTION_ROLES } from '../../../common/auth/roles';

@ApiTags('rationalisation-actions')
@ApiBearerAuth()
@Controller({ version: '1' })
export class RationalisationActionsController {
  constructor(private readonly actions: RationalisationActionsService) {}

  @Get('rationalisation-actions')
  @ApiOperation({ summary: 'Acciones de racionalización (filtros: institución, tipo, trámite)' })
  @ApiOkResponse({ type: RationalisationActionPage })
  list(@CurrentActor() actor: Actor, @Query() query: RationalisationActionQuery) {
    return this.actions.list(actor, query);
  }

  @Get('rationalisation-actions/:id')
  @ApiOperation({ summary: 'Una acción de racionalización' })
  @ApiOkResponse({ type: RationalisationActionResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.actions.get(actor, id);
  }

  @Get('procedures/:procedureId/rationalisation-actions')
  @ApiOperation({ summary: 'Acciones de racionalización de un trámite' })
  @ApiOkResponse({ type: RationalisationActionPage })
  listForProcedure(
    @CurrentActor() actor: Actor,
    @Param('procedureId', uuidPipe) procedureId: string,
    @Query() query: ProcedureActionsQuery,
  ) {
    return this.actions.listForProcedure(actor, procedureId, query);
  }

  @Post('procedures/:procedureId/rationalisation-actions')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Registrar una acción de racionalización (normativa, administrativa o tecnológica) de un trámite' })
  @ApiCreatedResponse({ type: RationalisationActionResponse })
  create(@CurrentActor() actor: Actor, @Param('procedureId', uuidPipe) procedureId: string, @Body() dto: CreateRationalisationActionDto) {
    return this.actions.create(actor, procedureId, dto);
  }

  @Patch('rationalisation-actions/:id')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Modificar una acción de racionalización (requiere la versión leída)' })
  @ApiOkResponse({ type: RationalisationActionResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateRationalisationActionDto) {
    return this.actions.update(actor, id, dto);
  }

  @Delete('rationalisation-actions/:id')
  @HttpCode(204)
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Eliminar una acción de racionalización' })
  @ApiNoContentResponse({ description: 'Acción eliminada' })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.actions.remove(actor, id);
  }
}
