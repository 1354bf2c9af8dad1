import { Injectable } from '@nestjs/common';
import { decryptText, encryptText, Keyring, keyringFrom } from '../common/crypto/data-encryption';
import { AppConfig } from '../config/app-config';
import { JobName } from '../queue/job-names';
import { JobQueue } from '../queue/job-queue';
import { MailTemplate, MailTemplates, RenderedMail } from './mail-templates';

/**
 * A queued message. The rendered content carries single-use links (invitations, password resets), so it travels
 * through Redis — and stays there while BullMQ keeps finished jobs — sealed with DATA_ENCRYPTION_KEY; only the
 * recipient is in clear (logs and retries need it).
 */
export interface SendEmailJob {
  to: string;
  sealed: string;
}

const PURPOSE = 'mail-job';

/** Renders a template (strict: a missing variable fails here, at the caller) and queues the message for SMTP delivery. */
@Injectable()
export class MailService {
  private readonly keyring: Keyring;

  constructor(
    config: AppConfig,
    private readonly templates: MailTemplates,
    private readonly jobs: JobQueue,
  ) {
    this.keyring = keyringFrom(config.dataEncryption.key, config.dataEncryption.previousKey);
  }

  async send(to: string, template: MailTemplate, data: Record<string, unknown>): Promise<void> {
    const rendered = this.templates.render(template, data);
    const job: SendEmailJob = { to, sealed: encryptText(this.keyring, JSON.stringify(rendered), PURPOSE) };
    await this.jobs.enqueue(JobName.SendEmail, job);
  }

  /** The worker's side of `send`. */
  open(job: SendEmailJob): RenderedMail {
    return JSON.parse(decryptText(this.keyring, job.sealed, PURPOSE)) as RenderedMail;
  }
}
