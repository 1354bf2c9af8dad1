import { SetMetadata } from '@nestjs/common';
import { JobName } from './job-names';

export const JOB_HANDLER = 'simplifica:jobHandler';

/** Marks a provider method as the handler of one job name. Payloads carry ids and tenant ids, never entities. */
export const JobHandler = (name: JobName) => SetMetadata(JOB_HANDLER, name);
