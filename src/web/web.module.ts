import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HTML_ERROR_PAGES } from '../common/errors/html-error-pages';
import { PublicApiModule } from '../modules/public-api/public-api.module';
import { ScoringModule } from '../modules/scoring/scoring.module';
import { Assets } from './assets/assets.service';
import { WebErrorPages } from './errors/html-error-pages';
import { PageCache } from './pages/page-cache';
import { PageResponder } from './pages/page-responder';
import { PublicPageMiddleware } from './pages/public-page.middleware';
import { AnonymousFormsModule } from './public/anonymous-forms/anonymous-forms.module';
import { RatingsPublicController, RatingsSection } from './public/ratings/ratings-public.controller';
import { RatingsModule } from '../modules/ratings/ratings.module';
import { SiteFilesController, TransparencyController } from './public/transparency.controller';
import { CitizenReportPagesController } from './public/citizen-reports.controller';
import { CitizenReportFormController } from './public/citizen-report-form.controller';
import { CitizenReportsModule } from '../modules/citizen-reports/citizen-reports.module';
import { ViewEngine } from './views/view-engine';

/**
 * Server-rendered pages, beside the API in the same process: the view engine and assets every page uses, the
 * pages' cache and error pages, and the public transparency site (src/web/public). The workspace pages of later
 * issues live in src/web/workspace on the same foundation.
 */
@Module({
  imports: [PublicApiModule, ScoringModule, AnonymousFormsModule, CitizenReportsModule, RatingsModule],
  controllers: [
    TransparencyController,
    SiteFilesController,
    CitizenReportPagesController,
    CitizenReportFormController,
    RatingsPublicController,
  ],
  providers: [
    Assets,
    ViewEngine,
    PageCache,
    PageResponder,
    PublicPageMiddleware,
    RatingsSection,
    WebErrorPages,
    { provide: HTML_ERROR_PAGES, useExisting: WebErrorPages },
  ],
  exports: [Assets, ViewEngine, PageResponder, HTML_ERROR_PAGES, AnonymousFormsModule],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(PublicPageMiddleware)
      .forRoutes(TransparencyController, SiteFilesController, CitizenReportPagesController, CitizenReportFormController);
  }
}
