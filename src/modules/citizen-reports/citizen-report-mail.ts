import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { systemActor } from '../../common/auth/actor';
import { AppConfig } from '../../config/app-config';
import type { CitizenReportStepped } from '../../events/event-map';
import { OnEvent } from '../../events/on-event.decorator';
import { MailTemplate } from '../../mail/mail-templates';
import { MailService } from '../../mail/mail.service';
import { formatDateEs } from '../notifications/reminder-format';
import { CitizenReportsService } from './citizen-reports.service';
import { CitizenReportRow } from './citizen-reports.sql';

/** The public pages of a report (status, and the deletion of its contact e-mail), for links in e-mails. */
export const citizenReportPaths = {
  status: (code: string) => `/transparencia/denuncias/${encodeURIComponent(code)}`,
  contact: (code: string, token: string) =>
    `/transparencia/denuncias/${encodeURIComponent(code)}/correo?clave=${encodeURIComponent(token)}`,
};

/** What the citizen is told at each step (no personal data: the code, the procedure, dates, the answer and the ruling). */
export function statusMessage(r: CitizenReportRow, step: CitizenReportStepped['step']): { headline: string; message: string } {
  if (step === 'received')
    return {
      headline: 'recibimos su denuncia',
      message: `La institución debe responder a más tardar el ${formatDateEs(r.answer_due_on)}; después, la Comisión decidirá si la denuncia es fundada. Le avisaremos a este correo en cada paso.`,
    };
  if (step === 'answered')
    return {
      headline: 'la institución respondió',
      message: `${r.institution_name} respondió el ${formatDateEs(r.answered_on ?? r.received_on)}. Ahora la Comisión decidirá si la denuncia es fundada.`,
    };
  return r.status === 'founded'
    ? {
        headline: 'la Comisión la declaró fundada',
        message: `La Comisión declaró fundada su denuncia el ${formatDateEs(r.ruled_on ?? r.received_on)}.`,
      }
    : {
        headline: 'la Comisión la declaró infundada',
        message: `La Comisión declaró infundada su denuncia el ${formatDateEs(r.ruled_on ?? r.received_on)}. En la página de seguimiento está el motivo.`,
      };
}

/** A status e-mail to the citizen at each step, if they left an e-mail (decrypted only here, sent through the mail queue). */
@Injectable()
export class CitizenReportMail {
  constructor(
    private readonly reports: CitizenReportsService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(CitizenReportMail.name);
  }

  @OnEvent('citizen-report.stepped')
  async onStepped(events: readonly CitizenReportStepped[]): Promise<void> {
    for (const e of events) {
      try {
        await this.send(e);
      } catch (err) {
        this.logger.error({ err, reportId: e.reportId, step: e.step }, 'citizen report status e-mail not queued');
      }
    }
  }

  private async send(e: CitizenReportStepped): Promise<void> {
    const actor = systemActor();
    const to = await this.reports.contactEmail(actor, e.reportId);
    if (!to) return;
    const r = await this.reports.report(actor, e.reportId);
    if (!r) return;
    const base = this.config.http.publicUrl;
    await this.mail.send(to, MailTemplate.CitizenReportStatus, {
      ...statusMessage(r, e.step),
      trackingCode: r.tracking_code,
      procedureName: r.procedure_name,
      institutionName: r.institution_name,
      statusUrl: `${base}${citizenReportPaths.status(r.tracking_code)}`,
      deleteUrl: `${base}${citizenReportPaths.contact(r.tracking_code, this.reports.contactToken(r.tracking_code))}`,
    });
  }
}
