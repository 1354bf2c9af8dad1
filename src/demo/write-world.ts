import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { MaturityLevelDefinition } from '../modules/inventory/maturity/entities/maturity-model.entity';
import { computeLevel } from '../modules/inventory/rules/maturity-level';
import { ReminderRule } from '../modules/notifications/entities/reminder-rule.entity';
import { evaluationContext, insertDueNotifications } from '../modules/notifications/reminder-sql';
import { DemoWorld, WorldInventory, WorldProcedure } from './world';

/** What one run wrote (a second run over the same database writes nothing but today's new reminders). */
export interface SeedCounts {
  institutions: number;
  users: number;
  procedures: number;
  requirements: number;
  changes: number;
  assessments: number;
  actions: number;
  plans: number;
  milestones: number;
  reports: number;
  follows: number;
  notifications: number;
  /** Unknown values the schema cannot store as unknown yet, written as the column's 0 default (by column). */
  unknownAsZero: Record<string, number>;
}

type Scope = 'admin' | 'read_all' | 'tenant';

/** Row-level security settings for what follows in the transaction, as the application's Database service sets them. */
async function enter(em: EntityManager, scope: Scope, institutionId: string | null = null): Promise<void> {
  await em.query(`SELECT set_config('app.scope', $1, true), set_config('app.institution_id', $2, true)`, [scope, institutionId ?? '']);
}

/** One multi-row INSERT … SELECT FROM jsonb_to_recordset, returning what the statement returns. */
async function insertRows<T>(em: EntityManager, sql: string, rows: readonly object[]): Promise<T[]> {
  if (!rows.length) return [];
  return (await em.query(sql, [JSON.stringify(rows)])) as T[];
}

/** Columns a NOT NULL constraint still keeps from storing "unknown"; their unknowns are written as the default 0. */
const MAYBE_UNKNOWN = ['fee_gtq', 'in_person_visits', 'baseline_visits', 'baseline_fee_gtq'] as const;

/**
 * Writes the demo world in one transaction through the application's runtime role: institutions and users in the
 * admin scope, each institution's rows in its own tenant scope (row-level security checks every row, as for the API).
 * Idempotent by natural keys: an institution by code, a user by e-mail, a procedure by (institution, code) — its
 * requirements, history, assessments and actions are written only with it —, a plan by (institution, period, revision)
 * with its milestones, a report by (institution, year, quarter), a follow by (analyst, institution).
 */
export async function writeDemoWorld(ds: DataSource, world: DemoWorld, passwordHash: string): Promise<SeedCounts> {
  return ds.transaction(async (em) => {
    const counts: SeedCounts = {
      institutions: 0,
      users: 0,
      procedures: 0,
      requirements: 0,
      changes: 0,
      assessments: 0,
      actions: 0,
      plans: 0,
      milestones: 0,
      reports: 0,
      follows: 0,
      notifications: 0,
      unknownAsZero: {},
    };
    await enter(em, 'admin');
    const institutionRows = await insertRows<{ id: string; code: string; inserted: boolean }>(
      em,
      `INSERT INTO institutions (code, name, article, type, coverage, sector, website, opted_in_at, adhesion_act, created_at, updated_at)
       SELECT x.code, x.name, x.article, x.type::institution_type, x.coverage::institution_coverage, x.sector, x.website, x.opted_in_at, x.adhesion_act, x.created_at, x.created_at
         FROM jsonb_to_recordset($1::jsonb) AS x(code text, name text, article text, type text, coverage text, sector text, website text, opted_in_at date, adhesion_act text, created_at timestamptz)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, article = EXCLUDED.article, sector = EXCLUDED.sector, website = EXCLUDED.website
       RETURNING id, code, (xmax = 0) AS inserted`,
      world.institutions.map((i) => ({
        code: i.code,
        name: i.name,
        article: i.article,
        type: i.type,
        coverage: i.coverage,
        sector: i.sector,
        website: i.website,
        opted_in_at: i.optedInAt,
        adhesion_act: i.adhesionAct,
        created_at: i.createdAt,
      })),
    );
    const institutionIds = new Map(institutionRows.map((r) => [r.code, r.id]));
    counts.institutions = institutionRows.filter((r) => r.inserted).length;

    counts.users = (
      await insertRows(
        em,
        `INSERT INTO users (email, name, role, institution_id, status, password_hash, password_changed_at, created_at, updated_at)
       SELECT x.email, x.name, x.role::user_role, x.institution_id, x.status::user_status, x.password_hash, x.password_changed_at, x.created_at, x.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(email text, name text, role text, institution_id uuid, status text, password_hash text,
              password_changed_at timestamptz, created_at timestamptz, updated_at timestamptz)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
        world.users.map((u) => ({
          email: u.email,
          name: u.name,
          role: u.role,
          institution_id: u.institution ? institutionIds.get(u.institution) : null,
          status: u.status,
          password_hash: u.status === 'invited' ? null : passwordHash,
          password_changed_at: u.status === 'invited' ? null : u.createdAt,
          created_at: u.createdAt,
          updated_at: u.updatedAt,
        })),
      )
    ).length;
    const userRows = (await em.query(`SELECT id, email FROM users WHERE email = ANY($1)`, [world.users.map((u) => u.email)])) as Array<{
      id: string;
      email: string;
    }>;
    const userIds = new Map(userRows.map((u) => [u.email, u.id]));
    const userId = (email: string | null) => (email ? (userIds.get(email) ?? null) : null);

    const [model] = (await em.query(`SELECT id, levels FROM maturity_models WHERE active ORDER BY version DESC LIMIT 1`)) as Array<{
      id: string;
      levels: MaturityLevelDefinition[];
    }>;
    const nullable = new Set(
      (
        (await em.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'procedures' AND is_nullable = 'YES'`,
        )) as Array<{ column_name: string }>
      ).map((c) => c.column_name),
    );

    for (const inventory of world.inventories) {
      const institutionId = institutionIds.get(inventory.institution)!;
      await enter(em, 'tenant', institutionId);
      await writeInventory(em, institutionId, inventory, userId, model ?? null, nullable, counts);
    }

    await enter(em, 'admin');
    counts.follows = (
      await insertRows(
        em,
        `INSERT INTO analyst_follows (user_id, institution_id, created_by, created_at)
       SELECT x.user_id, x.institution_id, x.user_id, x.created_at FROM jsonb_to_recordset($1::jsonb) AS x(user_id uuid, institution_id uuid, created_at timestamptz)
       ON CONFLICT (user_id, institution_id) DO NOTHING RETURNING id`,
        world.follows
          .map((f) => ({ user_id: userId(f.analyst), institution_id: institutionIds.get(f.institution), created_at: f.createdAt }))
          .filter((f) => f.user_id && f.institution_id),
      )
    ).length;
    await em.query(
      `INSERT INTO notification_preferences (user_id, delivery) SELECT id, 'digest' FROM users WHERE email = ANY($1) ON CONFLICT (user_id) DO NOTHING`,
      [world.digestUsers],
    );
    // Today's evaluation of every enabled reminder rule (the daily job's SQL), so the in-app list and the outbox have content.
    const ctx = await evaluationContext(em);
    for (const rule of await em.getRepository(ReminderRule).find({ where: { enabled: true }, order: { code: 'ASC' } })) {
      counts.notifications += await insertDueNotifications(em, rule, world.today, ctx);
    }
    return counts;
  });
}

async function writeInventory(
  em: EntityManager,
  institutionId: string,
  inventory: WorldInventory,
  userId: (email: string | null) => string | null,
  model: { id: string; levels: MaturityLevelDefinition[] } | null,
  nullable: ReadonlySet<string>,
  counts: SeedCounts,
): Promise<void> {
  const known = (column: string) => (nullable.has(column) ? `x.${column}` : `coalesce(x.${column}, 0)`);
  const ids = new Map(inventory.procedures.map((p) => [p.code, randomUUID()]));
  const created = await insertRows<{ id: string; code: string }>(
    em,
    `INSERT INTO procedures (id, institution_id, code, name, description, output, audience, category, life_event, foreign_trade, prioritized, channels,
       online_url, forms_url, forms_free, fee_gtq, legal_basis, legal_max_days, actual_median_days, annual_volume, in_person_visits, status, current_level,
       declared_level, target_level, target_date, last_reviewed_at, baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq,
       created_at, updated_at, version)
     SELECT x.id, x.institution_id, x.code, x.name, x.description, x.output, x.audience::procedure_audience, x.category, x.life_event, x.foreign_trade,
            x.prioritized, x.channels, x.online_url, x.forms_url, x.forms_free, ${known('fee_gtq')}, x.legal_basis, x.legal_max_days, x.actual_median_days,
            x.annual_volume, ${known('in_person_visits')}, x.status::procedure_status, x.current_level, x.declared_level, x.target_level, x.target_date,
            x.last_reviewed_at, x.baseline_date, x.baseline_requirements, x.baseline_days, ${known('baseline_visits')}, ${known('baseline_fee_gtq')},
            x.created_at, x.updated_at, x.version
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, institution_id uuid, code text, name text, description text, output text, audience text,
            category text, life_event text, foreign_trade boolean, prioritized boolean, channels text[], online_url text, forms_url text, forms_free boolean,
            fee_gtq numeric, legal_basis text, legal_max_days int, actual_median_days int, annual_volume int, in_person_visits int, status text,
            current_level smallint, declared_level smallint, target_level smallint, target_date date, last_reviewed_at date, baseline_date date,
            baseline_requirements int, baseline_days int, baseline_visits int, baseline_fee_gtq numeric, created_at timestamptz, updated_at timestamptz, version int)
     ON CONFLICT (institution_id, code) DO NOTHING RETURNING id, code`,
    inventory.procedures.map((p) => ({
      id: ids.get(p.code),
      institution_id: institutionId,
      code: p.code,
      name: p.name,
      description: p.description,
      output: p.output,
      audience: p.audience,
      category: p.category,
      life_event: p.lifeEvent,
      foreign_trade: p.foreignTrade,
      prioritized: p.prioritized,
      channels: p.channels,
      online_url: p.onlineUrl,
      forms_url: p.formsUrl,
      forms_free: p.formsFree,
      fee_gtq: p.feeGtq,
      legal_basis: p.legalBasis,
      legal_max_days: p.legalMaxDays,
      actual_median_days: p.actualMedianDays,
      annual_volume: p.annualVolume,
      in_person_visits: p.inPersonVisits,
      status: p.status,
      current_level: p.currentLevel,
      declared_level: p.declaredLevel,
      target_level: p.targetLevel,
      target_date: p.targetDate,
      last_reviewed_at: p.lastReviewedAt,
      baseline_date: p.baselineDate,
      baseline_requirements: p.baselineRequirements,
      baseline_days: p.baselineDays,
      baseline_visits: p.baselineVisits,
      baseline_fee_gtq: p.baselineFeeGtq,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
      version: p.version,
    })),
  );
  const fresh = new Set(created.map((r) => r.code));
  const procedures = inventory.procedures.filter((p) => fresh.has(p.code));
  counts.procedures += procedures.length;
  for (const column of MAYBE_UNKNOWN) {
    if (nullable.has(column)) continue;
    const field = (
      {
        fee_gtq: 'feeGtq',
        in_person_visits: 'inPersonVisits',
        baseline_visits: 'baselineVisits',
        baseline_fee_gtq: 'baselineFeeGtq',
      } as const
    )[column];
    const n = procedures.filter((p) => p[field] === null).length;
    if (n) counts.unknownAsZero[column] = (counts.unknownAsZero[column] ?? 0) + n;
  }

  // Every procedure of the institution by code (those of an earlier run included), for merges and milestones.
  const existing = (await em.query(`SELECT id, code FROM procedures WHERE institution_id = $1`, [institutionId])) as Array<{
    id: string;
    code: string;
  }>;
  const procedureIds = new Map(existing.map((r) => [r.code, r.id]));
  for (const p of procedures.filter((x) => x.mergedInto && procedureIds.has(x.mergedInto))) {
    await em.query(`UPDATE procedures SET merged_into_id = $2 WHERE id = $1`, [procedureIds.get(p.code), procedureIds.get(p.mergedInto!)]);
  }

  const requirementIds = new Map(procedures.flatMap((p) => p.requirements.map((r) => [r.key, randomUUID()] as const)));
  counts.requirements += (
    await insertRows(
      em,
      `INSERT INTO requirements (id, institution_id, procedure_id, name, evidence_type, issuer, issuer_institution, legal_basis_type, legal_basis_reference,
       obtainable_by_interoperability, prohibited, prohibited_kind, effective_from, effective_to, status, created_at, updated_at, version)
     SELECT x.id, x.institution_id, x.procedure_id, x.name, x.evidence_type::requirement_evidence_type, x.issuer::requirement_issuer, x.issuer_institution,
            x.legal_basis_type::requirement_legal_basis_type, x.legal_basis_reference, x.interop, x.prohibited_kind IS NOT NULL,
            x.prohibited_kind::requirement_prohibited_kind, x.effective_from, x.effective_to, x.status::requirement_status, x.created_at, x.updated_at, x.version
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, institution_id uuid, procedure_id uuid, name text, evidence_type text, issuer text,
            issuer_institution text, legal_basis_type text, legal_basis_reference text, interop boolean, prohibited_kind text, effective_from date,
            effective_to date, status text, created_at timestamptz, updated_at timestamptz, version int)
     RETURNING id`,
      procedures.flatMap((p) =>
        p.requirements.map((r) => ({
          id: requirementIds.get(r.key),
          institution_id: institutionId,
          procedure_id: procedureIds.get(p.code),
          name: r.name,
          evidence_type: r.evidenceType,
          issuer: r.issuer,
          issuer_institution: r.issuerInstitution,
          legal_basis_type: r.legalBasisType,
          legal_basis_reference: r.legalBasisReference,
          interop: r.obtainableByInteroperability,
          prohibited_kind: r.prohibitedKind,
          effective_from: r.effectiveFrom,
          effective_to: r.effectiveTo,
          status: r.status,
          created_at: r.createdAt,
          updated_at: r.updatedAt,
          version: r.version,
        })),
      ),
    )
  ).length;

  // The public change log, oldest first, so ids follow time.
  const changes = procedures
    .flatMap((p) => p.changes.map((c) => ({ p, c })))
    .sort((a, b) => (a.c.at < b.c.at ? -1 : a.c.at > b.c.at ? 1 : 0));
  counts.changes += (
    await insertRows(
      em,
      `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public, changed_by, changed_at)
     SELECT x.institution_id, x.procedure_id, x.subject, x.subject_id, x.action, x.field, x.old_value, x.new_value, true, x.changed_by, x.changed_at
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (institution_id uuid, procedure_id uuid, subject text, subject_id uuid, action text, field text,
            old_value jsonb, new_value jsonb, changed_by uuid, changed_at timestamptz)) WITH ORDINALITY AS x
      ORDER BY x.ordinality
     RETURNING id`,
      changes.map(({ p, c }) => {
        const procedureId = procedureIds.get(p.code);
        return {
          institution_id: institutionId,
          procedure_id: procedureId,
          subject: c.subject,
          subject_id: c.requirementKey ? requirementIds.get(c.requirementKey) : procedureId,
          action: c.action,
          field: c.field,
          old_value: c.oldValue,
          new_value: c.newValue,
          changed_by: userId(c.by),
          changed_at: c.at,
        };
      }),
    )
  ).length;

  if (model)
    counts.assessments += (
      await insertRows(
        em,
        `INSERT INTO maturity_assessments (institution_id, procedure_id, model_id, answers, resulting_level, evidence_url, evidence_note, status, submitted_by,
       reviewed_by, reviewed_at, review_comment, created_at, updated_at, version)
     SELECT x.institution_id, x.procedure_id, x.model_id, x.answers, x.resulting_level, x.evidence_url, x.evidence_note, x.status::assessment_status,
            x.submitted_by, x.reviewed_by, x.reviewed_at, x.review_comment, x.created_at, coalesce(x.reviewed_at, x.created_at), x.version
       FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, procedure_id uuid, model_id uuid, answers jsonb, resulting_level smallint,
            evidence_url text, evidence_note text, status text, submitted_by uuid, reviewed_by uuid, reviewed_at timestamptz, review_comment text,
            created_at timestamptz, version int)
     RETURNING id`,
        procedures.flatMap((p) =>
          p.assessments.map((a) => {
            const answers = answersFor(model.levels, a.level);
            return {
              institution_id: institutionId,
              procedure_id: procedureIds.get(p.code),
              model_id: model.id,
              answers,
              resulting_level: computeLevel(model.levels, answers),
              evidence_url: a.evidenceUrl,
              evidence_note: a.evidenceNote,
              status: a.status,
              submitted_by: userId(a.submittedBy),
              reviewed_by: userId(a.reviewedBy),
              reviewed_at: a.reviewedAt,
              review_comment: a.reviewComment,
              created_at: a.submittedAt,
              version: a.reviewedAt ? 2 : 1,
            };
          }),
        ),
      )
    ).length;

  counts.actions += (
    await insertRows(
      em,
      `INSERT INTO rationalisation_actions (institution_id, procedure_id, type, description, benefit, implemented_on, steps_before, steps_after,
       requirements_before, requirements_after, days_before, days_after, created_at, updated_at)
     SELECT x.institution_id, x.procedure_id, x.type::rationalisation_action_type, x.description, x.benefit, x.implemented_on, x.steps_before, x.steps_after,
            x.requirements_before, x.requirements_after, x.days_before, x.days_after, x.created_at, x.created_at
       FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, procedure_id uuid, type text, description text, benefit text, implemented_on date,
            steps_before int, steps_after int, requirements_before int, requirements_after int, days_before int, days_after int, created_at timestamptz)
     RETURNING id`,
      actionRows(institutionId, procedures, procedureIds),
    )
  ).length;

  for (const plan of inventory.plans) {
    const [row] = (await em.query(
      `INSERT INTO simplification_plans (institution_id, title, period_start, period_end, revision, status, budget_gtq, approval_act, submitted_at,
         approved_by, approved_at, review_comment, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (institution_id, period_start, revision) DO NOTHING RETURNING id`,
      [
        institutionId,
        plan.title,
        plan.periodStart,
        plan.periodEnd,
        plan.status,
        plan.budgetGtq,
        plan.approvalAct,
        plan.submittedAt,
        userId(plan.approvedBy),
        plan.approvedAt,
        plan.reviewComment,
        plan.createdAt,
        plan.updatedAt,
        1 + Number(Boolean(plan.submittedAt)) + Number(Boolean(plan.approvedAt || plan.reviewComment)),
      ],
    )) as Array<{ id: string }>;
    if (!row) continue;
    counts.plans += 1;
    counts.milestones += (
      await insertRows(
        em,
        `INSERT INTO milestones (institution_id, plan_id, procedure_id, kind, target, due_date, status, completed_on, completed_late, evidence, created_at, updated_at)
       SELECT x.institution_id, x.plan_id, x.procedure_id, x.kind::milestone_kind, x.target, x.due_date, x.status::milestone_status, x.completed_on,
              x.completed_late, x.evidence, x.created_at, x.updated_at
         FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, plan_id uuid, procedure_id uuid, kind text, target text, due_date date, status text,
              completed_on date, completed_late boolean, evidence text, created_at timestamptz, updated_at timestamptz)
       RETURNING id`,
        plan.milestones.map((m) => ({
          institution_id: institutionId,
          plan_id: row.id,
          procedure_id: m.procedureCode ? (procedureIds.get(m.procedureCode) ?? null) : null,
          kind: m.kind,
          target: m.target,
          due_date: m.dueDate,
          status: m.status,
          completed_on: m.completedOn,
          completed_late: m.completedLate,
          evidence: m.evidence,
          created_at: m.createdAt,
          updated_at: m.updatedAt,
        })),
      )
    ).length;
  }

  counts.reports += (
    await insertRows(
      em,
      `INSERT INTO progress_reports (institution_id, year, quarter, content, submitted_at, submitted_by, status, reviewed_by, reviewed_at, review_comment,
       created_at, updated_at, version)
     SELECT x.institution_id, x.year, x.quarter, x.content, x.submitted_at, x.submitted_by, x.status::progress_report_status, x.reviewed_by, x.reviewed_at,
            x.review_comment, x.submitted_at, coalesce(x.reviewed_at, x.submitted_at), CASE WHEN x.reviewed_at IS NULL THEN 1 ELSE 2 END
       FROM jsonb_to_recordset($1::jsonb) AS x(institution_id uuid, year smallint, quarter smallint, content text, submitted_at timestamptz,
            submitted_by uuid, status text, reviewed_by uuid, reviewed_at timestamptz, review_comment text)
     ON CONFLICT (institution_id, year, quarter) DO NOTHING RETURNING id`,
      inventory.reports
        .filter((r) => userId(r.submittedBy))
        .map((r) => ({
          institution_id: institutionId,
          year: r.year,
          quarter: r.quarter,
          content: r.content,
          submitted_at: r.submittedAt,
          submitted_by: userId(r.submittedBy),
          status: r.status,
          reviewed_by: userId(r.reviewedBy),
          reviewed_at: r.reviewedAt,
          review_comment: r.reviewComment,
        })),
    )
  ).length;
}

function actionRows(institutionId: string, procedures: readonly WorldProcedure[], procedureIds: ReadonlyMap<string, string>): object[] {
  return procedures.flatMap((p) =>
    p.actions.map((a) => ({
      institution_id: institutionId,
      procedure_id: procedureIds.get(p.code),
      type: a.type,
      description: a.description,
      benefit: a.benefit,
      implemented_on: a.implementedOn,
      steps_before: a.stepsBefore,
      steps_after: a.stepsAfter,
      requirements_before: a.requirementsBefore,
      requirements_after: a.requirementsAfter,
      days_before: a.daysBefore,
      days_after: a.daysAfter,
      created_at: a.createdAt,
    })),
  );
}

/** Answers reaching `level` on the model: every criterion of levels 1..level true (capped at the model's top level). */
function answersFor(levels: readonly MaturityLevelDefinition[], level: number): Record<string, boolean> {
  return Object.fromEntries(levels.flatMap((l) => l.criteria.map((c) => [c.key, l.level <= level] as const)));
}
