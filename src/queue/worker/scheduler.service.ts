import { getQueueToken } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { JOB_QUEUE } from '../job-names';
import { JobQueue } from '../job-queue';
import { ALL_QUEUES } from '../queue-names';
import { SCHEDULE_TIMEZONE, schedules } from '../schedules';

/**
 * Registers the schedule table with BullMQ job schedulers. Upserting by a stable key is idempotent, so
 * any number of workers can boot at once and each tick still produces exactly one job.
 */
@Injectable()
export class SchedulerService implements OnApplicationBootstrap {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(SchedulerService.name);
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }

  async onApplicationBootstrap(): Promise<void> {
    const table = schedules(this.config);
    for (const s of table) {
      const { attempts, backoff } = this.jobs.optionsFor(s.job);
      const opts = { ...(attempts !== undefined ? { attempts } : {}), ...(backoff !== undefined ? { backoff } : {}) };
      await this.queue(JOB_QUEUE[s.job]).upsertJobScheduler(
        s.key,
        { pattern: s.pattern, tz: SCHEDULE_TIMEZONE },
        { name: s.job, data: {}, opts },
      );
      this.logger.info({ key: s.key, pattern: s.pattern, tz: SCHEDULE_TIMEZONE }, 'job scheduler registered');
    }
    const known = new Set(table.map((s) => s.key));
    for (const name of ALL_QUEUES) {
      for (const existing of await this.queue(name).getJobSchedulers()) {
        if (existing.key && !known.has(existing.key)) {
          await this.queue(name).removeJobScheduler(existing.key);
          this.logger.info({ key: existing.key }, 'obsolete job scheduler removed');
        }
      }
    }
  }
}
