import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data for issue 18: Guatemala's national public holidays for 2026–2027 (Código de Trabajo art. 127 as amended by
 * Decreto 19-2018: 30 June moves to the previous Monday when it falls on a Tuesday or Wednesday, to the next Monday on a
 * Thursday or Friday; Holy Thursday and Good Friday follow Easter: 5 April 2026, 28 March 2027). Half days (Holy
 * Wednesday, 24 and 31 December afternoons) are working days here. The answer deadline (10 business days) and the
 * reminder rules of citizen reports: to liaisons and the institution's admin when received (and to the analysts
 * following it), before the deadline, and once overdue, escalated to the Commission.
 */
const HOLIDAYS: Array<[string, string]> = [
  ['2026-01-01', 'Año Nuevo'],
  ['2026-04-02', 'Jueves Santo'],
  ['2026-04-03', 'Viernes Santo'],
  ['2026-05-01', 'Día del Trabajo'],
  ['2026-06-29', 'Día del Ejército (30 de junio, trasladado)'],
  ['2026-09-15', 'Día de la Independencia'],
  ['2026-10-20', 'Día de la Revolución de 1944'],
  ['2026-11-01', 'Día de Todos los Santos'],
  ['2026-12-25', 'Navidad'],
  ['2027-01-01', 'Año Nuevo'],
  ['2027-03-25', 'Jueves Santo'],
  ['2027-03-26', 'Viernes Santo'],
  ['2027-05-01', 'Día del Trabajo'],
  ['2027-06-28', 'Día del Ejército (30 de junio, trasladado)'],
  ['2027-09-15', 'Día de la Independencia'],
  ['2027-10-20', 'Día de la Revolución de 1944'],
  ['2027-11-01', 'Día de Todos los Santos'],
  ['2027-12-25', 'Navidad'],
];

const RULES = [
  {
    code: 'citizen-report-received',
    kind: 'citizen_report_received',
    name: 'Denuncia ciudadana recibida',
    offsets: [0],
    repeat: null,
    escalate: null,
    recipients: ['liaison', 'institution_admin', 'analyst'],
    escalation: [],
    template: 'citizen-report-received',
    mandatory: true,
  },
  {
    code: 'citizen-report-due',
    kind: 'citizen_report_due',
    name: 'Denuncia ciudadana por responder',
    offsets: [3, 1],
    repeat: null,
    escalate: null,
    recipients: ['liaison', 'institution_admin'],
    escalation: [],
    template: 'reminder-citizen-report',
    mandatory: true,
  },
  {
    code: 'citizen-report-overdue',
    kind: 'citizen_report_overdue',
    name: 'Denuncia ciudadana sin respuesta en plazo',
    offsets: [1],
    repeat: 7,
    escalate: 1,
    recipients: ['liaison', 'institution_admin'],
    escalation: ['analyst'],
    template: 'reminder-citizen-report',
    mandatory: true,
  },
];

export class SeedHolidaysAndCitizenReportRules1796140100000 implements MigrationInterface {
  name = 'SeedHolidaysAndCitizenReportRules1796140100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO public_holidays (day, name) SELECT * FROM unnest($1::date[], $2::text[])`, [
      HOLIDAYS.map((h) => h[0]),
      HOLIDAYS.map((h) => h[1]),
    ]);
    await queryRunner.query(`INSERT INTO citizen_report_settings (id, answer_business_days) VALUES (1, 10)`);
    for (const r of RULES) {
      await queryRunner.query(
        `INSERT INTO reminder_rules (code, kind, name, offsets, repeat_every_days, escalate_after_days, recipients, escalation_recipients, template, mandatory)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.code, r.kind, r.name, r.offsets, r.repeat, r.escalate, r.recipients, r.escalation, r.template, r.mandatory],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT set_config('app.scope', 'admin', true)`);
    const codes = RULES.map((r) => r.code);
    await queryRunner.query(`DELETE FROM notifications WHERE rule_id IN (SELECT id FROM reminder_rules WHERE code = ANY($1))`, [codes]);
    await queryRunner.query(`DELETE FROM reminder_rules WHERE code = ANY($1)`, [codes]);
    await queryRunner.query(`DELETE FROM citizen_report_settings`);
    await queryRunner.query(`DELETE FROM public_holidays WHERE day = ANY($1::date[])`, [HOLIDAYS.map((h) => h[0])]);
  }
}
