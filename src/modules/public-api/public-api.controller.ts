import { Controller, Get, Param, Query, Res, UseInterceptors, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/auth.decorators';
import { ErrorBody } from '../../common/errors/error-body';
import { ChangesQuery, NoQuery, PublicInstitutionQuery, PublicProcedureQuery, PublicRankingQuery } from './dto/public-query.dto';
import {
  PublicDataDictionary,
  PublicChangeFeed,
  PublicIndicators,
  PublicInstitutionDetail,
  PublicInstitutionPage,
  PublicMethodology,
  PublicProcedureDetail,
  PublicProcedureFacets,
  PublicProcedurePage,
  PublicRanking,
} from './dto/public-response.dto';
import { NationalQuery } from '../scoring/dto/scoring.dto';
import { PublicBodyCacheInterceptor } from './public-body-cache.interceptor';
import { PublicApiService } from './public-api.service';
import { PUBLIC_EVENT_DESCRIPTIONS, PUBLIC_EVENT_TYPES } from '../../events/public-events';
import { PartnerScope } from './partner-scope';
import { PublicExportService } from './public-export.service';

/** The documented way to keep a copy of the public data, tested by test/e2e/public-sync.e2e-spec.ts. */
const SYNC_RECIPE = [
  'Cada cambio público es un evento, escrito en la misma transacción que el cambio (ediciones, importaciones y actos de la Comisión por igual):',
  PUBLIC_EVENT_TYPES.map((t) => `${t} (${PUBLIC_EVENT_DESCRIPTIONS[t]})`).join('; ') + '.',
  'Receta de sincronización: (1) recorra GET /changes desde el principio (sin since) hasta hasMore = false y guarde nextCursor;',
  '(2) copie todo con GET /procedures (y /institutions) página por página siguiendo page.nextCursor;',
  '(3) desde el cursor guardado, llame GET /changes?since=<cursor> para siempre: aplique cada evento en orden (changes trae cada campo público con su valor anterior y nuevo,',
  'con la misma representación que GET /procedures; ante procedure_created o un trámite que no tenga, léalo con GET /procedures/{institución}/{código})',
  'y guarde nextCursor después de cada página. Los eventos ocurridos durante la copia se aplican de nuevo sin daño (valores absolutos).',
  'Cada evento aparece una sola vez, en orden, y ninguno queda detrás de un cursor ya entregado; cursor es su identificador estable (el id de las entregas de webhooks).',
  'types=a,b filtra por tipo sin perder el orden.',
].join(' ');

const CACHE_NOTE =
  'Responde con ETag y Last-Modified; una solicitud condicional (If-None-Match / If-Modified-Since) sin cambios recibe 304.';

/** Sets the `Link: <…>; rel="next"` header of a cursor page. */
function linkNext(res: Response, path: string, query: object, nextCursor: string | null): void {
  if (!nextCursor) return;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'cursor') params.set(k, String(v));
  params.set('cursor', nextCursor);
  res.setHeader('Link', `</api/public/v1/${path}?${params.toString()}>; rel="next"`);
}

@ApiTags('public')
@ApiSecurity('partner-key')
@ApiExtraModels(ErrorBody)
@ApiResponse({ status: 400, description: 'Parámetros inválidos (forma de error común)', type: ErrorBody })
@ApiResponse({ status: 429, description: 'Límite de solicitudes excedido; ver Retry-After', type: ErrorBody })
@ApiResponse({ status: 304, description: 'Sin cambios desde el ETag o la fecha indicados' })
@Public()
@PartnerScope('public:read', { anonymous: true })
@UseInterceptors(PublicBodyCacheInterceptor)
@Controller({ path: 'public/v1', version: VERSION_NEUTRAL })
export class PublicApiController {
  constructor(
    private readonly api: PublicApiService,
    private readonly exports: PublicExportService,
  ) {}

  @Get('institutions')
  @ApiOperation({ summary: 'Instituciones con su puntuación e indicadores vigentes', description: CACHE_NOTE })
  @ApiOkResponse({ type: PublicInstitutionPage })
  async institutions(@CurrentActor() actor: Actor, @Query() query: PublicInstitutionQuery, @Res({ passthrough: true }) res: Response) {
    const page = await this.api.institutions(actor, query);
    linkNext(res, 'institutions', query, page.page.nextCursor);
    return page;
  }

  @Get('institutions/:code')
  @ApiOperation({ summary: 'Una institución: desglose de la puntuación, tendencia y resumen de hitos', description: CACHE_NOTE })
  @ApiOkResponse({ type: PublicInstitutionDetail })
  @ApiResponse({ status: 404, type: ErrorBody })
  institution(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() _query: NoQuery) {
    return this.api.institution(actor, code);
  }

  @Get('ranking')
  @ApiOperation({
    summary: 'Ranking de instituciones: puntuación, tendencia (30 días) e indicadores clave; filtros por tipo, cobertura y sector',
    description:
      'Las instituciones sin inventario (o aún sin puntuación) se listan aparte en unranked y nunca se clasifican. ' + CACHE_NOTE,
  })
  @ApiOkResponse({ type: PublicRanking })
  ranking(@CurrentActor() actor: Actor, @Query() query: PublicRankingQuery) {
    return this.api.ranking(actor, query);
  }

  @Get('procedure-facets')
  @ApiOperation({ summary: 'Valores para filtrar trámites: instituciones activas y categorías', description: CACHE_NOTE })
  @ApiOkResponse({ type: PublicProcedureFacets })
  procedureFacets(@CurrentActor() actor: Actor, @Query() _query: NoQuery) {
    return this.api.procedureFacets(actor);
  }

  @Get('procedures')
  @ApiOperation({
    summary: 'Trámites, con filtros por institución, nivel, público, categoría, comercio exterior, priorización, estado y texto',
    description: CACHE_NOTE,
  })
  @ApiOkResponse({ type: PublicProcedurePage })
  async procedures(@CurrentActor() actor: Actor, @Query() query: PublicProcedureQuery, @Res({ passthrough: true }) res: Response) {
    const page = await this.api.procedures(actor, query);
    linkNext(res, 'procedures', query, page.page.nextCursor);
    return page;
  }

  @Get('procedures/:institutionCode/:procedureCode')
  @ApiOperation({
    summary: 'Un trámite: requisitos vigentes y eliminados, madurez, carga, ahorros y bitácora pública',
    description: CACHE_NOTE,
  })
  @ApiOkResponse({ type: PublicProcedureDetail })
  @ApiResponse({ status: 404, type: ErrorBody })
  procedure(
    @CurrentActor() actor: Actor,
    @Param('institutionCode') institutionCode: string,
    @Param('procedureCode') procedureCode: string,
    @Query() _query: NoQuery,
  ) {
    return this.api.procedure(actor, institutionCode, procedureCode);
  }

  @Get('indicators')
  @ApiOperation({
    summary: 'Indicadores nacionales, cifras con componentes y su serie; filtros por cobertura (obligada / adherida), tipo y sector',
    description: CACHE_NOTE,
  })
  @ApiOkResponse({ type: PublicIndicators })
  indicators(@CurrentActor() actor: Actor, @Query() query: NationalQuery) {
    return this.api.indicators(actor, query);
  }

  @Get('methodology')
  @ApiOperation({ summary: 'Metodología vigente: versión, pesos y parámetros de la carga administrativa', description: CACHE_NOTE })
  @ApiOkResponse({ type: PublicMethodology })
  methodology(@CurrentActor() actor: Actor, @Query() _query: NoQuery) {
    return this.api.methodology(actor);
  }

  @Get('changes')
  @ApiOperation({
    summary: 'Flujo ordenado de cambios públicos para sincronizar (since = cursor anterior)',
    description: SYNC_RECIPE + ' ' + CACHE_NOTE,
  })
  @ApiOkResponse({ type: PublicChangeFeed })
  async changes(@CurrentActor() actor: Actor, @Query() query: ChangesQuery, @Res({ passthrough: true }) res: Response) {
    const { feed, withheld } = await this.api.changesWithState(actor, query);
    if (withheld) {
      // Changes of still-open transactions will follow: this page must not be validated or cached as complete.
      res.removeHeader('ETag');
      res.removeHeader('Last-Modified');
      res.setHeader('Cache-Control', 'no-store');
      res.locals.publicBodyCacheKey = undefined;
    }
    return feed;
  }

  @Get('data-dictionary')
  @ApiOperation({ summary: 'Diccionario de datos de los conjuntos abiertos' })
  @ApiOkResponse({ type: PublicDataDictionary })
  dataDictionary(@Query() _query: NoQuery): PublicDataDictionary {
    return this.exports.dataDictionary();
  }
}
