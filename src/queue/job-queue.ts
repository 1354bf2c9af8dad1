import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, JobName } from './job-names';
import { jobPolicies, JobPolicy } from './job-options';
import { JobPayloads } from './job-payloads';

/** What identifies one enqueued job; everything else comes from the job's policy (job-options.ts). */
export interface EnqueueOptions {
  /** Deterministic id: enqueueing the same id twice adds nothing. */
  jobId?: string;
  /** Requests with the same id while one is pending become one job (for the policy's deduplicationTtl, or this one). */
  deduplicationId?: string;
  deduplicationTtl?: number;
  /** Overrides the policy's delay. */
  delay?: number;
}

/**
 * The one job producer, for the API and the worker: `enqueue(JobName.X, payload)` puts the job on the queue the job
 * table names (JOB_QUEUE) with the options its policy names (job-options.ts); the payload is checked against JobPayloads.
 */
@Injectable()
export class JobQueue {
  private readonly policies: Record<JobName, JobPolicy>;

  constructor(
    config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    this.policies = jobPolicies(config);
  }

  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}): Promise<Job> {
    return this.queueOf(name).add(name, payload, this.optionsFor(name, opts));
  }

  /** Many jobs of one name in one round trip (each with its own deterministic id). */
  enqueueMany<N extends JobName>(name: N, jobs: ReadonlyArray<{ payload: JobPayloads[N]; jobId: string }>): Promise<Job[]> {
    if (!jobs.length) return Promise.resolve([]);
    return this.queueOf(name).addBulk(jobs.map((j) => ({ name, data: j.payload, opts: this.optionsFor(name, { jobId: j.jobId }) })));
  }

  /** The options a job of this name is queued with (also used for the schedules' templates). */
  optionsFor(name: JobName, opts: EnqueueOptions = {}): JobsOptions {
    const { deduplicationTtl, ...policy } = this.policies[name];
    const ttl = opts.deduplicationTtl ?? deduplicationTtl;
    return {
      ...policy,
      ...(opts.delay !== undefined ? { delay: opts.delay } : {}),
      ...(opts.jobId ? { jobId: opts.jobId } : {}),
      ...(opts.deduplicationId
        ? { deduplication: ttl === undefined ? { id: opts.deduplicationId } : { id: opts.deduplicationId, ttl } }
        : {}),
    };
  }

  private queueOf(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(JOB_QUEUE[name]), { strict: false });
  }
}
