import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PartnerApiKeysModule } from '../partner-api-keys/partner-api-keys.module';
import { ScoringModule } from '../scoring/scoring.module';
import { PublicAccessMiddleware } from './public-access.middleware';
import { PublicApiController } from './public-api.controller';
import { PublicApiService } from './public-api.service';
import { PublicBodyCache } from './public-body-cache';
import { PublicBodyCacheInterceptor } from './public-body-cache.interceptor';
import { PublicCacheVersion } from './public-cache-version';
import { PublicExportController } from './public-export.controller';
import { PublicExportAccessMiddleware } from './public-export-access.middleware';
import { PublicExportService } from './public-export.service';
import { PublicReadFront } from './public-read-front';
import { PublicValidators } from './public-validators';

/**
 * The public, read-only API under /api/public/v1 and the open-data exports: no sign-in, partner keys optional,
 * rate-limited and cached (ETag / 304 from a data version kept in Redis). Partner webhooks are their own module
 * (webhooks/), reading the change feed through PublicApiService and admitted by PartnerAccessMiddleware.
 */
@Module({
  imports: [PartnerApiKeysModule, ScoringModule],
  controllers: [PublicApiController, PublicExportController],
  providers: [
    PublicApiService,
    PublicExportService,
    PublicCacheVersion,
    PublicBodyCache,
    PublicBodyCacheInterceptor,
    PublicAccessMiddleware,
    PublicExportAccessMiddleware,
    PublicValidators,
    PublicReadFront,
  ],
  // The public pages (src/web) read through the same services and share the data version behind every ETag.
  exports: [
    PublicApiService,
    PublicExportService,
    PublicCacheVersion,
    PublicBodyCache,
    PublicValidators,
    PublicReadFront,
    PartnerApiKeysModule,
  ],
})
export class PublicApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Bound by controller (the route table), not by URL prefix: the gate follows from the route a request matched.
    consumer.apply(PublicAccessMiddleware).forRoutes(PublicApiController);
    consumer.apply(PublicExportAccessMiddleware).forRoutes(PublicExportController);
  }
}
