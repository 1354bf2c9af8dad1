import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobName } from '../../queue/job-names';
import { DeliverWebhookJob, WebhooksService } from './webhooks.service';

/** Worker side of webhooks: the debounced dispatch over the change feed, and each signed delivery. */
@Injectable()
export class WebhooksJobs {
  constructor(private readonly webhooks: WebhooksService) {}

  @JobHandler(JobName.DispatchWebhooks)
  async dispatch(): Promise<{ queued: number }> {
    return this.webhooks.dispatch();
  }

  @JobHandler(JobName.DeliverWebhook)
  async deliver(data: DeliverWebhookJob, job: Job): Promise<{ status: number }> {
    return this.webhooks.deliver(data, job);
  }
}
