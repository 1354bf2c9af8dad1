import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { PartnerAccessMiddleware } from '../public-api/partner-access.middleware';
import { PublicApiModule } from '../public-api/public-api.module';
import { HostResolver } from './host-resolver';
import { WebhooksController } from './webhooks.controller';
import { WebhooksJobs } from './webhooks.jobs';
import { WebhooksService } from './webhooks.service';

/**
 * Partner webhooks over the public change feed: subscriptions managed with a partner key (webhooks:manage), a debounced
 * dispatch after every committed public change, and signed deliveries retried with backoff (worker).
 */
@Module({
  imports: [PublicApiModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksJobs, HostResolver],
  exports: [WebhooksService],
})
export class WebhooksModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(PartnerAccessMiddleware).forRoutes(WebhooksController);
  }
}
