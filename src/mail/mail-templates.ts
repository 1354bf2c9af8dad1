import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { registerPartialsFrom, registerSharedHelpers, SHARED_PARTIALS_DIR } from '../common/views/handlebars-setup';

export const TEMPLATE_DIR = join(__dirname, 'templates');

export enum MailTemplate {
  Invitation = 'invitation',
  InvitationExistingAccount = 'invitation-existing-account',
  PasswordReset = 'password-reset',
  ReminderMilestoneDue = 'reminder-milestone-due',
  ReminderMilestoneOverdue = 'reminder-milestone-overdue',
  ReminderReportDue = 'reminder-report-due',
  ReminderReportOverdue = 'reminder-report-overdue',
  ReminderLegalDeadline = 'reminder-legal-deadline',
  ReminderLegalDeadlineMissed = 'reminder-legal-deadline-missed',
  ReminderScoreDrop = 'reminder-score-drop',
  ReminderStaleInventory = 'reminder-stale-inventory',
  ReviewWaiting = 'review-waiting',
  ReviewOutcome = 'review-outcome',
  Digest = 'digest',
  CitizenReportReceived = 'citizen-report-received',
  ReminderCitizenReport = 'reminder-citizen-report',
  CitizenReportStatus = 'citizen-report-status',
}

/** A known template name (rules store their template as text; an unknown one is refused when a rule is edited). */
export const isMailTemplate = (name: string): name is MailTemplate => (Object.values(MailTemplate) as string[]).includes(name);

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

type Compiled = { subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate };

/**
 * One isolated Handlebars instance, strict mode (a missing variable throws instead of leaving a blank),
 * every template compiled once at boot, HTML inside a shared layout plus a plain-text alternative. Helpers
 * (glossary, formatting) and the `shared/` partials are the pages' too (src/common/views).
 */
export class MailTemplates {
  private readonly hbs = Handlebars.create();
  private readonly compiled = new Map<MailTemplate, Compiled>();
  private readonly layout: HandlebarsTemplateDelegate;

  constructor(dir = TEMPLATE_DIR) {
    // HTML escapes values; subject and plain text must not (a link would arrive as "token&#x3D;…").
    const compile = (file: string, noEscape = false) => this.hbs.compile(readFileSync(join(dir, file), 'utf8'), { strict: true, noEscape });
    // The glossary and formatting helpers, and the partials shared with the pages (`shared/…`).
    registerSharedHelpers(this.hbs);
    registerPartialsFrom(this.hbs, SHARED_PARTIALS_DIR, 'shared/');
    for (const file of readdirSync(join(dir, 'partials'))) {
      this.hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(dir, 'partials', file), 'utf8'));
    }
    this.layout = compile('layout.html.hbs');
    for (const name of Object.values(MailTemplate)) {
      this.compiled.set(name, {
        subject: compile(`${name}.subject.hbs`, true),
        html: compile(`${name}.html.hbs`),
        text: compile(`${name}.text.hbs`, true),
      });
    }
  }

  render(name: MailTemplate, data: Record<string, unknown>): RenderedMail {
    const t = this.compiled.get(name);
    if (!t) throw new Error(`Plantilla de correo desconocida: ${name}`);
    const subject = t.subject(data).trim();
    return { subject, html: this.layout({ ...data, subject, body: t.html(data) }), text: t.text(data) };
  }
}
