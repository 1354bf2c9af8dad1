import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName } from '../queue/job-names';
import { SendEmailJob } from './mail.service';

/** Worker side: delivers queued messages over SMTP. Failures throw, so BullMQ retries with backoff. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(MailSender.name);
    this.transport = nodemailer.createTransport(config.mail.smtpUrl);
  }

  @JobHandler(JobName.SendEmail)
  async send(job: SendEmailJob): Promise<{ messageId: string }> {
    const info = await this.transport.sendMail({ from: this.config.mail.from, to: job.to, subject: job.subject, html: job.html, text: job.text });
    this.logger.info({ to: job.to, subject: job.subject, messageId: info.messageId }, 'e-mail sent');
    return { messageId: info.messageId };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
