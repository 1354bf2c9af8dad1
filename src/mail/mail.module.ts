import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender';
import { MailJobs } from './mail.jobs';
import { MailTemplates } from './mail-templates';
import { MailTransport } from './mail-transport';
import { MailService } from './mail.service';

@Global()
@Module({
  providers: [{ provide: MailTemplates, useFactory: () => new MailTemplates() }, MailService, MailTransport, MailSender, MailJobs],
  exports: [MailService, MailTemplates, MailTransport],
})
export class MailModule {}
