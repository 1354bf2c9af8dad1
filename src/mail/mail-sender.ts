import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { MailService, SendEmailJob } from './mail.service';

/** Delivers queued messages over SMTP (the SendEmail job, mail.jobs.ts). Failures throw, so BullMQ retries with backoff. */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly mail: MailService,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(MailSender.name);
    this.transport = nodemailer.createTransport(config.mail.smtpUrl);
  }

  async send(job: SendEmailJob): Promise<{ messageId: string }> {
    const { subject, html, text } = this.mail.open(job);
    const info = await this.transport.sendMail({ from: this.config.mail.from, to: job.to, subject, html, text });
    this.logger.info({ to: job.to, subject, messageId: info.messageId }, 'e-mail sent');
    return { messageId: info.messageId };
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
