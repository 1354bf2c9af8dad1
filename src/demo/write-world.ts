import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { MaturityLevelDefinition } from '../modules/inventory/maturity/entities/maturity-model.entity';
import { computeLevel } from '../modules/inventory/rules/maturity-level';
import { ReminderRule } from '../modules/notifications/entities/reminder-rule.entity';
import { evaluationContext, insertDueNotifications } from '../modules/notifications/reminder.sql';
import { DemoWorld, WorldInventory, WorldProcedure } from './world';
import {
  ACTIVE_MODEL_SQL,
  ActiveModelRow,
  CodeIdRow,
  ColumnNameRow,
  DIGEST_PREFERENCES_SQL,
  ENTER_SCOPE_SQL,
  INSERT_ACTIONS_SQL,
  INSERT_ASSESSMENTS_SQL,
  INSERT_CHANGES_SQL,
  INSERT_FOLLOWS_SQL,
  INSERT_MILESTONES_SQL,
  INSERT_PLANS_SQL,
  INSERT_PROCEDURES_SQL,
  INSERT_REPORTS_SQL,
  INSERT_REQUIREMENTS_SQL,
  INSERT_USERS_SQL,
  IdRow,
  MARK_MERGED_SQL,
  NULLABLE_PROCEDURE_COLUMNS_SQL,
  PROCEDURE_CODES_SQL,
  UPSERT_INSTITUTIONS_SQL,
  USERS_BY_EMAIL_SQL,
  UpsertedInstitutionRow,
  UserEmailRow,
} from './write-world.sql';

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
  await em.query(ENTER_SCOPE_SQL, [scope, institutionId ?? '']);
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
    const institutionRows = await insertRows<UpsertedInstitutionRow>(
      em,
      UPSERT_INSTITUTIONS_SQL,
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
        INSERT_USERS_SQL,
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
    const userRows = (await em.query(USERS_BY_EMAIL_SQL, [world.users.map((u) => u.email)])) as UserEmailRow[];
    const userIds = new Map(userRows.map((u) => [u.email, u.id]));
    const userId = (email: string | null) => (email ? (userIds.get(email) ?? null) : null);

    const [model] = (await em.query(ACTIVE_MODEL_SQL)) as ActiveModelRow[];
    const nullable = new Set(((await em.query(NULLABLE_PROCEDURE_COLUMNS_SQL)) as ColumnNameRow[]).map((c) => c.column_name));

    for (const inventory of world.inventories) {
      const institutionId = institutionIds.get(inventory.institution)!;
      await enter(em, 'tenant', institutionId);
      await writeInventory(em, institutionId, inventory, userId, model ?? null, nullable, counts);
    }

    await enter(em, 'admin');
    counts.follows = (
      await insertRows(
        em,
        INSERT_FOLLOWS_SQL,
        world.follows
          .map((f) => ({ user_id: userId(f.analyst), institution_id: institutionIds.get(f.institution), created_at: f.createdAt }))
          .filter((f) => f.user_id && f.institution_id),
      )
    ).length;
    await em.query(DIGEST_PREFERENCES_SQL, [world.digestUsers]);
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
  model: ActiveModelRow | null,
  nullable: ReadonlySet<string>,
  counts: SeedCounts,
): Promise<void> {
  const known = (column: string) => (nullable.has(column) ? `x.${column}` : `coalesce(x.${column}, 0)`);
  const ids = new Map(inventory.procedures.map((p) => [p.code, randomUUID()]));
  const created = await insertRows<CodeIdRow>(
    em,
    INSERT_PROCEDURES_SQL(known),
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
  const existing = (await em.query(PROCEDURE_CODES_SQL, [institutionId])) as CodeIdRow[];
  const procedureIds = new Map(existing.map((r) => [r.code, r.id]));
  for (const p of procedures.filter((x) => x.mergedInto && procedureIds.has(x.mergedInto))) {
    await em.query(MARK_MERGED_SQL, [procedureIds.get(p.code), procedureIds.get(p.mergedInto!)]);
  }

  const requirementIds = new Map(procedures.flatMap((p) => p.requirements.map((r) => [r.key, randomUUID()] as const)));
  counts.requirements += (
    await insertRows(
      em,
      INSERT_REQUIREMENTS_SQL,
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
      INSERT_CHANGES_SQL,
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
        INSERT_ASSESSMENTS_SQL,
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

  counts.actions += (await insertRows(em, INSERT_ACTIONS_SQL, actionRows(institutionId, procedures, procedureIds))).length;

  for (const plan of inventory.plans) {
    const [row] = (await em.query(INSERT_PLANS_SQL, [
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
    ])) as IdRow[];
    if (!row) continue;
    counts.plans += 1;
    counts.milestones += (
      await insertRows(
        em,
        INSERT_MILESTONES_SQL,
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
      INSERT_REPORTS_SQL,
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
