import { Global, Module } from '@nestjs/common';
import { NetworkKeys } from './network-key';
import { RateLeases } from './rate-leases';
import { RateLimiter } from './rate-limiter.service';

@Global()
@Module({ providers: [RateLimiter, RateLeases, NetworkKeys], exports: [RateLimiter, RateLeases, NetworkKeys] })
export class RateLimitModule {}
