import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, OnApplicationBootstrap, Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import { hostname } from 'node:os';
import { AppConfig } from '../../config/app-config';
import { JobRegistry } from '../job-registry';
import { ALL_QUEUES, QueueName } from '../queue-names';

/**
 * This process's name in BullMQ: each job records the worker that took it (`processedBy`) and Redis lists the
 * connections under it (CLIENT LIST), so with several workers one can tell which process ran, or dropped, what.
 */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** One thin BullMQ consumer per queue; what a job does is decided by the registry from its name. */
function processorFor(queue: QueueName): Type<WorkerHost> {
  @Processor(queue, { name: WORKER_NAME })
  class QueueProcessor extends WorkerHost implements OnApplicationBootstrap {
    constructor(
      @Inject(JobRegistry) private readonly registry: JobRegistry,
      @Inject(AppConfig) private readonly config: AppConfig,
    ) {
      super();
    }

    onApplicationBootstrap(): void {
      this.worker.concurrency = this.config.worker.concurrency;
    }

    process(job: Job): Promise<unknown> {
      return this.registry.dispatch(job);
    }
  }
  Object.defineProperty(QueueProcessor, 'name', { value: `QueueProcessor(${queue})` });
  return QueueProcessor;
}

export const QUEUE_PROCESSORS = ALL_QUEUES.map(processorFor);
