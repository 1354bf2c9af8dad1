import { Module } from '@nestjs/common';
import { MailModule } from '../../mail/mail.module';
import { CitizenReportMail } from './citizen-report-mail';
import { CitizenReportsService } from './citizen-reports.service';

/** Citizens' reports (denuncias, issue 18): filing, the institution's answer, the Commission's ruling, status e-mails. */
@Module({
  imports: [MailModule],
  providers: [CitizenReportsService, CitizenReportMail],
  exports: [CitizenReportsService],
})
export class CitizenReportsModule {}
