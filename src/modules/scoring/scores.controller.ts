import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Roles } from '../../common/auth/auth.decorators';
import { uuidPipe } from '../../common/http/uuid.pipe';
import {
  CreateMethodologyDto,
  ImprovementActionsQuery,
  ImprovementActionsResponse,
  MethodologyResponse,
  NationalFiguresResponse,
  NationalQuery,
  NationalTrendQuery,
  ScoreResponse,
  TrendQuery,
  TrendResponse,
} from './dto/scoring.dto';
import { ScoringTrigger } from './scoring-trigger';
import { COMMISSION_ROLES } from '../../common/auth/roles';
import { ScoresService } from './scores.service';

@ApiTags('scores')
@ApiBearerAuth()
@Controller({ version: '1' })
export class ScoresController {
  constructor(
    private readonly scores: ScoresService,
    private readonly trigger: ScoringTrigger,
  ) {}

  @Get('institutions/:id/score')
  @ApiOperation({ summary: 'Puntaje de cumplimiento de una institución, con cada componente, su peso, sus datos y qué lo subiría' })
  @ApiOkResponse({ type: ScoreResponse })
  institution(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.scores.institutionScore(actor, id);
  }

  @Get('institutions/:id/score/trend')
  @ApiOperation({ summary: 'Serie diaria del puntaje de una institución' })
  @ApiOkResponse({ type: TrendResponse })
  institutionTrend(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() q: TrendQuery) {
    return this.scores.institutionTrend(actor, id, q);
  }

  @Get('institutions/:id/score/actions')
  @ApiOperation({
    summary:
      'Qué subiría el puntaje de una institución: acciones concretas por trámite, requisito, hito e informe, ordenadas por los puntos que ganaría cada una, con la carga que ahorraría',
  })
  @ApiOkResponse({ type: ImprovementActionsResponse })
  actions(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() q: ImprovementActionsQuery) {
    return this.scores.improvementActions(actor, id, q);
  }

  @Get('procedures/:id/score')
  @ApiOperation({ summary: 'Puntaje de un trámite, con la explicación de cada componente y su carga administrativa' })
  @ApiOkResponse({ type: ScoreResponse })
  procedure(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.scores.procedureScore(actor, id);
  }

  @Get('procedures/:id/score/trend')
  @ApiOperation({ summary: 'Serie diaria del puntaje de un trámite' })
  @ApiOkResponse({ type: TrendResponse })
  procedureTrend(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Query() q: TrendQuery) {
    return this.scores.procedureTrend(actor, id, q);
  }

  @Get('scores/national')
  @ApiOperation({
    summary:
      'Cifras nacionales: puntaje medio (simple y ponderado), componentes, clasificación, instituciones sin inventario aparte, indicadores y carga; filtros por cobertura, tipo y sector',
  })
  @ApiOkResponse({ type: NationalFiguresResponse })
  national(@CurrentActor() actor: Actor, @Query() q: NationalQuery) {
    return this.scores.nationalScore(actor, q);
  }

  @Get('scores/national/trend')
  @ApiOperation({ summary: 'Serie del puntaje nacional (con filtros: media diaria de las instituciones que cumplen el filtro)' })
  @ApiOkResponse({ type: TrendResponse })
  nationalTrend(@CurrentActor() actor: Actor, @Query() q: NationalTrendQuery) {
    return this.scores.nationalTrend(actor, q);
  }

  @Post('scores/recompute')
  @HttpCode(202)
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Encolar un recálculo completo (además del nocturno)' })
  @ApiAcceptedResponse({ description: 'Trabajo encolado' })
  async recompute(): Promise<{ jobId: string | undefined }> {
    const job = await this.trigger.requestAll();
    return { jobId: job.id };
  }

  @Get('methodologies')
  @ApiOperation({ summary: 'Versiones de la metodología de puntaje' })
  @ApiOkResponse({ type: [MethodologyResponse] })
  methodologies(@CurrentActor() actor: Actor) {
    return this.scores.methodologies(actor);
  }

  @Get('methodologies/active')
  @ApiOperation({ summary: 'Metodología vigente: pesos y parámetros de carga administrativa' })
  @ApiOkResponse({ type: MethodologyResponse })
  activeMethodology(@CurrentActor() actor: Actor) {
    return this.scores.activeMethodology(actor);
  }

  @Post('methodologies')
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Crear una nueva versión de la metodología (pesos no negativos que sumen 100)' })
  @ApiCreatedResponse({ type: MethodologyResponse })
  createMethodology(@CurrentActor() actor: Actor, @Body() dto: CreateMethodologyDto) {
    return this.scores.createMethodology(actor, dto);
  }

  @Post('methodologies/:id/activate')
  @HttpCode(200)
  @Roles(COMMISSION_ROLES)
  @ApiOperation({ summary: 'Poner en vigor una versión; los puntajes anteriores no cambian' })
  @ApiOkResponse({ type: MethodologyResponse })
  activate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string) {
    return this.scores.activateMethodology(actor, id);
  }
}
