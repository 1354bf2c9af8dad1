import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Access, assertRole } from '../../common/auth/access';
import { Actor } from '../../common/auth/actor';
import { CITIZEN_REPORT_ANSWER_ROLES, CITIZEN_REPORT_RULING_ROLES } from '../../common/auth/roles';
import { decryptText, encryptText, Keyring, keyringFrom } from '../../common/crypto/data-encryption';
import { AppException } from '../../common/errors/app.exception';
import { addBusinessDays } from '../../common/time/business-days';
import { todayInGuatemala } from '../../common/time/guatemala-time';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { CitizenReportCountsRow, citizenReportCountsSql } from '../inventory/rules/citizen-report-counts.sql';
import { CitizenReport } from './entities/citizen-report.entity';
import { DEFAULT_ANSWER_BUSINESS_DAYS, newTrackingCode, normaliseTrackingCode } from './citizen-report.rules';
import {
  answerBusinessDays,
  CitizenReportRow,
  holidaySet,
  REPORTED_PROCEDURE_SQL,
  REPORTED_REQUIREMENT_SQL,
  ReportedProcedureRow,
  ReportedRequirementRow,
  reportById,
  reportByCode,
  reportPage,
  CONTACT_EMAIL_SQL,
  ContactEmailRow,
  FindingIdRow,
  INSERT_REPORT_FINDING_SQL,
  TRACKING_CODE_TAKEN_SQL,
} from './citizen-reports.sql';
import { AnswerCitizenReportDto, FileCitizenReportDto, RuleCitizenReportDto } from './dto/citizen-report.dto';

/** Associated data of the encrypted contact e-mail: a value encrypted for this column decrypts nowhere else. */
const CONTACT_PURPOSE = 'citizen-report-contact';
/** The law's day one: nothing can have been asked under Decreto 5-2021 before it. */
const LAW_IN_FORCE = '2021-08-31';
export const REPORTS_PAGE_SIZE = 25;

export interface CitizenReportCounts {
  received: number;
  answeredOnTime: number;
  answeredLate: number;
  overdueUnanswered: number;
  founded: number;
  unfounded: number;
}

const toCounts = (r: CitizenReportCountsRow | undefined): CitizenReportCounts => ({
  received: r?.received ?? 0,
  answeredOnTime: r?.answered_on_time ?? 0,
  answeredLate: r?.answered_late ?? 0,
  overdueUnanswered: r?.overdue_unanswered ?? 0,
  founded: r?.founded ?? 0,
  unfounded: r?.unfounded ?? 0,
});

/**
 * Citizens' reports (denuncias, issue 18): filed without an account on the public site, answered by the institution
 * within a deadline of business days, ruled founded or unfounded by the Commission. A founded report about a requirement
 * with no legal basis, or about something not in the registry, becomes a finding on the procedure.
 */
@Injectable()
export class CitizenReportsService {
  private readonly keyring: Keyring;
  private readonly linkKey: Buffer;

  constructor(
    private readonly db: Database,
    config: AppConfig,
  ) {
    this.keyring = keyringFrom(config.dataEncryption.key, config.dataEncryption.previousKey);
    this.linkKey = createHmac('sha256', config.auth.jwtSecret).update('simplifica:citizen-report-contact:v1').digest();
  }

  /** Files a report on a procedure (anonymous): the tracking code to follow it. Bad input is a 400 naming the field, nothing written. */
  async file(actor: Actor, institutionCode: string, procedureCode: string, dto: FileCitizenReportDto): Promise<{ trackingCode: string }> {
    const today = todayInGuatemala();
    const procedure = await this.db.run(Access.acrossInstitutions(actor, 'citizen-reports.file: procedure'), async ({ em }) => {
      const [p] = (await em.query(REPORTED_PROCEDURE_SQL, [institutionCode, procedureCode])) as ReportedProcedureRow[];
      if (!p) throw AppException.notFound('El trámite');
      return p;
    });
    if (dto.askedOn > today) throw fieldError('askedOn', 'La fecha no puede ser posterior a hoy.');
    if (dto.askedOn < LAW_IN_FORCE)
      throw fieldError('askedOn', 'La fecha debe ser posterior a la entrada en vigor de la ley (31 de agosto de 2021).');
    if (dto.kind === 'prohibited' && !dto.requirementId)
      throw fieldError('requirementId', 'Elija el requisito de la lista que le pidieron.');
    const requirementId = dto.kind === 'prohibited' ? (dto.requirementId ?? null) : null;
    return this.db.run(Access.institution(actor, procedure.institution_id, 'citizen-reports.file'), async (tx) => {
      if (requirementId) {
        const [r] = (await tx.em.query(REPORTED_REQUIREMENT_SQL, [requirementId, procedure.id])) as ReportedRequirementRow[];
        if (!r) throw fieldError('requirementId', 'Elija uno de los requisitos de este trámite.');
      }
      const days = (await answerBusinessDays(tx.em)) ?? DEFAULT_ANSWER_BUSINESS_DAYS;
      const due = addBusinessDays(today, days, await holidaySet(tx.em));
      let saved: CitizenReport | null = null;
      for (let attempt = 0; !saved && attempt < 5; attempt++) {
        const code = newTrackingCode();
        const taken = (await tx.em.query(TRACKING_CODE_TAKEN_SQL, [code])) as unknown[];
        if (taken.length) continue;
        saved = await tx.em.getRepository(CitizenReport).save(
          tx.em.getRepository(CitizenReport).create({
            institutionId: procedure.institution_id,
            trackingCode: code,
            procedureId: procedure.id,
            requirementId,
            kind: dto.kind,
            whatAsked: dto.whatAsked,
            askedOn: dto.askedOn,
            channel: dto.channel,
            place: dto.place ?? null,
            contactEmailEncrypted: dto.email ? encryptText(this.keyring, dto.email.toLowerCase(), CONTACT_PURPOSE) : null,
            status: 'received',
            receivedOn: today,
            answerDueOn: due,
          }),
        );
      }
      if (!saved) throw new Error('No se pudo asignar un código de seguimiento libre');
      await tx.audit({ entity: 'citizen_report', entityId: saved.id, action: 'create', after: publicSnapshot(saved) });
      tx.emit('citizen-report.stepped', { reportId: saved.id, institutionId: saved.institutionId, step: 'received' });
      return { trackingCode: saved.trackingCode };
    });
  }

  /** The public status of a report by its tracking code (as typed); 404 for an unknown code. Never carries the e-mail. */
  async byTrackingCode(actor: Actor, raw: string): Promise<CitizenReportRow> {
    const code = normaliseTrackingCode(raw);
    if (!code) throw AppException.notFound('La denuncia');
    const row = await this.db.run(Access.acrossInstitutions(actor, 'citizen-reports.status'), ({ em }) => reportByCode(em, code));
    if (!row) throw AppException.notFound('La denuncia');
    return row;
  }

  /** Reports the caller may see: an institution's users their own (row-level security), Commission staff all; open first. */
  async list(
    actor: Actor,
    q: { status?: string | null; page?: number },
  ): Promise<{ rows: CitizenReportRow[]; total: number; page: number }> {
    const page = Math.max(1, Math.floor(q.page ?? 1));
    const { rows, total } = await this.db.run(Access.forReading(actor, 'citizen-reports.list'), ({ em }) =>
      reportPage(em, { status: q.status ?? null }, REPORTS_PAGE_SIZE, (page - 1) * REPORTS_PAGE_SIZE),
    );
    return { rows, total, page };
  }

  async get(actor: Actor, id: string): Promise<CitizenReportRow> {
    if (!isUuid(id)) throw AppException.notFound('La denuncia');
    const row = await this.db.run(Access.forReading(actor, 'citizen-reports.get'), ({ em }) => reportById(em, id));
    if (!row) throw AppException.notFound('La denuncia');
    return row;
  }

  /** The institution answers (once, while the report awaits it). Another institution's report is a 404. */
  async answer(actor: Actor, id: string, dto: AnswerCitizenReportDto): Promise<void> {
    assertRole(actor, CITIZEN_REPORT_ANSWER_ROLES);
    if (!isUuid(id)) throw AppException.notFound('La denuncia');
    await this.db.run(Access.ownInstitution(actor, 'citizen-reports.answer'), async (tx) => {
      const { before, after } = await tx.updateVersioned(
        CitizenReport,
        id,
        dto.version,
        { answer: dto.answer, answeredOn: todayInGuatemala(), answeredBy: actor.userId, status: 'answered' },
        'La denuncia',
        (_merged, current) => {
          if (current.status !== 'received') throw AppException.conflict('Esta denuncia ya fue respondida o resuelta por la Comisión.');
        },
      );
      await tx.audit({
        entity: 'citizen_report',
        entityId: id,
        action: 'answer',
        before: publicSnapshot(before),
        after: publicSnapshot(after),
      });
      tx.emit('citizen-report.stepped', { reportId: id, institutionId: after.institutionId, step: 'answered' });
    });
  }

  /**
   * The Commission rules founded or unfounded, with a reason (after the answer, or without one once the deadline has
   * passed). A founded report of something not in the registry, or of a registered requirement with no legal basis,
   * becomes a finding on the procedure (kind citizen_report), which analysts may later dismiss like any other.
   */
  async rule(actor: Actor, id: string, dto: RuleCitizenReportDto): Promise<void> {
    assertRole(actor, CITIZEN_REPORT_RULING_ROLES);
    if (!isUuid(id)) throw AppException.notFound('La denuncia');
    const access = await this.db.accessToRow(actor, CitizenReport, id, 'La denuncia', 'citizen-reports.rule');
    await this.db.run(access, async (tx) => {
      const today = todayInGuatemala();
      const { before, after } = await tx.updateVersioned(
        CitizenReport,
        id,
        dto.version,
        { status: dto.founded ? 'founded' : 'unfounded', rulingReason: dto.reason, ruledOn: today, ruledBy: actor.userId },
        'La denuncia',
        (_merged, current) => {
          if (current.status === 'founded' || current.status === 'unfounded')
            throw AppException.conflict('La Comisión ya resolvió esta denuncia.');
          if (current.status === 'received' && current.answerDueOn >= today)
            throw AppException.conflict(
              'La institución aún está en plazo para responder: podrá resolver cuando responda o cuando venza el plazo.',
            );
        },
      );
      if (dto.founded) {
        const findingId = await this.findingOf(tx, after, dto.reason, today);
        if (findingId) await tx.em.update(CitizenReport, { id, institutionId: after.institutionId }, { findingId });
      }
      await tx.audit({
        entity: 'citizen_report',
        entityId: id,
        action: dto.founded ? 'rule_founded' : 'rule_unfounded',
        before: publicSnapshot(before),
        after: publicSnapshot(after),
      });
      tx.emit('citizen-report.stepped', { reportId: id, institutionId: after.institutionId, step: 'ruled' });
    });
  }

  /** The finding a founded report becomes, when it is about something with no legal basis; its id, or null. */
  private async findingOf(tx: UnitOfWork, report: CitizenReport, reason: string, today: string): Promise<string | null> {
    let what: string;
    if (report.kind === 'not_listed') {
      what = `pidieron «${report.whatAsked}», que no está en el registro del trámite`;
    } else {
      const [r] = (await tx.em.query(REPORTED_REQUIREMENT_SQL, [report.requirementId, report.procedureId])) as ReportedRequirementRow[];
      if (!r || r.legal_basis_type !== 'none') return null;
      what = `pidieron «${r.name}», requisito sin base legal`;
    }
    const message = `Denuncia ciudadana ${report.trackingCode} fundada por la Comisión: ${what}. ${reason}`.slice(0, 4000);
    const [row] = (await tx.em.query(INSERT_REPORT_FINDING_SQL, [
      report.institutionId,
      report.trackingCode,
      report.procedureId,
      report.askedOn,
      message,
      today,
    ])) as FindingIdRow[];
    if (!row) return null;
    await tx.audit({
      entity: 'finding',
      entityId: row.id,
      action: 'create',
      after: { kind: 'citizen_report', code: report.trackingCode, message },
    });
    return row.id;
  }

  /** The token of the deletion link in every e-mail of a report (HMAC of its code): the same in each, so any of them works. */
  contactToken(trackingCode: string): string {
    return createHmac('sha256', this.linkKey).update(trackingCode).digest().subarray(0, 16).toString('base64url');
  }

  private checkToken(trackingCode: string, token: string): boolean {
    const expected = Buffer.from(this.contactToken(trackingCode));
    const given = Buffer.from(String(token));
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Whether the deletion link is valid and whether an e-mail is still stored (for the confirmation page); 404 for a bad link. */
  async contactStatus(actor: Actor, rawCode: string, token: string): Promise<{ trackingCode: string; hasContact: boolean }> {
    const row = await this.byTrackingCode(actor, rawCode);
    if (!this.checkToken(row.tracking_code, token)) throw AppException.notFound('El enlace');
    return { trackingCode: row.tracking_code, hasContact: row.has_contact };
  }

  /** Deletes the contact e-mail (the link in each e-mail); idempotent. The report itself stays. */
  async deleteContact(actor: Actor, rawCode: string, token: string): Promise<{ trackingCode: string }> {
    const row = await this.byTrackingCode(actor, rawCode);
    if (!this.checkToken(row.tracking_code, token)) throw AppException.notFound('El enlace');
    if (!row.has_contact) return { trackingCode: row.tracking_code };
    await this.db.run(Access.institution(actor, row.institution_id, 'citizen-reports.delete-contact'), async (tx) => {
      await tx.em.update(
        CitizenReport,
        { id: row.id, institutionId: row.institution_id },
        { contactEmailEncrypted: null, contactDeletedAt: new Date() },
      );
      await tx.audit({ entity: 'citizen_report', entityId: row.id, action: 'delete_contact' });
    });
    return { trackingCode: row.tracking_code };
  }

  /** The contact e-mail in clear, for a status update only (system); null when none or deleted. */
  async contactEmail(actor: Actor, reportId: string): Promise<string | null> {
    const stored = await this.db.run(Access.acrossInstitutions(actor, 'citizen-reports.contact for a status e-mail'), async ({ em }) => {
      const [r] = (await em.query(CONTACT_EMAIL_SQL, [reportId])) as ContactEmailRow[];
      return r?.contact_email_encrypted ?? null;
    });
    return stored ? decryptText(this.keyring, stored, CONTACT_PURPOSE) : null;
  }

  async report(actor: Actor, reportId: string): Promise<CitizenReportRow | null> {
    return this.db.run(Access.acrossInstitutions(actor, 'citizen-reports.read'), ({ em }) => reportById(em, reportId));
  }

  /** Public counts per institution (received, answered on time or late, overdue, founded, unfounded); no personal data. */
  async counts(actor: Actor, institutionId: string): Promise<CitizenReportCounts> {
    return this.db.run(Access.acrossInstitutions(actor, 'citizen-reports.counts'), async ({ em }) => {
      const [row] = (await em.query(citizenReportCountsSql('$2', '$1::date'), [
        todayInGuatemala(),
        institutionId,
      ])) as CitizenReportCountsRow[];
      return toCounts(row);
    });
  }
}

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

const fieldError = (field: string, message: string): AppException => AppException.badRequest(message, [{ field, messages: [message] }]);

/** What the audit trail keeps of a report: never the e-mail (encrypted or not). */
const publicSnapshot = (r: CitizenReport) => ({
  trackingCode: r.trackingCode,
  procedureId: r.procedureId,
  requirementId: r.requirementId,
  kind: r.kind,
  whatAsked: r.whatAsked,
  askedOn: r.askedOn,
  channel: r.channel,
  place: r.place,
  status: r.status,
  receivedOn: r.receivedOn,
  answerDueOn: r.answerDueOn,
  answer: r.answer,
  answeredOn: r.answeredOn,
  rulingReason: r.rulingReason,
  ruledOn: r.ruledOn,
});

export { toCounts };
