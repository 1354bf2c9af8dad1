import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisOptionsFromUrl } from './redis-options';
import { REDIS } from './redis-token';
import { SignalChannel } from './signal-channel';

export { REDIS };

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared ioredis client for rate limits, cache versions and health checks (BullMQ keeps its own). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new Redis({
          ...redisOptionsFromUrl(config.redis.url),
          maxRetriesPerRequest: 2,
          enableOfflineQueue: false,
          lazyConnect: false,
          enableAutoPipelining: true,
        }),
    },
    RedisCloser,
    SignalChannel,
  ],
  exports: [REDIS, SignalChannel],
})
export class RedisModule {}
