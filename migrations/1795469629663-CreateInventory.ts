import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime, TENANT_POLICIES } from './support/rls';

/**
 * Inventory schema (procedures, requirements, maturity, plans, milestones, actions, reports, deadlines, imports).
 * Generated from the entities; the hand-written tail adds the search index, grants and row-level security.
 */

export class CreateInventory1795469629663 implements MigrationInterface {
  name = 'CreateInventory1795469629663';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."procedure_audience" AS ENUM('person', 'business', 'both')`);
    await queryRunner.query(`CREATE TYPE "public"."procedure_status" AS ENUM('active', 'eliminated', 'merged')`);
    await queryRunner.query(
      `CREATE TABLE "procedures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "code" character varying(40) NOT NULL, "name" character varying(300) NOT NULL, "description" text, "output" character varying(300), "audience" "public"."procedure_audience" NOT NULL DEFAULT 'both', "category" character varying(120), "life_event" character varying(160), "foreign_trade" boolean NOT NULL DEFAULT false, "prioritized" boolean NOT NULL DEFAULT false, "channels" text array NOT NULL DEFAULT '{}', "online_url" character varying(500), "forms_url" character varying(500), "forms_free" boolean, "fee_gtq" numeric(14,2) NOT NULL DEFAULT '0', "legal_basis" text, "legal_max_days" integer, "actual_median_days" integer, "annual_volume" integer, "in_person_visits" integer NOT NULL DEFAULT '0', "status" "public"."procedure_status" NOT NULL DEFAULT 'active', "merged_into_id" uuid, "current_level" smallint NOT NULL DEFAULT '0', "declared_level" smallint, "target_level" smallint, "target_date" date, "last_reviewed_at" date, "baseline_date" date NOT NULL, "baseline_requirements" integer NOT NULL, "baseline_days" integer, "baseline_visits" integer NOT NULL, "baseline_fee_gtq" numeric(14,2) NOT NULL, CONSTRAINT "CHK_procedures_levels" CHECK (current_level BETWEEN 0 AND 10 AND (declared_level IS NULL OR declared_level BETWEEN 0 AND 10) AND (target_level IS NULL OR target_level BETWEEN 0 AND 10)), CONSTRAINT "CHK_procedures_numbers" CHECK (fee_gtq >= 0 AND (legal_max_days IS NULL OR legal_max_days >= 0) AND (actual_median_days IS NULL OR actual_median_days >= 0) AND (annual_volume IS NULL OR annual_volume >= 0) AND in_person_visits >= 0), CONSTRAINT "PK_e7775bab78f27b4c47580b6cb4b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_febe6586b7fcb5c6ad076b9357" ON "procedures" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_procedures_institution_updated" ON "procedures" ("institution_id", "updated_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_procedures_institution_code" ON "procedures" ("institution_id", "code") `);
    await queryRunner.query(
      `CREATE TYPE "public"."requirement_evidence_type" AS ENUM('document', 'form', 'payment_receipt', 'certificate', 'identification', 'photo', 'inspection', 'other')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."requirement_issuer" AS ENUM('applicant', 'same_institution', 'other_institution')`);
    await queryRunner.query(
      `CREATE TYPE "public"."requirement_legal_basis_type" AS ENUM('law', 'government_agreement', 'other_rule', 'none')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."requirement_prohibited_kind" AS ENUM('sworn_declaration', 'notarised_signature', 'same_institution_document', 'police_report_for_loss', 'apostille_translation', 'rejection_fee')`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."requirement_status" AS ENUM('active', 'eliminated', 'simplified', 'replaced_by_interoperability')`,
    );
    await queryRunner.query(
      `CREATE TABLE "requirements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "procedure_id" uuid NOT NULL, "name" character varying(300) NOT NULL, "evidence_type" "public"."requirement_evidence_type" NOT NULL DEFAULT 'document', "issuer" "public"."requirement_issuer" NOT NULL DEFAULT 'applicant', "issuer_institution" character varying(200), "legal_basis_type" "public"."requirement_legal_basis_type" NOT NULL DEFAULT 'none', "legal_basis_reference" character varying(300), "obtainable_by_interoperability" boolean NOT NULL DEFAULT false, "prohibited" boolean NOT NULL DEFAULT false, "prohibited_kind" "public"."requirement_prohibited_kind", "effective_from" date NOT NULL, "effective_to" date, "status" "public"."requirement_status" NOT NULL DEFAULT 'active', CONSTRAINT "CHK_requirements_issuer" CHECK (issuer <> 'other_institution' OR issuer_institution IS NOT NULL), CONSTRAINT "CHK_requirements_prohibited" CHECK (prohibited = (prohibited_kind IS NOT NULL)), CONSTRAINT "CHK_requirements_period" CHECK (effective_to IS NULL OR effective_to >= effective_from), CONSTRAINT "PK_4e966e20a0ebaf89e4c1ed664a4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_0982d9ef8fca513547d09f0202" ON "requirements" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_requirements_institution_updated" ON "requirements" ("institution_id", "updated_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_requirements_procedure_period" ON "requirements" ("procedure_id", "effective_from") `);
    await queryRunner.query(`CREATE TYPE "public"."progress_report_status" AS ENUM('submitted', 'accepted', 'returned')`);
    await queryRunner.query(
      `CREATE TABLE "progress_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "year" smallint NOT NULL, "quarter" smallint NOT NULL, "content" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_by" uuid NOT NULL, "status" "public"."progress_report_status" NOT NULL DEFAULT 'submitted', "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "review_comment" text, CONSTRAINT "CHK_progress_reports_quarter" CHECK (quarter BETWEEN 1 AND 4 AND year BETWEEN 2021 AND 2100), CONSTRAINT "PK_175179020a43d5ec75ab1d6a04f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5773e33329fa39a20863cbaa69" ON "progress_reports" ("institution_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_progress_reports_quarter" ON "progress_reports" ("institution_id", "year", "quarter") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."plan_status" AS ENUM('draft', 'submitted', 'approved')`);
    await queryRunner.query(
      `CREATE TABLE "simplification_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "title" character varying(120) NOT NULL, "period_start" date NOT NULL, "period_end" date NOT NULL, "revision" integer NOT NULL DEFAULT '1', "status" "public"."plan_status" NOT NULL DEFAULT 'draft', "budget_gtq" numeric(16,2), "approval_act" character varying(300), "submitted_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "review_comment" text, CONSTRAINT "CHK_simplification_plans_budget" CHECK (budget_gtq IS NULL OR budget_gtq >= 0), CONSTRAINT "CHK_simplification_plans_period" CHECK (period_end > period_start), CONSTRAINT "PK_038f86b95995ae77b3759fd753d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_31fcd2ac3b8b3181f2b9b739ad" ON "simplification_plans" ("institution_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_simplification_plans_period_revision" ON "simplification_plans" ("institution_id", "period_start", "revision") `,
    );
    await queryRunner.query(`CREATE TYPE "public"."rationalisation_action_type" AS ENUM('regulatory', 'administrative', 'technological')`);
    await queryRunner.query(
      `CREATE TABLE "rationalisation_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "procedure_id" uuid NOT NULL, "type" "public"."rationalisation_action_type" NOT NULL, "description" text NOT NULL, "benefit" text, "implemented_on" date, "steps_before" integer, "steps_after" integer, "requirements_before" integer, "requirements_after" integer, "days_before" integer, "days_after" integer, "fee_before_gtq" numeric(14,2), "fee_after_gtq" numeric(14,2), CONSTRAINT "PK_e3cb0505744cf3a05253c8f4e52" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_7c6a9830f78ca968ac4ab0dd23" ON "rationalisation_actions" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_rationalisation_actions_procedure" ON "rationalisation_actions" ("procedure_id") `);
    await queryRunner.query(
      `CREATE TYPE "public"."milestone_kind" AS ENUM('raise_level', 'eliminate_requirement', 'reduce_time', 'publish_form', 'interoperate', 'other')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."milestone_status" AS ENUM('pending', 'in_progress', 'completed', 'cancelled')`);
    await queryRunner.query(
      `CREATE TABLE "milestones" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "procedure_id" uuid, "kind" "public"."milestone_kind" NOT NULL, "target" character varying(300) NOT NULL, "due_date" date NOT NULL, "status" "public"."milestone_status" NOT NULL DEFAULT 'pending', "completed_on" date, "completed_late" boolean, "evidence" text, CONSTRAINT "PK_0bdbfe399c777a6a8520ff902d9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_379525987115f64a2133120429" ON "milestones" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_milestones_institution_due" ON "milestones" ("institution_id", "due_date") `);
    await queryRunner.query(`CREATE INDEX "IDX_milestones_plan" ON "milestones" ("plan_id") `);
    await queryRunner.query(
      `CREATE TABLE "maturity_models" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" integer NOT NULL, "name" character varying(200) NOT NULL, "levels" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT false, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e24e11ecec2af6db8d3cb215c97" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_maturity_models_version" ON "maturity_models" ("version") `);
    await queryRunner.query(`CREATE TYPE "public"."assessment_status" AS ENUM('submitted', 'validated', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "maturity_assessments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "procedure_id" uuid NOT NULL, "model_id" uuid NOT NULL, "answers" jsonb NOT NULL, "resulting_level" smallint NOT NULL, "evidence_url" character varying(500), "evidence_note" text, "status" "public"."assessment_status" NOT NULL DEFAULT 'submitted', "submitted_by" uuid NOT NULL, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "review_comment" text, CONSTRAINT "PK_4d575952b5e22deae3038ecabaf" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e8acb64c3d4a68d5685494f619" ON "maturity_assessments" ("institution_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_maturity_assessments_status" ON "maturity_assessments" ("status", "created_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_maturity_assessments_procedure" ON "maturity_assessments" ("procedure_id", "created_at") `);
    await queryRunner.query(`CREATE TYPE "public"."inventory_import_status" AS ENUM('queued', 'running', 'completed', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "inventory_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid NOT NULL, "file_name" character varying(255) NOT NULL, "format" character varying(10) NOT NULL, "content" bytea NOT NULL, "second_content" bytea, "dry_run" boolean NOT NULL, "status" "public"."inventory_import_status" NOT NULL DEFAULT 'queued', "progress" smallint NOT NULL DEFAULT '0', "counts" jsonb, "problems" jsonb, "created_by" uuid NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_90309127a71eb46ffda7f0231bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4171acb0e6672f391e5c5a3db4" ON "inventory_imports" ("institution_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_inventory_imports_institution_created" ON "inventory_imports" ("institution_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "legal_deadlines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "code" character varying(60) NOT NULL, "name" character varying(300) NOT NULL, "description" text, "coverage" "public"."institution_coverage" NOT NULL, "due_date" date NOT NULL, "legal_reference" character varying(300), CONSTRAINT "PK_77c0c24e442757c707b6b43068d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_legal_deadlines_code" ON "legal_deadlines" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "procedure_changes" ("id" BIGSERIAL NOT NULL, "institution_id" uuid NOT NULL, "procedure_id" uuid NOT NULL, "subject" character varying(20) NOT NULL, "subject_id" uuid NOT NULL, "action" character varying(30) NOT NULL, "field" character varying(60), "old_value" jsonb, "new_value" jsonb, "is_public" boolean NOT NULL DEFAULT true, "changed_by" uuid, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0e0e603be397c9874fc601615ec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_procedure_changes_institution" ON "procedure_changes" ("institution_id", "changed_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_procedure_changes_procedure" ON "procedure_changes" ("procedure_id", "changed_at") `);
    await queryRunner.query(
      `ALTER TABLE "procedures" ADD CONSTRAINT "FK_febe6586b7fcb5c6ad076b9357c" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "FK_0982d9ef8fca513547d09f02026" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "requirements" ADD CONSTRAINT "FK_1a3393e14145c66224063b45acc" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_reports" ADD CONSTRAINT "FK_5773e33329fa39a20863cbaa694" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "simplification_plans" ADD CONSTRAINT "FK_31fcd2ac3b8b3181f2b9b739ada" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rationalisation_actions" ADD CONSTRAINT "FK_7c6a9830f78ca968ac4ab0dd23b" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "rationalisation_actions" ADD CONSTRAINT "FK_2591c100dfa31906eb11a2a6291" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "FK_379525987115f64a21331204294" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "FK_9dea51849ab531e87c9548c7624" FOREIGN KEY ("plan_id") REFERENCES "simplification_plans"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "milestones" ADD CONSTRAINT "FK_f42f00bbdac1b1b813cf73daf10" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "maturity_assessments" ADD CONSTRAINT "FK_e8acb64c3d4a68d5685494f6192" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "maturity_assessments" ADD CONSTRAINT "FK_c63fcdb0c707fc80ec3ee7436fd" FOREIGN KEY ("procedure_id") REFERENCES "procedures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "maturity_assessments" ADD CONSTRAINT "FK_fc1121195dfc963ecc910283890" FOREIGN KEY ("model_id") REFERENCES "maturity_models"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "inventory_imports" ADD CONSTRAINT "FK_4171acb0e6672f391e5c5a3db4a" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "IDX_procedures_search" ON procedures USING gin ((unaccent_immutable(lower(name || ' ' || code))) gin_trgm_ops)`,
    );
    await grantRuntime(queryRunner, 'procedures', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'requirements', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'procedure_changes', 'SELECT, INSERT');
    await grantRuntime(queryRunner, 'maturity_models', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'maturity_assessments', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'simplification_plans', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'milestones', 'SELECT, INSERT, UPDATE, DELETE');
    await grantRuntime(queryRunner, 'rationalisation_actions', 'SELECT, INSERT, UPDATE, DELETE');
    await grantRuntime(queryRunner, 'progress_reports', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'legal_deadlines', 'SELECT, INSERT, UPDATE, DELETE');
    await grantRuntime(queryRunner, 'inventory_imports', 'SELECT, INSERT, UPDATE');
    await queryRunner.query(`GRANT USAGE ON SEQUENCE procedure_changes_id_seq TO simplifica_runtime`);
    // Tenant-owned: each institution sees and writes its own rows; read_all reads across; nobody writes across.
    await enableTenantRls(queryRunner, 'procedures', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'requirements', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'procedure_changes', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'maturity_assessments', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'simplification_plans', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'milestones', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'rationalisation_actions', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'progress_reports', TENANT_POLICIES);
    await enableTenantRls(queryRunner, 'inventory_imports', TENANT_POLICIES);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'inventory_imports');
    await disableTenantRls(queryRunner, 'progress_reports');
    await disableTenantRls(queryRunner, 'rationalisation_actions');
    await disableTenantRls(queryRunner, 'milestones');
    await disableTenantRls(queryRunner, 'simplification_plans');
    await disableTenantRls(queryRunner, 'maturity_assessments');
    await disableTenantRls(queryRunner, 'procedure_changes');
    await disableTenantRls(queryRunner, 'requirements');
    await disableTenantRls(queryRunner, 'procedures');
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_procedures_search"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await queryRunner.query(`ALTER TABLE "inventory_imports" DROP CONSTRAINT "FK_4171acb0e6672f391e5c5a3db4a"`);
    await queryRunner.query(`ALTER TABLE "maturity_assessments" DROP CONSTRAINT "FK_fc1121195dfc963ecc910283890"`);
    await queryRunner.query(`ALTER TABLE "maturity_assessments" DROP CONSTRAINT "FK_c63fcdb0c707fc80ec3ee7436fd"`);
    await queryRunner.query(`ALTER TABLE "maturity_assessments" DROP CONSTRAINT "FK_e8acb64c3d4a68d5685494f6192"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "FK_f42f00bbdac1b1b813cf73daf10"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "FK_9dea51849ab531e87c9548c7624"`);
    await queryRunner.query(`ALTER TABLE "milestones" DROP CONSTRAINT "FK_379525987115f64a21331204294"`);
    await queryRunner.query(`ALTER TABLE "rationalisation_actions" DROP CONSTRAINT "FK_2591c100dfa31906eb11a2a6291"`);
    await queryRunner.query(`ALTER TABLE "rationalisation_actions" DROP CONSTRAINT "FK_7c6a9830f78ca968ac4ab0dd23b"`);
    await queryRunner.query(`ALTER TABLE "simplification_plans" DROP CONSTRAINT "FK_31fcd2ac3b8b3181f2b9b739ada"`);
    await queryRunner.query(`ALTER TABLE "progress_reports" DROP CONSTRAINT "FK_5773e33329fa39a20863cbaa694"`);
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "FK_1a3393e14145c66224063b45acc"`);
    await queryRunner.query(`ALTER TABLE "requirements" DROP CONSTRAINT "FK_0982d9ef8fca513547d09f02026"`);
    await queryRunner.query(`ALTER TABLE "procedures" DROP CONSTRAINT "FK_febe6586b7fcb5c6ad076b9357c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_procedure_changes_procedure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_procedure_changes_institution"`);
    await queryRunner.query(`DROP TABLE "procedure_changes"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_legal_deadlines_code"`);
    await queryRunner.query(`DROP TABLE "legal_deadlines"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_inventory_imports_institution_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4171acb0e6672f391e5c5a3db4"`);
    await queryRunner.query(`DROP TABLE "inventory_imports"`);
    await queryRunner.query(`DROP TYPE "public"."inventory_import_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_maturity_assessments_procedure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_maturity_assessments_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e8acb64c3d4a68d5685494f619"`);
    await queryRunner.query(`DROP TABLE "maturity_assessments"`);
    await queryRunner.query(`DROP TYPE "public"."assessment_status"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_maturity_models_version"`);
    await queryRunner.query(`DROP TABLE "maturity_models"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_milestones_plan"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_milestones_institution_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_379525987115f64a2133120429"`);
    await queryRunner.query(`DROP TABLE "milestones"`);
    await queryRunner.query(`DROP TYPE "public"."milestone_status"`);
    await queryRunner.query(`DROP TYPE "public"."milestone_kind"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_rationalisation_actions_procedure"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7c6a9830f78ca968ac4ab0dd23"`);
    await queryRunner.query(`DROP TABLE "rationalisation_actions"`);
    await queryRunner.query(`DROP TYPE "public"."rationalisation_action_type"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_simplification_plans_period_revision"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_31fcd2ac3b8b3181f2b9b739ad"`);
    await queryRunner.query(`DROP TABLE "simplification_plans"`);
    await queryRunner.query(`DROP TYPE "public"."plan_status"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_progress_reports_quarter"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5773e33329fa39a20863cbaa69"`);
    await queryRunner.query(`DROP TABLE "progress_reports"`);
    await queryRunner.query(`DROP TYPE "public"."progress_report_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_requirements_procedure_period"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_requirements_institution_updated"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0982d9ef8fca513547d09f0202"`);
    await queryRunner.query(`DROP TABLE "requirements"`);
    await queryRunner.query(`DROP TYPE "public"."requirement_status"`);
    await queryRunner.query(`DROP TYPE "public"."requirement_prohibited_kind"`);
    await queryRunner.query(`DROP TYPE "public"."requirement_legal_basis_type"`);
    await queryRunner.query(`DROP TYPE "public"."requirement_issuer"`);
    await queryRunner.query(`DROP TYPE "public"."requirement_evidence_type"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_procedures_institution_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_procedures_institution_updated"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_febe6586b7fcb5c6ad076b9357"`);
    await queryRunner.query(`DROP TABLE "procedures"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_status"`);
    await queryRunner.query(`DROP TYPE "public"."procedure_audience"`);
  }
}
