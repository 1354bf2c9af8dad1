import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PartnerApiKeysModule } from '../partner-api-keys/partner-api-keys.module';
import { ScoringModule } from '../scoring/scoring.module';
import { PartnerUsageController } from './partner-usage.controller';
import { PartnerAccessMiddleware, PublicAccessMiddleware, PublicBodyCache, PublicBodyCacheInterceptor } from './public-access.middleware';
import { PublicApiController, PublicExportController } from './public-api.controller';
import { PublicApiService } from './public-api.service';
import { PublicCacheVersion } from './public-cache.service';
import { PublicExportService } from './public-export.service';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksJobs } from './webhooks/webhooks.jobs';
import { WebhooksService } from './webhooks/webhooks.service';

/**
 * The public, read-only API under /api/public/v1 and the open-data exports: no sign-in, partner keys optional,
 * rate-limited and cached (ETag / 304 from a data version kept in Redis); partner webhooks over the change feed.
 */
@Module({
  imports: [PartnerApiKeysModule, ScoringModule],
  controllers: [PublicApiController, PublicExportController, PartnerUsageController, WebhooksController],
  providers: [PublicApiService, PublicExportService, PublicCacheVersion, PublicBodyCache, PublicBodyCacheInterceptor, PublicAccessMiddleware, PartnerAccessMiddleware, WebhooksService, WebhooksJobs],
  // The public pages (src/web) read through the same services and share the data version behind every ETag.
  exports: [PublicApiService, PublicExportService, PublicCacheVersion],
})
export class PublicApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Bound by controller (the route table), not by URL prefix: the gate follows from the route a request matched.
    consumer.apply(PublicAccessMiddleware).forRoutes(PublicApiController, PublicExportController);
    consumer.apply(PartnerAccessMiddleware).forRoutes(WebhooksController);
  }
}
