import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender';
import { MailTemplates } from './mail-templates';
import { MailService } from './mail.service';

@Global()
@Module({
  providers: [{ provide: MailTemplates, useFactory: () => new MailTemplates() }, MailService, MailSender],
  exports: [MailService, MailTemplates],
})
export class MailModule {}
