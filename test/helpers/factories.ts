import { JwtService } from '@nestjs/jwt';
import { Algorithm, hash } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../src/common/auth/roles';
import { todayInGuatemala } from '../../src/common/time/guatemala-time';
import { defaultArticle } from '../../src/common/text/institution-name';
import { TestApp } from './test-app';

export const TEST_PASSWORD = 'Contraseña-de-prueba-2026';
let passwordHash: Promise<string> | undefined;

const unique = () => randomBytes(3).toString('hex').toUpperCase();

/** A transaction with the given RLS settings, through the application's role. */
export async function asScope<T>(
  ds: DataSource,
  scope: 'tenant' | 'read_all' | 'admin',
  institutionId: string | null,
  fn: (em: EntityManager) => Promise<T>,
): Promise<T> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
    return fn(em);
  });
}

export interface TestInstitution {
  id: string;
  code: string;
  name: string;
}

/**
 * An institution with the article its name takes. `schemaHasArticle: false` for suites that write data at a schema
 * older than the article column (migration tests).
 */
export async function createInstitution(
  ds: DataSource,
  name = 'Ministerio de Pruebas',
  { schemaHasArticle = true } = {},
): Promise<TestInstitution> {
  const code = `T${unique()}`;
  return asScope(ds, 'admin', null, async (em) => {
    const [row] = schemaHasArticle
      ? await em.query(
          `INSERT INTO institutions (code, name, article, type, coverage, sector) VALUES ($1, $2, $3, 'ministry', 'bound', 'Pruebas') RETURNING id, code, name`,
          [code, `${name} ${code}`, defaultArticle(name)],
        )
      : await em.query(
          `INSERT INTO institutions (code, name, type, coverage, sector) VALUES ($1, $2, 'ministry', 'bound', 'Pruebas') RETURNING id, code, name`,
          [code, `${name} ${code}`],
        );
    return row as TestInstitution;
  });
}

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  institutionId: string | null;
}

export async function createUser(
  ds: DataSource,
  role: Role,
  institutionId: string | null,
  opts: { status?: string } = {},
): Promise<TestUser> {
  passwordHash ??= hash(TEST_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const email = `${role}.${unique().toLowerCase()}@prueba.gob.gt`;
  return asScope(ds, 'admin', null, async (em) => {
    const [row] = await em.query(
      `INSERT INTO users (email, name, role, institution_id, status, password_hash) VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id, email, role, institution_id AS "institutionId"`,
      [email, `Usuario ${role}`, role, institutionId, opts.status ?? 'active', await passwordHash],
    );
    return row as TestUser;
  });
}

/** A signed access token, as the login would issue it, without spending an argon2 verification per test. */
export function tokenFor(t: TestApp, user: TestUser, expiresIn = 900): string {
  return t.app.get(JwtService).sign({ sub: user.id, role: user.role, inst: user.institutionId, typ: 'access' }, { expiresIn });
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export interface TestProcedure {
  id: string;
  code: string;
  institutionId: string;
}

let procedureSeq = 0;

/** A procedure (and optionally its requirements) written through the app role in the institution's scope. */
export async function createProcedure(
  ds: DataSource,
  institutionId: string,
  fields: Partial<{
    code: string;
    name: string;
    feeGtq: string;
    legalMaxDays: number;
    actualMedianDays: number;
    annualVolume: number;
    inPersonVisits: number;
    foreignTrade: boolean;
    prioritized: boolean;
    currentLevel: number;
    targetLevel: number;
  }> = {},
): Promise<TestProcedure> {
  const code = fields.code ?? `PRC-${++procedureSeq}-${unique()}`;
  return asScope(ds, 'tenant', institutionId, async (em) => {
    const [row] = await em.query(
      `INSERT INTO procedures (institution_id, code, name, fee_gtq, legal_max_days, actual_median_days, annual_volume, in_person_visits,
         foreign_trade, prioritized, current_level, target_level, last_reviewed_at, baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, CURRENT_DATE, 0, $6, $8, $4)
       RETURNING id, code, institution_id AS "institutionId"`,
      [
        institutionId,
        code,
        fields.name ?? `Trámite de prueba ${code}`,
        fields.feeGtq ?? '0',
        fields.legalMaxDays ?? 30,
        fields.actualMedianDays ?? 45,
        fields.annualVolume ?? 100,
        fields.inPersonVisits ?? 1,
        fields.foreignTrade ?? false,
        fields.prioritized ?? false,
        fields.currentLevel ?? 0,
        fields.targetLevel ?? 4,
        todayInGuatemala(),
      ], // registering a procedure is reviewing it, as the application records it
    );
    return row as TestProcedure;
  });
}

export async function createRequirement(
  ds: DataSource,
  procedure: TestProcedure,
  fields: Partial<{
    name: string;
    legalBasisType: string;
    prohibitedKind: string | null;
    effectiveFrom: string;
    effectiveTo: string | null;
    status: string;
  }> = {},
): Promise<{ id: string }> {
  return asScope(ds, 'tenant', procedure.institutionId, async (em) => {
    const [row] = await em.query(
      `INSERT INTO requirements (institution_id, procedure_id, name, legal_basis_type, prohibited, prohibited_kind, effective_from, effective_to, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        procedure.institutionId,
        procedure.id,
        fields.name ?? 'Documento de identificación',
        fields.legalBasisType ?? 'law',
        Boolean(fields.prohibitedKind),
        fields.prohibitedKind ?? null,
        fields.effectiveFrom ?? '2021-09-01',
        fields.effectiveTo ?? null,
        fields.status ?? 'active',
      ],
    );
    return row as { id: string };
  });
}

export interface TwoTenants {
  a: TestInstitution;
  b: TestInstitution;
  liaisonA: TestUser;
  adminA: TestUser;
  liaisonB: TestUser;
  analyst: TestUser;
  admin: TestUser;
}

/** The usual cast of a cross-tenant suite: institutions A and B, A's liaison and admin, B's liaison, an analyst and an admin. */
export async function createTwoTenants(ds: DataSource, label = ''): Promise<TwoTenants> {
  const a = await createInstitution(ds, `Ministerio A${label ? ` ${label}` : ''}`);
  const b = await createInstitution(ds, `Ministerio B${label ? ` ${label}` : ''}`);
  return {
    a,
    b,
    liaisonA: await createUser(ds, 'liaison', a.id),
    adminA: await createUser(ds, 'institution_admin', a.id),
    liaisonB: await createUser(ds, 'liaison', b.id),
    analyst: await createUser(ds, 'analyst', null),
    admin: await createUser(ds, 'admin', null),
  };
}

/** The audit actions recorded for an entity, oldest first, as an admin reads them through the API. */
export async function auditTrail(t: TestApp, viewer: TestUser, entityId: string): Promise<string[]> {
  const res = await t
    .http()
    .get(`/api/v1/audit-events?entityId=${entityId}&pageSize=50`)
    .set(bearer(tokenFor(t, viewer)))
    .expect(200);
  return res.body.items.map((e: { action: string }) => e.action).reverse();
}

export interface TestPlan {
  id: string;
  institutionId: string;
  title: string;
}

let planSeq = 0;

/** A simplification plan (draft, next revision of its period unless told), written through the app role in the institution's scope. */
export async function createPlan(
  ds: DataSource,
  institutionId: string,
  fields: Partial<{
    title: string;
    periodStart: string;
    periodEnd: string;
    revision: number;
    status: string;
    budgetGtq: string | null;
  }> = {},
): Promise<TestPlan> {
  return asScope(ds, 'tenant', institutionId, async (em) => {
    const [row] = await em.query(
      `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, revision, status, budget_gtq)
       VALUES ($1, $2, $3, $4,
               COALESCE($5, (SELECT COALESCE(max(revision), 0) + 1 FROM simplification_plans WHERE institution_id = $1 AND period_start = $3)),
               $6, $7)
       RETURNING id, institution_id AS "institutionId", title`,
      [
        institutionId,
        fields.title ?? `Plan de prueba ${++planSeq}`,
        fields.periodStart ?? '2026-01-01',
        fields.periodEnd ?? '2026-12-31',
        fields.revision ?? null,
        fields.status ?? 'draft',
        fields.budgetGtq ?? null,
      ],
    );
    return row as TestPlan;
  });
}

export interface TestMilestone {
  id: string;
  institutionId: string;
  planId: string;
  target: string;
  dueDate: string;
}

let milestoneSeq = 0;

/** A milestone of a plan (pending, kind `other`, a unique target unless told). */
export async function createMilestone(
  ds: DataSource,
  plan: Pick<TestPlan, 'id' | 'institutionId'>,
  fields: Partial<{
    kind: string;
    target: string;
    dueDate: string;
    status: string;
    procedureId: string | null;
    completedOn: string | null;
  }> = {},
): Promise<TestMilestone> {
  return asScope(ds, 'tenant', plan.institutionId, async (em) => {
    const [row] = await em.query(
      `INSERT INTO milestones (institution_id, plan_id, kind, target, due_date, status, procedure_id, completed_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, institution_id AS "institutionId", plan_id AS "planId", target, due_date::text AS "dueDate"`,
      [
        plan.institutionId,
        plan.id,
        fields.kind ?? 'other',
        fields.target ?? `Hito de prueba ${++milestoneSeq}`,
        fields.dueDate ?? '2026-06-30',
        fields.status ?? 'pending',
        fields.procedureId ?? null,
        fields.completedOn ?? null,
      ],
    );
    return row as TestMilestone;
  });
}

export interface TestProgressReport {
  id: string;
  institutionId: string;
  year: number;
  quarter: number;
}

/** A quarterly progress report as submitted by a user of the institution. */
export async function createProgressReport(
  ds: DataSource,
  submittedBy: Pick<TestUser, 'id' | 'institutionId'>,
  fields: Partial<{ year: number; quarter: number; content: string; status: string; submittedAt: string }> = {},
): Promise<TestProgressReport> {
  const institutionId = submittedBy.institutionId as string;
  return asScope(ds, 'tenant', institutionId, async (em) => {
    const [row] = await em.query(
      `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by, status)
       VALUES ($1, $2, $3, $4, COALESCE($5::timestamptz, now()), $6, $7) RETURNING id, institution_id AS "institutionId", year, quarter`,
      [
        institutionId,
        fields.year ?? 2026,
        fields.quarter ?? 1,
        fields.content ?? 'Avances del trimestre: formularios publicados en línea.',
        fields.submittedAt ?? null,
        submittedBy.id,
        fields.status ?? 'submitted',
      ],
    );
    return row as TestProgressReport;
  });
}

/**
 * Institution score snapshots from real score runs (indicators, components and national figures as production writes
 * them), one per day, each then given the institution score asked for: { '2026-05-01': '80.00', … }.
 */
export async function createScoreSnapshots(t: TestApp, institutionId: string, scores: Record<string, string | number>): Promise<void> {
  // Resolved at call time: suites that never score do not load the scoring module.
  const { ScoringService } = await import('../../src/modules/scoring/scoring.service');
  for (const [day, score] of Object.entries(scores)) {
    await t.app.get(ScoringService).recomputeInstitution(institutionId, day);
    await asScope(t.dataSource, 'tenant', institutionId, (em) =>
      em.query(`UPDATE score_snapshots SET score = $3 WHERE scope = 'institution' AND subject_id = $1 AND snapshot_date = $2`, [
        institutionId,
        day,
        String(score),
      ]),
    );
  }
}
