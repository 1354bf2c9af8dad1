import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import { CreateInstitutionDto, InstitutionPage, InstitutionQuery, InstitutionResponse, UpdateInstitutionDto } from './dto/institution.dto';
import { InstitutionsService } from './institutions.service';
import { ADMIN_ROLES } from '../../common/auth/roles';

@ApiTags('institutions')
@ApiBearerAuth()
@Controller({ path: 'institutions', version: '1' })
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Get()
  @ApiOperation({ summary: 'Instituciones (enlaces: la propia; Comisión: todas)' })
  @ApiOkResponse({ type: InstitutionPage })
  list(@CurrentActor() actor: Actor, @Query() query: InstitutionQuery) {
    return this.institutions.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Una institución' })
  @ApiOkResponse({ type: InstitutionResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.institutions.get(actor, id);
  }

  @Post()
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Registrar una institución (administradores)' })
  @ApiCreatedResponse({ type: InstitutionResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInstitutionDto) {
    return this.institutions.create(actor, dto);
  }

  @Patch(':id')
  @Roles(ADMIN_ROLES)
  @ApiOperation({ summary: 'Modificar una institución (administradores; requiere la versión leída)' })
  @ApiOkResponse({ type: InstitutionResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateInstitutionDto) {
    return this.institutions.update(actor, id, dto);
  }
}
