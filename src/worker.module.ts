import { Module } from '@nestjs/common';
import { FEATURE_MODULES, PLATFORM_MODULES } from './app.module';
import { WorkerQueueModule } from './queue/worker/worker-queue.module';

/** The worker: same services, plus BullMQ consumers and schedulers; no HTTP. */
@Module({
  imports: [...PLATFORM_MODULES, ...FEATURE_MODULES, WorkerQueueModule],
})
export class WorkerModule {}
