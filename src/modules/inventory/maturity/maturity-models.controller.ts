import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { PageQuery } from '../../../common/pagination/page';
import { CreateMaturityModelDto, MaturityModelPage, MaturityModelResponse } from './dto/maturity-model.dto';
import { MaturityModelsService } from './maturity-models.service';
import { COMMISSION_ROLES } from '../../../common/auth/roles';

@ApiTags('maturity')
@ApiBearerAuth()
@Controller({ path: 'maturity-models', version: '1' })
export class MaturityModelsController {
  constructor(private readonly models: MaturityModelsService) {}

  @Get()
  @ApiOperation({ summary: 'Versiones del modelo de madurez digital (la más reciente primero)' })
  @ApiOkResponse({ type: MaturityModelPage })
  list(@CurrentActor() actor: Actor, @Query() query: PageQuery) {
    return this.models.list(actor, query);
  }

  @Get('active')
  @ApiOperation({ summary: 'El modelo de madurez vigente (contra el que se responden las evaluaciones nuevas)' })
  @ApiOkResponse({ type: MaturityModelResponse })
  active(@CurrentActor() actor: Actor) {
    return this.models.active(actor);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Una versión del modelo de madurez' })
  @ApiOkResponse({ type: MaturityModelResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.models.get(actor, id);
  }

  @Post()
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Publicar la siguiente versión del modelo de madurez (queda inactiva hasta activarla)' })
  @ApiCreatedResponse({ type: MaturityModelResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMaturityModelDto) {
    return this.models.create(actor, dto);
  }

  @Post(':id/activate')
  @Roles(COMMISSION_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Activar una versión del modelo de madurez (desactiva la anterior; las evaluaciones ya hechas no cambian)' })
  @ApiOkResponse({ type: MaturityModelResponse })
  activate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.models.activate(actor, id);
  }
}
