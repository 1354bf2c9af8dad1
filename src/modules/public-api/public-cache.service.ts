import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import { AuditService } from '../audit/audit.service';
import { ScoringService } from '../scoring/scoring.service';

export interface DataVersion {
  /** Changes whenever public data may have changed; part of every ETag. */
  version: string;
  /** When it last changed (HTTP dates have second precision). */
  modifiedAt: Date;
}

/**
 * The public data's version, kept in Redis so every API replica agrees: bumped after every committed audited
 * write and after every score run (API and worker processes). A conditional request is answered from it alone.
 * The first value is the current time in ms, so a lost Redis key never brings back an old ETag.
 */
@Injectable()
export class PublicCacheVersion implements OnModuleInit {
  private readonly key: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    private readonly audit: AuditService,
    private readonly scoring: ScoringService,
    private readonly logger: PinoLogger,
  ) {
    this.key = `${config.redis.queuePrefix}:public:version`;
    this.logger.setContext(PublicCacheVersion.name);
  }

  onModuleInit(): void {
    this.audit.onCommittedWrite(() => this.bumpQuietly());
    this.scoring.onRunCompleted(() => this.bumpQuietly());
  }

  async current(): Promise<DataVersion> {
    const [version, at] = await this.redis.hmget(this.key, 'v', 'at');
    if (version && at) return { version, modifiedAt: new Date(Number(at)) };
    return this.bump();
  }

  async bump(): Promise<DataVersion> {
    const now = Date.now();
    // HINCRBY on a missing field starts from 0: seed it with the clock first (no-op when present).
    const res = await this.redis.multi().hsetnx(this.key, 'v', String(now)).hincrby(this.key, 'v', 1).hset(this.key, 'at', String(now)).exec();
    const version = res?.[1]?.[1];
    return { version: String(version), modifiedAt: new Date(now) };
  }

  private async bumpQuietly(): Promise<void> {
    try {
      await this.bump();
    } catch (e) {
      this.logger.error({ err: e }, 'public cache version bump failed');
    }
  }
}
