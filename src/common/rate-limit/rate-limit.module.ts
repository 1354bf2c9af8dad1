import { Global, Module } from '@nestjs/common';
import { RateLeases } from './rate-leases';
import { RateLimiter } from './rate-limiter.service';

@Global()
@Module({ providers: [RateLimiter, RateLeases], exports: [RateLimiter, RateLeases] })
export class RateLimitModule {}
