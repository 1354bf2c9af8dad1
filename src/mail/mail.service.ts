import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { JobName } from '../queue/job-names';
import { QueueName } from '../queue/queue-names';
import { MailTemplate, MailTemplates } from './mail-templates';

export interface SendEmailJob {
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Renders a template (strict: a missing variable fails here, at the caller) and queues the message for SMTP delivery. */
@Injectable()
export class MailService {
  constructor(
    private readonly templates: MailTemplates,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue,
  ) {}

  async send(to: string, template: MailTemplate, data: Record<string, unknown>): Promise<void> {
    const rendered = this.templates.render(template, data);
    const job: SendEmailJob = { to, ...rendered };
    await this.queue.add(JobName.SendEmail, job);
  }
}
