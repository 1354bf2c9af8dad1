import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime } from './support/rls';

/**
 * Foundation schema. Tables were generated from the entities; the second half (hand-written) adds what
 * TypeORM does not model: accent-insensitive search, the row-level-security helpers and policies, and the
 * runtime role's grants (audit rows: insert and read only).
 */

export class CreateFoundation1795468768609 implements MigrationInterface {
  name = 'CreateFoundation1795468768609';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE FUNCTION unaccent_immutable(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    // RLS helpers: read the per-transaction settings written by Database (src/database/database.service.ts).
    await queryRunner.query(`CREATE FUNCTION app_institution_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
            AS $$ SELECT NULLIF(current_setting('app.institution_id', true), '')::uuid $$`);
    await queryRunner.query(`CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
            AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$`);
    await queryRunner.query(`CREATE FUNCTION app_scope() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
            AS $$ SELECT COALESCE(NULLIF(current_setting('app.scope', true), ''), 'tenant') $$`);
    await queryRunner.query(
      `CREATE TYPE "public"."institution_type" AS ENUM('ministry', 'secretariat', 'decentralized', 'autonomous', 'municipality', 'other')`,
    );
    await queryRunner.query(`CREATE TYPE "public"."institution_coverage" AS ENUM('bound', 'opted_in')`);
    await queryRunner.query(
      `CREATE TABLE "institutions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "code" character varying(20) NOT NULL, "name" character varying(200) NOT NULL, "type" "public"."institution_type" NOT NULL, "coverage" "public"."institution_coverage" NOT NULL, "opted_in_at" date, "adhesion_act" character varying(300), "sector" character varying(120), "website" character varying(300), "active" boolean NOT NULL DEFAULT true, CONSTRAINT "CHK_institutions_opted_in" CHECK (coverage <> 'opted_in' OR (opted_in_at IS NOT NULL AND adhesion_act IS NOT NULL)), CONSTRAINT "PK_0be7539dcdba335470dc05e9690" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_institutions_code" ON "institutions" ("code") `);
    await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('liaison', 'institution_admin', 'analyst', 'admin')`);
    await queryRunner.query(`CREATE TYPE "public"."user_status" AS ENUM('invited', 'active', 'disabled')`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', "institution_id" uuid, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "role" "public"."user_role" NOT NULL, "status" "public"."user_status" NOT NULL DEFAULT 'invited', "password_hash" character varying(200), "password_changed_at" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_users_institution_role" CHECK ((role IN ('liaison', 'institution_admin')) = (institution_id IS NOT NULL)), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_users_institution" ON "users" ("institution_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email") `);
    await queryRunner.query(`CREATE TYPE "public"."one_time_token_purpose" AS ENUM('invitation', 'password_reset')`);
    await queryRunner.query(
      `CREATE TABLE "one_time_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" "public"."one_time_token_purpose" NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e470cc9ffc1b2afa054304db17" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_one_time_tokens_user" ON "one_time_tokens" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_one_time_tokens_hash" ON "one_time_tokens" ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "partner_api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" character(64) NOT NULL, "scopes" text array NOT NULL, "rate_limit_per_minute" integer NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_414d0b464f3d7e36ffb871030a0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_partner_api_keys_prefix" ON "partner_api_keys" ("prefix") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_refresh_tokens_user" ON "refresh_tokens" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_refresh_tokens_family" ON "refresh_tokens" ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" character varying(20) NOT NULL, "actor_user_id" uuid, "actor_role" character varying(30), "institution_id" uuid, "entity" character varying(60) NOT NULL, "entity_id" character varying(100) NOT NULL, "action" character varying(60) NOT NULL, "before" jsonb, "after" jsonb, "request_id" character varying(100), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_events_entity" ON "audit_events" ("entity", "entity_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_events_institution_time" ON "audit_events" ("institution_id", "occurred_at") `);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_822972ceea1fda0973b8acc7bbe" FOREIGN KEY ("institution_id") REFERENCES "institutions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "one_time_tokens" ADD CONSTRAINT "FK_0dc2deee64e514ad6f7e69504e1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // --- privileges of the runtime role (owns nothing; cannot bypass RLS) ---
    await grantRuntime(queryRunner, 'institutions', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'users', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'one_time_tokens', 'SELECT, INSERT, UPDATE, DELETE');
    await grantRuntime(queryRunner, 'refresh_tokens', 'SELECT, INSERT, UPDATE, DELETE');
    await grantRuntime(queryRunner, 'partner_api_keys', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'audit_events', 'SELECT, INSERT');
    await queryRunner.query(`GRANT USAGE ON SEQUENCE audit_events_id_seq TO simplifica_runtime`);

    // --- users: an institution's users are its own; Commission users (no institution) only in admin scope or as themselves ---
    await enableTenantRls(queryRunner, 'users', {
      select: `institution_id = app_institution_id() OR id = app_user_id() OR app_scope() IN ('read_all', 'admin')`,
      write: `institution_id = app_institution_id() OR id = app_user_id() OR app_scope() = 'admin'`,
    });
    // --- audit trail: append-only (no UPDATE/DELETE grant); rows of other institutions invisible and not insertable ---
    await enableTenantRls(queryRunner, 'audit_events', {
      select: `institution_id = app_institution_id() OR app_scope() IN ('read_all', 'admin')`,
      insert: `institution_id IS NULL OR institution_id = app_institution_id() OR app_scope() = 'admin'`,
    });
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'audit_events');
    await disableTenantRls(queryRunner, 'users');
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await queryRunner.query(`ALTER TABLE "one_time_tokens" DROP CONSTRAINT "FK_0dc2deee64e514ad6f7e69504e1"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_822972ceea1fda0973b8acc7bbe"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_institution_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_entity"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_tokens_family"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_refresh_tokens_user"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_partner_api_keys_prefix"`);
    await queryRunner.query(`DROP TABLE "partner_api_keys"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_one_time_tokens_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_one_time_tokens_user"`);
    await queryRunner.query(`DROP TABLE "one_time_tokens"`);
    await queryRunner.query(`DROP TYPE "public"."one_time_token_purpose"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_institution"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TYPE "public"."user_status"`);
    await queryRunner.query(`DROP TYPE "public"."user_role"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_institutions_code"`);
    await queryRunner.query(`DROP TABLE "institutions"`);
    await queryRunner.query(`DROP TYPE "public"."institution_coverage"`);
    await queryRunner.query(`DROP TYPE "public"."institution_type"`);
    await queryRunner.query(`DROP FUNCTION app_scope()`);
    await queryRunner.query(`DROP FUNCTION app_user_id()`);
    await queryRunner.query(`DROP FUNCTION app_institution_id()`);
    await queryRunner.query(`DROP FUNCTION unaccent_immutable(text)`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
