import { MigrationInterface, QueryRunner } from 'typeorm';
import { disableTenantRls, enableTenantRls, grantRuntime } from './support/rls';

/**
 * Scoring: versioned methodologies (v1 inserted here, as product default) and daily score snapshots.
 * Snapshots are tenant-owned (institution rows via RLS); the national row (institution_id NULL) is public
 * to every scope and written only in the admin scope by the scoring job.
 */

/** Methodology v1 as shipped (frozen here: later changes to the code defaults must not change this migration). */
const METHODOLOGY_V1 = {
  procedureWeights: {
    maturity: 35,
    legalBasis: 15,
    noProhibited: 15,
    publication: 10,
    resolutionTime: 10,
    freshness: 5,
    satisfaction: 10,
  },
  institutionWeights: {
    procedures: 60,
    planExecution: 25,
    reporting: 15,
  },
  prohibitedPenalty: 0.5,
  unknownTimeValue: 0.5,
  freshFullDays: 180,
  freshZeroDays: 365,
  defaultTargetLevel: 4,
  reportingSince: '2026-01-01',
  burden: {
    hourValueGtq: 25,
    visitCostGtq: 60,
    dailyOpportunityCostGtq: 15,
    hoursPerRequirement: 1.5,
    hoursPerVisit: 3,
  },
};

export class CreateScoring1795470422587 implements MigrationInterface {
  name = 'CreateScoring1795470422587';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."score_scope" AS ENUM('procedure', 'institution', 'national')`);
    await queryRunner.query(
      `CREATE TABLE "score_snapshots" ("id" BIGSERIAL NOT NULL, "scope" "public"."score_scope" NOT NULL, "subject_id" uuid NOT NULL, "institution_id" uuid, "snapshot_date" date NOT NULL, "methodology_version" integer NOT NULL, "score" numeric(5,2) NOT NULL, "components" jsonb NOT NULL, "indicators" jsonb, "burden" jsonb, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c9c88ecda82247938e2b787c9e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_score_snapshots_institution_day" ON "score_snapshots" ("institution_id", "snapshot_date") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_score_snapshots_subject_day" ON "score_snapshots" ("scope", "subject_id", "snapshot_date") `,
    );
    await queryRunner.query(
      `CREATE TABLE "methodologies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "version" integer NOT NULL, "name" character varying(200) NOT NULL, "parameters" jsonb NOT NULL, "active" boolean NOT NULL DEFAULT false, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_be6131d4407e0b0396801cd04d1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_methodologies_version" ON "methodologies" ("version") `);
    await grantRuntime(queryRunner, 'methodologies', 'SELECT, INSERT, UPDATE');
    await grantRuntime(queryRunner, 'score_snapshots', 'SELECT, INSERT, UPDATE, DELETE');
    await queryRunner.query(`GRANT USAGE ON SEQUENCE score_snapshots_id_seq TO simplifica_runtime`);
    await enableTenantRls(queryRunner, 'score_snapshots', {
      select: `institution_id IS NULL OR institution_id = app_institution_id() OR app_scope() IN ('read_all', 'admin')`,
      write: `institution_id = app_institution_id() OR (institution_id IS NULL AND app_scope() = 'admin')`,
    });
    await queryRunner.query(`INSERT INTO methodologies (version, name, parameters, active) VALUES (1, $1, $2, true)`, [
      'Metodología v1 (pesos del documento de referencia)',
      JSON.stringify(METHODOLOGY_V1),
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await disableTenantRls(queryRunner, 'score_snapshots');
    await queryRunner.query(`DROP INDEX "public"."UQ_methodologies_version"`);
    await queryRunner.query(`DROP TABLE "methodologies"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_score_snapshots_subject_day"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_score_snapshots_institution_day"`);
    await queryRunner.query(`DROP TABLE "score_snapshots"`);
    await queryRunner.query(`DROP TYPE "public"."score_scope"`);
  }
}
