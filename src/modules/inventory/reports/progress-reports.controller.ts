import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import {
  CreateProgressReportDto,
  ProgressReportPage,
  ProgressReportQuery,
  ProgressReportResponse,
  ReviewProgressReportDto,
  UpdateProgressReportDto,
} from './dto/progress-report.dto';
import { ProgressReportsService } from './progress-reports.service';
import { COMMISSION_ROLES, INSTITUTION_ROLES } from '../../../common/auth/roles';

@ApiTags('progress-reports')
@ApiBearerAuth()
@Controller({ path: 'progress-reports', version: '1' })
export class ProgressReportsController {
  constructor(private readonly reports: ProgressReportsService) {}

  @Get()
  @ApiOperation({ summary: 'Informes trimestrales de avance (filtros: institución, año, trimestre, estado)' })
  @ApiOkResponse({ type: ProgressReportPage })
  list(@CurrentActor() actor: Actor, @Query() query: ProgressReportQuery) {
    return this.reports.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Un informe de avance, con su fecha límite y si se presentó a tiempo' })
  @ApiOkResponse({ type: ProgressReportResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.reports.get(actor, id);
  }

  @Post()
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Presentar el informe de avance de un trimestre (uno por trimestre)' })
  @ApiCreatedResponse({ type: ProgressReportResponse })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgressReportDto) {
    return this.reports.create(actor, dto);
  }

  @Patch(':id')
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({ summary: 'Corregir y reenviar un informe devuelto (requiere la versión leída)' })
  @ApiOkResponse({ type: ProgressReportResponse })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateProgressReportDto) {
    return this.reports.update(actor, id, dto);
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Aceptar o devolver un informe enviado (Comisión)' })
  @ApiOkResponse({ type: ProgressReportResponse })
  review(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: ReviewProgressReportDto) {
    return this.reports.review(actor, id, dto);
  }
}
