import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName } from './job-names';
import { JobPayloads } from './job-payloads';

export const JOB_HANDLER = 'simplifica:jobHandler';

/**
 * Marks a provider method as the handler of one job name; its first parameter is checked against the job's payload.
 * Handlers live in `<feature>.jobs.ts` files (a unit test keeps it so). Payloads carry ids and tenant ids, never entities.
 */
export const JobHandler =
  <N extends JobName>(name: N) =>
  <F extends (data: JobPayloads[N], job: Job) => Promise<unknown>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<F>,
  ): void => {
    SetMetadata(JOB_HANDLER, name)(target, key, descriptor);
  };
