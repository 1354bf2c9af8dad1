import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import { PageQuery } from '../../../common/pagination/page';
import {
  CreateProcedureDto,
  ProcedureChangePage,
  ProcedurePage,
  ProcedureQuery,
  ProcedureResponse,
  UpdateProcedureDto,
} from './dto/procedure.dto';
import { ProceduresService } from './procedures.service';
import { INSTITUTION_ROLES } from '../../../common/auth/roles';

@ApiTags('procedures')
@ApiBearerAuth()
@Controller({ path: 'procedures', version: '1' })
export class ProceduresController {
  constructor(private readonly procedures: ProceduresService) {}

  @Get()
  @ApiOperation({ summary: 'Trámites (filtros, búsqueda sin tildes, orden, páginas y updatedSince)' })
  @ApiOkResponse({ type: ProcedurePage })
  list(@CurrentActor() actor: Actor, @Query() query: ProcedureQuery) {
    return this.procedures.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un trámite, con su línea base' })
  @ApiOkResponse({ type: ProcedureResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.procedures.get(actor, id);
  }

  @Post()
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Registrar un trámite (y sus requisitos iniciales); se toma la línea base' })
  @ApiCreatedResponse({ type: ProcedureResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProcedureDto) {
    return this.procedures.create(actor, dto);
  }

  @Patch(':id')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Modificar un trámite (requiere la versión leída; 409 si cambió)' })
  @ApiOkResponse({ type: ProcedureResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateProcedureDto) {
    return this.procedures.update(actor, id, dto);
  }

  @Get(':id/changes')
  @ApiOperation({ summary: 'Historial de cambios del trámite y sus requisitos (quién, cuándo, antes → después)' })
  @ApiOkResponse({ type: ProcedureChangePage })
  changes(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() query: PageQuery) {
    return this.procedures.changes(actor, id, query);
  }
}
