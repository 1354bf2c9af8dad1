import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../../common/auth/actor';
import { CurrentActor, Public } from '../../common/auth/auth.decorators';
import { AppException } from '../../common/errors/app.exception';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { PublicProcedureQuery, PublicRankingQuery } from '../../modules/public-api/dto/public-query.dto';
import type { PublicProcedure } from '../../modules/public-api/dto/public-response.dto';
import { PublicApiService } from '../../modules/public-api/public-api.service';
import { PublicCacheVersion } from '../../modules/public-api/public-cache-version';
import { PublicExportService } from '../../modules/public-api/public-export.service';
import { readQuery } from '../forms/form-fields';
import { PageResponder } from '../pages/page-responder';
import { homeView } from './home.view';
import { institutionView } from './institution.view';
import { institutionReportsView } from './citizen-report.view';
import { methodologyView, openDataView } from './methodology.view';
import { InstitutionProceduresQuery } from './page-queries';
import { governmentServiceJsonLd, procedureView } from './procedure.view';
import { ProcedureDayQuery, requirementsOnDayView } from './requirements-on-day.view';
import { RatingsSection } from './ratings/ratings-public.controller';
import { commentsPageParam } from './ratings/ratings.view';
import { searchApiQuery, searchView } from './search.view';

/** A read that may legitimately find nothing yet (no active methodology): null instead of a 404 page. */
export const orNull = <T>(read: Promise<T>): Promise<T | null> =>
  read.catch((e: unknown) => {
    if (e instanceof AppException && e.status === 404) return null;
    throw e;
  });

/** Every page of the public procedures query (for an institution's page and its sitemap): the API's own pages, followed. */
export async function allProcedures(api: PublicApiService, actor: Actor, query: Partial<PublicProcedureQuery>): Promise<PublicProcedure[]> {
  const out: PublicProcedure[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.procedures(actor, Object.assign(new PublicProcedureQuery(), { ...query, limit: 500, cursor }));
    out.push(...page.items);
    cursor = page.page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const HOME = { text: 'Inicio', href: '/transparencia' };

/**
 * The public transparency site. Each page is a few calls to the public API's service — the read models the API
 * serves — and a pure view builder; nothing here queries the database. The public page middleware answers
 * conditional and repeated requests before these handlers run.
 */
@ApiExcludeController()
@Public()
@Controller('transparencia')
export class TransparencyController {
  constructor(
    private readonly api: PublicApiService,
    private readonly exports: PublicExportService,
    private readonly version: PublicCacheVersion,
    private readonly pages: PageResponder,
    private readonly ratings: RatingsSection,
  ) {}

  @Get()
  async home(@CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { value: query, errors } = readQuery(PublicRankingQuery, raw);
    const [indicators, ranking, methodology] = await Promise.all([
      this.api.indicators(actor),
      this.api.ranking(actor, query),
      orNull(this.api.methodology(actor)),
    ]);
    this.pages.html(res, 'public/home', homeView(indicators, ranking, methodology, query, errors), {
      title: 'Transparencia de trámites',
      description:
        'Cómo cumplen las instituciones públicas de Guatemala el Decreto 5-2021: trámites en línea, requisitos eliminados, ahorros y ranking.',
      path: '/transparencia',
      section: 'inicio',
    });
  }

  @Get('instituciones/:code')
  async institution(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Query() raw: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { value: query, errors } = readQuery(InstitutionProceduresQuery, raw);
    const detail = await this.api.institution(actor, code);
    const [procedures, methodology] = await Promise.all([
      allProcedures(this.api, actor, {
        institution: detail.code,
        status: 'active',
        sort: 'name',
        level: query.level,
        audience: query.audience,
        foreignTrade: query.foreignTrade,
      }),
      orNull(this.api.methodology(actor)),
    ]);
    const path = `/transparencia/instituciones/${encodeURIComponent(detail.code)}`;
    const model = {
      ...institutionView(detail, procedures, methodology, query, errors),
      citizenReports: institutionReportsView(detail.citizenReports),
    };
    this.pages.html(res, 'public/institution', model, {
      title: detail.name,
      description: `${detail.name}: puntuación de cumplimiento del Decreto 5-2021, plan de simplificación, informes y sus ${detail.procedureCount} trámites.`,
      path,
      section: null,
      breadcrumbs: [HOME],
      jsonLd: {
        '@context': 'https://schema.org',
        '@type': 'GovernmentOrganization',
        name: detail.name,
        identifier: detail.code,
        ...(detail.website ? { sameAs: detail.website } : {}),
      },
    });
  }

  @Get('tramites/:institutionCode/:procedureCode')
  async procedure(
    @CurrentActor() actor: Actor,
    @Param('institutionCode') institutionCode: string,
    @Param('procedureCode') procedureCode: string,
    @Query() raw: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { value: day, errors } = readQuery(ProcedureDayQuery, raw);
    const [detail, methodology] = await Promise.all([
      this.api.procedure(actor, institutionCode, procedureCode),
      orNull(this.api.methodology(actor)),
    ]);
    const institutionPath = `/transparencia/instituciones/${encodeURIComponent(detail.institutionCode)}`;
    const path = `/transparencia/tramites/${encodeURIComponent(detail.institutionCode)}/${encodeURIComponent(detail.code)}`;
    // Pages of comments are plain links (no JavaScript), each its own cacheable URL; the day asked about is kept.
    const commentsHref = (n: number) => {
      const q = new URLSearchParams({
        ...(day.fecha && !errors.fecha ? { fecha: day.fecha } : {}),
        ...(n > 1 ? { comentarios: String(n) } : {}),
      });
      return q.size ? `${path}?${q.toString()}` : path;
    };
    const ratings = await this.ratings.of(detail.institutionCode, detail.code, commentsPageParam(raw.comentarios), commentsHref);
    const base = this.pages.baseUrl;
    const model = {
      ...procedureView(detail, methodology),
      ratings,
      askedOn: requirementsOnDayView(detail, day, errors, todayInGuatemala(), `${path}/denunciar`),
    };
    this.pages.html(res, 'public/procedure', model, {
      title: `${detail.name} — ${detail.institutionName}`,
      description:
        detail.description?.slice(0, 200) ??
        `Requisitos, costo, tiempos y nivel de madurez digital de «${detail.name}» (${detail.institutionName}).`,
      path,
      section: null,
      breadcrumbs: [HOME, { text: detail.institutionName, href: institutionPath }],
      jsonLd: governmentServiceJsonLd(detail, `${base}${path}`, `${base}${institutionPath}`),
    });
  }

  @Get('buscar')
  async search(@CurrentActor() actor: Actor, @Query() raw: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { value: query, errors } = readQuery(PublicProcedureQuery, raw);
    const [page, facets, methodology] = await Promise.all([
      this.api.procedures(actor, searchApiQuery(query)),
      this.api.procedureFacets(actor),
      orNull(this.api.methodology(actor)),
    ]);
    this.pages.html(res, 'public/search', searchView(query, errors, page, facets, methodology), {
      title: query.q ? `Buscar «${query.q}»` : 'Buscar trámites',
      description:
        'Busque trámites de las instituciones públicas de Guatemala por nombre, institución, nivel de madurez, público y categoría.',
      path: '/transparencia/buscar',
      section: 'buscar',
      breadcrumbs: [HOME],
      noIndex: Object.keys(raw).length > 0,
    });
  }

  @Get('metodologia')
  async methodology(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const [methodology, data] = await Promise.all([orNull(this.api.methodology(actor)), this.version.current()]);
    this.pages.html(res, 'public/methodology', methodologyView(methodology, data.modifiedAt), {
      title: 'Metodología',
      description: 'Cómo se calculan la puntuación, los indicadores, la madurez digital y la carga administrativa de los trámites.',
      path: '/transparencia/metodologia',
      section: 'metodologia',
      breadcrumbs: [HOME],
    });
  }

  @Get('datos-abiertos')
  openData(@Res() res: Response): void {
    this.pages.html(res, 'public/open-data', openDataView(this.exports.dataDictionary()), {
      title: 'Datos abiertos',
      description:
        'Descargue instituciones, trámites y requisitos en CSV, JSON y JSON-LD, con su diccionario de datos y licencia CC BY 4.0.',
      path: '/transparencia/datos-abiertos',
      section: 'datos',
      breadcrumbs: [HOME],
    });
  }
}

/** `/` leads to the transparency site; robots.txt and the sitemaps (every institution and procedure page). */
@ApiExcludeController()
@Public()
@Controller()
export class SiteFilesController {
  constructor(
    private readonly api: PublicApiService,
    private readonly pages: PageResponder,
    private readonly config: AppConfig,
  ) {}

  @Get()
  root(@Res() res: Response): void {
    res.redirect(302, '/transparencia');
  }

  @Get('robots.txt')
  robots(@Res() res: Response): void {
    const base = this.config.http.publicUrl;
    this.pages.file(
      res,
      'text/plain; charset=utf-8',
      `User-agent: *\nAllow: /transparencia\nDisallow: /transparencia/buscar?\nDisallow: /api/\nDisallow: /app/\n\nSitemap: ${base}/sitemap.xml\n`,
    );
  }

  /** A sitemap index: one sitemap for the site's pages and institutions, one per institution for its procedures. */
  @Get('sitemap.xml')
  async sitemap(@CurrentActor() actor: Actor, @Res() res: Response): Promise<void> {
    const base = this.config.http.publicUrl;
    const facets = await this.api.procedureFacets(actor);
    const maps = [
      `${base}/sitemaps/instituciones.xml`,
      ...facets.institutions.map((i) => `${base}/sitemaps/tramites-${encodeURIComponent(i.code)}.xml`),
    ];
    this.pages.file(
      res,
      'application/xml; charset=utf-8',
      xml(
        'sitemapindex',
        maps.map((loc) => `<sitemap><loc>${escapeXml(loc)}</loc></sitemap>`),
      ),
    );
  }

  @Get('sitemaps/:name')
  async sitemapPart(@CurrentActor() actor: Actor, @Param('name') name: string, @Res() res: Response): Promise<void> {
    const base = this.config.http.publicUrl;
    let urls: string[];
    if (name === 'instituciones.xml') {
      const facets = await this.api.procedureFacets(actor);
      urls = [
        '/transparencia',
        '/transparencia/buscar',
        '/transparencia/metodologia',
        '/transparencia/datos-abiertos',
        ...facets.institutions.map((i) => `/transparencia/instituciones/${encodeURIComponent(i.code)}`),
      ];
    } else {
      const code = /^tramites-(.+)\.xml$/.exec(name)?.[1];
      if (!code) throw AppException.notFound('El mapa del sitio');
      const institution = await this.api.institution(actor, decodeURIComponent(code));
      const procedures = await allProcedures(this.api, actor, { institution: institution.code, status: 'active' });
      urls = procedures.map((p) => `/transparencia/tramites/${encodeURIComponent(p.institutionCode)}/${encodeURIComponent(p.code)}`);
    }
    this.pages.file(
      res,
      'application/xml; charset=utf-8',
      xml(
        'urlset',
        urls.map((u) => `<url><loc>${escapeXml(base + u)}</loc></url>`),
      ),
    );
  }
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const xml = (root: string, items: string[]): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join('\n')}\n</${root}>\n`;
