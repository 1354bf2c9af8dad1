import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import {
  CreateLegalDeadlineDto,
  LegalDeadlinePage,
  LegalDeadlineQuery,
  LegalDeadlineResponse,
  UpdateLegalDeadlineDto,
} from './dto/legal-deadline.dto';
import { LegalDeadlinesService } from './legal-deadlines.service';
import { ADMIN_ROLES } from '../../../common/auth/roles';

@ApiTags('legal-deadlines')
@ApiBearerAuth()
@Controller({ path: 'legal-deadlines', version: '1' })
export class LegalDeadlinesController {
  constructor(private readonly deadlines: LegalDeadlinesService) {}

  @Get()
  @ApiOperation({ summary: 'Plazos legales de las disposiciones transitorias (filtro: tipo de cobertura)' })
  @ApiOkResponse({ type: LegalDeadlinePage })
  list(@CurrentActor() actor: Actor, @Query() query: LegalDeadlineQuery) {
    return this.deadlines.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un plazo legal' })
  @ApiOkResponse({ type: LegalDeadlineResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.deadlines.get(actor, id);
  }

  @Post()
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Registrar un plazo legal (administradores)' })
  @ApiCreatedResponse({ type: LegalDeadlineResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateLegalDeadlineDto) {
    return this.deadlines.create(actor, dto);
  }

  @Patch(':id')
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Modificar un plazo legal (administradores; requiere la versión leída)' })
  @ApiOkResponse({ type: LegalDeadlineResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateLegalDeadlineDto) {
    return this.deadlines.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Eliminar un plazo legal (administradores)' })
  @ApiNoContentResponse({ description: 'Plazo eliminado' })
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.deadlines.remove(actor, id);
  }
}
