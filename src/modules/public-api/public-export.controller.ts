import { Controller, Get, Query, Res, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/auth.decorators';
import { NoQuery } from './dto/public-query.dto';
import { PartnerScope } from './partner-scope';
import { PublicExportService } from './public-export.service';

/** The open-data files: the same published fields as the API, streamed. */
@ApiTags('public')
@ApiSecurity('partner-key')
@Public()
@PartnerScope('public:read', { anonymous: true })
@Controller({ path: 'public/v1/export', version: VERSION_NEUTRAL })
export class PublicExportController {
  constructor(private readonly exports: PublicExportService) {}

  private async stream(res: Response, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (e) {
      if (!res.headersSent) throw e;
      res.destroy(e as Error);
    }
  }

  @Get('procedures.csv')
  @ApiOperation({ summary: 'Trámites en CSV (UTF-8 con BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV', schema: { type: 'string' } })
  procedures(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.csv(actor, 'procedures.csv', res));
  }

  @Get('requirements.csv')
  @ApiOperation({ summary: 'Requisitos en CSV (UTF-8 con BOM), vigentes y eliminados, con fechas' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV', schema: { type: 'string' } })
  requirements(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.csv(actor, 'requirements.csv', res));
  }

  @Get('institutions.csv')
  @ApiOperation({ summary: 'Instituciones en CSV (UTF-8 con BOM) con su última puntuación' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV', schema: { type: 'string' } })
  institutions(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.csv(actor, 'institutions.csv', res));
  }

  @Get('indicators.csv')
  @ApiOperation({ summary: 'Indicadores por institución y mes en CSV (UTF-8 con BOM), ordenados por código y mes; ver /data-dictionary' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV', schema: { type: 'string' } })
  indicatorsCsv(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.indicatorsCsv(actor, res));
  }

  @Get('indicators.json')
  @ApiOperation({ summary: 'Indicadores por institución y mes en JSON (arreglo), ordenados por código y mes; ver /data-dictionary' })
  @ApiOkResponse({
    description: 'Arreglo JSON de filas de indicadores',
    schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
  })
  indicatorsJson(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.indicatorsJson(actor, res));
  }

  @Get('procedures.json')
  @ApiOperation({ summary: 'Trámites en JSON (arreglo, los mismos campos que GET /procedures)' })
  @ApiOkResponse({
    description: 'Arreglo JSON de PublicProcedure',
    schema: { type: 'array', items: { $ref: '#/components/schemas/PublicProcedure' } },
  })
  proceduresJson(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.proceduresJson(actor, res));
  }

  @Get('catalog.jsonld')
  @ApiOperation({ summary: 'Catálogo de servicios en CPSV-AP (JSON-LD)' })
  @ApiProduces('application/ld+json')
  @ApiOkResponse({ description: 'JSON-LD con @graph de PublicOrganisation y PublicService', schema: { type: 'object' } })
  catalog(@CurrentActor() actor: Actor, @Res() res: Response, @Query() _q: NoQuery) {
    return this.stream(res, () => this.exports.catalogJsonLd(actor, res));
  }
}
