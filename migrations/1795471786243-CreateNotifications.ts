import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime } from './support/rls';

/**
 * Reminders and notifications: rules as data (defaults of the domain reference §7, product defaults frozen here),
 * the outbox of notifications (unique dedupe key; in-app list) and per-user preferences.
 */

const DEFAULT_RULES = [
  {
    code: 'milestone-due',
    kind: 'milestone_due',
    name: 'Hito próximo a vencer',
    offsets: [30, 7, 1],
    repeat: null,
    escalate: null,
    recipients: ['liaison'],
    escalation: [],
    threshold: null,
    template: 'reminder-milestone-due',
    mandatory: false,
  },
  {
    code: 'milestone-overdue',
    kind: 'milestone_overdue',
    name: 'Hito vencido',
    offsets: [1],
    repeat: 7,
    escalate: 14,
    recipients: ['liaison'],
    escalation: ['institution_admin', 'analyst'],
    threshold: null,
    template: 'reminder-milestone-overdue',
    mandatory: false,
  },
  {
    code: 'report-due',
    kind: 'report_due',
    name: 'Informe trimestral próximo a vencer',
    offsets: [14, 3],
    repeat: null,
    escalate: null,
    recipients: ['liaison'],
    escalation: [],
    threshold: null,
    template: 'reminder-report-due',
    mandatory: false,
  },
  {
    code: 'report-overdue',
    kind: 'report_overdue',
    name: 'Informe trimestral vencido',
    offsets: [1],
    repeat: 7,
    escalate: null,
    recipients: ['liaison'],
    escalation: [],
    threshold: null,
    template: 'reminder-report-overdue',
    mandatory: false,
  },
  {
    code: 'legal-deadline',
    kind: 'legal_deadline',
    name: 'Plazo legal próximo',
    offsets: [60, 30, 7],
    repeat: null,
    escalate: null,
    recipients: ['liaison', 'institution_admin'],
    escalation: [],
    threshold: null,
    template: 'reminder-legal-deadline',
    mandatory: true,
  },
  {
    code: 'score-drop',
    kind: 'score_drop',
    name: 'Caída de la calificación',
    offsets: [],
    repeat: null,
    escalate: null,
    recipients: ['liaison', 'analyst'],
    escalation: [],
    threshold: '10',
    template: 'reminder-score-drop',
    mandatory: false,
  },
];

export class CreateNotifications1795471786243 implements MigrationInterface {
  name = 'CreateNotifications1795471786243';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reminder_rules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "code" character varying(60) NOT NULL, "kind" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "offsets" integer array NOT NULL DEFAULT '{}', "repeat_every_days" integer, "escalate_after_days" integer, "recipients" text array NOT NULL DEFAULT '{}', "escalation_recipients" text array NOT NULL DEFAULT '{}', "threshold" numeric(5,2), "template" character varying(80) NOT NULL, "mandatory" boolean NOT NULL DEFAULT false, "enabled" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_b42e2f1ee2f100d8471b63a2cb7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_reminder_rules_code" ON "reminder_rules" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "institution_id" uuid NOT NULL, "rule_id" uuid NOT NULL, "kind" character varying(40) NOT NULL, "subject_type" character varying(40) NOT NULL, "subject_id" uuid NOT NULL, "due_date" date NOT NULL, "stage" character varying(40) NOT NULL, "recipient_id" uuid NOT NULL, "recipient_email" character varying(254), "reason" character varying(40) NOT NULL, "escalation" boolean NOT NULL DEFAULT false, "mandatory" boolean NOT NULL DEFAULT false, "delivery" character varying(20) NOT NULL, "days_until_due" integer NOT NULL, "evaluated_on" date NOT NULL, "payload" jsonb NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "skip_reason" character varying(200), "sent_at" TIMESTAMP WITH TIME ZONE, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_notifications_pending" ON "notifications" ("status", "delivery") `);
    await queryRunner.query(`CREATE INDEX "IDX_notifications_institution" ON "notifications" ("institution_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_notifications_recipient" ON "notifications" ("recipient_id", "created_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_notifications_dedupe" ON "notifications" ("rule_id", "subject_id", "due_date", "stage", "recipient_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "delivery" character varying(20) NOT NULL DEFAULT 'immediate', "opted_out" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_64c90edc7310c6be7c10c96f675" PRIMARY KEY ("user_id"))`,
    );
    await grantRuntime(queryRunner, 'reminder_rules', 'SELECT, UPDATE');
    await grantRuntime(queryRunner, 'notifications', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'notification_preferences', 'SELECT, INSERT, UPDATE');
    // The daily evaluation writes for every institution in the admin scope; people see their own or their institution's.
    await enableTenantRls(queryRunner, 'notifications', {
      select: `institution_id = app_institution_id() OR recipient_id = app_user_id() OR app_scope() IN ('read_all', 'admin')`,
      write: `institution_id = app_institution_id() OR recipient_id = app_user_id() OR app_scope() = 'admin'`,
    });
    await enableTenantRls(queryRunner, 'notification_preferences', {
      select: `user_id = app_user_id() OR app_scope() IN ('read_all', 'admin')`,
      write: `user_id = app_user_id() OR app_scope() = 'admin'`,
    });
    for (const r of DEFAULT_RULES) {
      await queryRunner.query(
        `INSERT INTO reminder_rules (code, kind, name, offsets, repeat_every_days, escalate_after_days, recipients, escalation_recipients, threshold, template, mandatory)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [r.code, r.kind, r.name, r.offsets, r.repeat, r.escalate, r.recipients, r.escalation, r.threshold, r.template, r.mandatory],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'notification_preferences');
    await disableTenantRls(queryRunner, 'notifications');
    await queryRunner.query(`DROP TABLE "notification_preferences"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_notifications_dedupe"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_recipient"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_institution"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_pending"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_reminder_rules_code"`);
    await queryRunner.query(`DROP TABLE "reminder_rules"`);
  }
}
