import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../../common/auth/actor';
import { CurrentActor, Roles } from '../../../common/auth/auth.decorators';
import { uuidPipe } from '../../../common/http/uuid.pipe';
import {
  AssessmentPage,
  AssessmentQuery,
  AssessmentResponse,
  RejectAssessmentDto,
  ReviewQueueQuery,
  SubmitAssessmentDto,
  ValidateAssessmentDto,
} from './dto/maturity-assessment.dto';
import { MaturityAssessmentsService } from './maturity-assessments.service';
import { COMMISSION_ROLES, INSTITUTION_ROLES } from '../../../common/auth/roles';

@ApiTags('maturity')
@ApiBearerAuth()
@Controller({ path: 'procedures/:procedureId/assessments', version: '1' })
export class ProcedureAssessmentsController {
  constructor(private readonly assessments: MaturityAssessmentsService) {}

  @Post()
  @Roles(INSTITUTION_ROLES)
  @ApiOperation({
    summary: 'Enviar una autoevaluación de madurez de un trámite (el nivel lo calcula el servidor a partir de las respuestas)',
  })
  @ApiCreatedResponse({ type: AssessmentResponse })
  submit(@CurrentActor() actor: Actor, @Param('procedureId', uuidPipe) procedureId: string, @Body() dto: SubmitAssessmentDto) {
    return this.assessments.submit(actor, procedureId, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Evaluaciones de madurez de un trámite (la más reciente primero)' })
  @ApiOkResponse({ type: AssessmentPage })
  list(@CurrentActor() actor: Actor, @Param('procedureId', uuidPipe) procedureId: string, @Query() query: AssessmentQuery) {
    return this.assessments.listForProcedure(actor, procedureId, query);
  }
}

@ApiTags('maturity')
@ApiBearerAuth()
@Controller({ path: 'assessments', version: '1' })
export class AssessmentsController {
  constructor(private readonly assessments: MaturityAssessmentsService) {}

  // Declared before ':id' so "review-queue" is not taken for an id.
  @Get('review-queue')
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Cola de revisión de evaluaciones de todas las instituciones (Comisión; la más antigua primero)' })
  @ApiOkResponse({ type: AssessmentPage })
  reviewQueue(@CurrentActor() actor: Actor, @Query() query: ReviewQueueQuery) {
    return this.assessments.reviewQueue(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Una evaluación de madurez' })
  @ApiOkResponse({ type: AssessmentResponse })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.assessments.get(actor, id);
  }

  @Post(':id/validate')
  @Roles(COMMISSION_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Validar una evaluación pendiente (actualiza el nivel vigente del trámite)' })
  @ApiOkResponse({ type: AssessmentResponse })
  validate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: ValidateAssessmentDto) {
    return this.assessments.validate(actor, id, dto);
  }

  @Post(':id/reject')
  @Roles(COMMISSION_ROLES)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Rechazar una evaluación pendiente, con el motivo' })
  @ApiOkResponse({ type: AssessmentResponse })
  reject(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: RejectAssessmentDto) {
    return this.assessments.reject(actor, id, dto);
  }
}
