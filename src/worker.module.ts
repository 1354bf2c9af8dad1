import { Module } from '@nestjs/common';
import { FEATURE_MODULES, PLATFORM_MODULES } from './app.module';
import { ReminderCatchUp } from './modules/notifications/reminder-catch-up';
import { ScoringCatchUp } from './modules/scoring/scoring-catch-up';
import { ScoringModule } from './modules/scoring/scoring.module';
import { WorkerQueueModule } from './queue/worker/worker-queue.module';

/** The worker: same services, plus BullMQ consumers and schedulers; no HTTP. */
@Module({
  imports: [...PLATFORM_MODULES, ...FEATURE_MODULES, WorkerQueueModule, ScoringModule],
  providers: [ScoringCatchUp, ReminderCatchUp],
})
export class WorkerModule {}
