import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { MailTransport } from './mail-transport';
import { MailService, SendEmailJob } from './mail.service';

/** Delivers queued messages over SMTP (the SendEmail job, mail.jobs.ts). Failures throw, so BullMQ retries with backoff. */
@Injectable()
export class MailSender {
  constructor(
    private readonly mail: MailService,
    private readonly transport: MailTransport,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(MailSender.name);
  }

  async send(job: SendEmailJob): Promise<{ messageId: string }> {
    const rendered = this.mail.open(job);
    const { messageId } = await this.transport.send({ to: job.to, ...rendered });
    this.logger.info({ to: job.to, subject: rendered.subject, messageId }, 'e-mail sent');
    return { messageId };
  }
}
