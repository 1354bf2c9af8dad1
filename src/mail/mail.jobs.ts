import { Injectable } from '@nestjs/common';
import { JobHandler } from '../queue/job-handler.decorator';
import { JobName } from '../queue/job-names';
import { MailSender } from './mail-sender';
import { SendEmailJob } from './mail.service';

/** Worker side of mail: sends each queued message over SMTP. */
@Injectable()
export class MailJobs {
  constructor(private readonly sender: MailSender) {}

  @JobHandler(JobName.SendEmail)
  async send(job: SendEmailJob): Promise<{ messageId: string }> {
    return this.sender.send(job);
  }
}
