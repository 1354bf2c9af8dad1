import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender';
import { MailJobs } from './mail.jobs';
import { MailTemplates } from './mail-templates';
import { MailService } from './mail.service';

@Global()
@Module({
  providers: [{ provide: MailTemplates, useFactory: () => new MailTemplates() }, MailService, MailSender, MailJobs],
  exports: [MailService, MailTemplates],
})
export class MailModule {}
