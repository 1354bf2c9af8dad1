import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobRegistry } from '../job-registry';
import { QUEUE_PROCESSORS } from './queue-processors';
import { SchedulerService } from './scheduler.service';

/** Consumers and schedulers: imported by the worker process only. */
@Module({
  imports: [DiscoveryModule],
  providers: [JobRegistry, SchedulerService, ...QUEUE_PROCESSORS],
})
export class WorkerQueueModule {}
