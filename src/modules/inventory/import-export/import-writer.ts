import { UnitOfWork } from '../../../database/unit-of-work';
import { LoggedChange, PublicFieldChange, publicEventOf } from '../../../events/public-events';
import {
  ELIMINATE_REQUIREMENTS_SQL,
  EliminatedRequirementRow,
  INSERT_CHANGES_SQL,
  INSERT_REQUIREMENTS_SQL,
  InsertedRequirementRow,
  UPDATE_REQUIREMENTS_SQL,
  UPSERT_PROCEDURES_SQL,
  UpsertedProcedureRow,
} from './import-writer.sql';
import { ImportPlan, PlannedProcedure } from './spreadsheet/plan-import';

/** Rows per statement: large enough to be set-based, small enough to keep each JSON parameter a few MB. */
const PROCEDURE_CHUNK = 2_000;
const REQUIREMENT_CHUNK = 10_000;
const CHANGE_CHUNK = 10_000;

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

interface ChangeRow {
  procedure_id: string;
  subject: 'procedure' | 'requirement';
  subject_id: string;
  action: 'create' | 'update' | 'eliminate';
  field: string | null;
  old_value: unknown;
  new_value: unknown;
}

const procedureJson = (p: PlannedProcedure, today: string) => ({
  code: p.code,
  name: p.values.name,
  description: p.values.description,
  legal_basis: p.values.legalBasis,
  channels: p.values.channels,
  online_url: p.values.onlineUrl,
  forms_url: p.values.formsUrl,
  forms_free: p.values.formsFree,
  fee_gtq: p.values.feeGtq,
  legal_max_days: p.values.legalMaxDays,
  actual_median_days: p.values.actualMedianDays,
  annual_volume: p.values.annualVolume,
  in_person_visits: p.values.inPersonVisits,
  declared_level: p.values.declaredLevel,
  foreign_trade: p.values.foreignTrade,
  prioritized: p.values.prioritized,
  category: p.values.category,
  audience: p.values.audience,
  output: p.values.output,
  life_event: p.values.lifeEvent,
  target_level: p.values.targetLevel,
  target_date: p.values.targetDate,
  last_reviewed_at: p.values.lastReviewedAt,
  baseline_date: today,
  baseline_requirements: p.requirementCount,
});

const requirementJson = (
  procedureId: string | null,
  v: ImportPlan['requirementCreates'][number]['values'],
  extra: Record<string, unknown> = {},
) => ({
  procedure_id: procedureId,
  name: v.name,
  evidence_type: v.evidenceType,
  issuer: v.issuer,
  issuer_institution: v.issuerInstitution,
  legal_basis_type: v.legalBasisType,
  legal_basis_reference: v.legalBasisReference,
  obtainable_by_interoperability: v.obtainableByInteroperability,
  prohibited_kind: v.prohibitedKind,
  effective_to: v.effectiveTo,
  ...extra,
});

/**
 * Applies a plan with set-based statements (jsonb_to_recordset), in the caller's unit of work (its institution):
 * procedures upserted by (institution_id, code); requirements created, updated and eliminated (dated, never deleted);
 * change-log rows inserted in bulk. `progress(fraction)` is called after each statement.
 */
export async function applyPlan(
  tx: UnitOfWork,
  plan: ImportPlan,
  today: string,
  progress: (fraction: number) => Promise<void>,
): Promise<void> {
  const { em, institutionId, actor } = tx;
  const changes: ChangeRow[] = [];
  const totalSteps = Math.max(
    1,
    Math.ceil(plan.procedures.length / PROCEDURE_CHUNK) +
      Math.ceil(plan.requirementCreates.length / REQUIREMENT_CHUNK) +
      Math.ceil(plan.requirementUpdates.length / REQUIREMENT_CHUNK) +
      Math.ceil(plan.eliminations.length / REQUIREMENT_CHUNK) +
      1,
  );
  let step = 0;
  const tick = () => progress(++step / totalSteps);

  // 1. procedures: one INSERT … ON CONFLICT per chunk; only created and changed ones are sent.
  const idByCode = new Map<string, string>();
  for (const chunk of chunks(plan.procedures, PROCEDURE_CHUNK)) {
    const rows = (await em.query(UPSERT_PROCEDURES_SQL, [
      institutionId,
      JSON.stringify(chunk.map((p) => procedureJson(p, today))),
    ])) as UpsertedProcedureRow[];
    for (const r of rows) idByCode.set(r.code, r.id);
    for (const p of chunk) {
      const id = idByCode.get(p.code)!;
      if (!p.existingId)
        changes.push({
          procedure_id: id,
          subject: 'procedure',
          subject_id: id,
          action: 'create',
          field: null,
          old_value: null,
          new_value: null,
        });
      for (const c of p.changes) {
        changes.push({
          procedure_id: id,
          subject: 'procedure',
          subject_id: id,
          action: 'update',
          field: c.field,
          old_value: c.oldValue,
          new_value: c.newValue,
        });
      }
    }
    await tick();
  }

  // 2. new requirements (of new procedures: part of their creation; of existing ones: logged one by one).
  for (const chunk of chunks(plan.requirementCreates, REQUIREMENT_CHUNK)) {
    const rows = (await em.query(INSERT_REQUIREMENTS_SQL, [
      institutionId,
      today,
      JSON.stringify(
        chunk.map((c) => requirementJson(c.procedureId ?? idByCode.get(c.procedureCode)!, c.values, { effective_from: c.effectiveFrom })),
      ),
    ])) as InsertedRequirementRow[];
    const ofExisting = new Set(chunk.map((c) => c.procedureId).filter((id): id is string => id !== null));
    for (const row of rows) {
      if (ofExisting.has(row.procedure_id)) {
        changes.push({
          procedure_id: row.procedure_id,
          subject: 'requirement',
          subject_id: row.id,
          action: 'create',
          field: 'name',
          old_value: null,
          new_value: row.name,
        });
      }
    }
    await tick();
  }

  // 3. changed requirements.
  for (const chunk of chunks(plan.requirementUpdates, REQUIREMENT_CHUNK)) {
    await em.query(UPDATE_REQUIREMENTS_SQL, [
      institutionId,
      JSON.stringify(chunk.map((u) => requirementJson(u.procedureId, u.values, { id: u.id }))),
    ]);
    for (const u of chunk) {
      for (const c of u.changes) {
        changes.push({
          procedure_id: u.procedureId,
          subject: 'requirement',
          subject_id: u.id,
          action: 'update',
          field: c.field,
          old_value: c.oldValue,
          new_value: c.newValue,
        });
      }
    }
    await tick();
  }

  // 4. requirements missing from the file: a dated end, never a delete.
  for (const chunk of chunks(plan.eliminations, REQUIREMENT_CHUNK)) {
    const [ended] = (await em.query(ELIMINATE_REQUIREMENTS_SQL, [institutionId, today, chunk.map((e) => e.id)])) as [
      EliminatedRequirementRow[],
      number,
    ];
    const endDates = new Map(ended.map((r) => [r.id, r.effectiveTo]));
    for (const e of chunk.map((x) => ({ ...x, effectiveTo: endDates.get(x.id) }))) {
      changes.push({
        procedure_id: e.procedureId,
        subject: 'requirement',
        subject_id: e.id,
        action: 'eliminate',
        field: 'status',
        old_value: 'active',
        new_value: 'eliminated',
      });
      changes.push({
        procedure_id: e.procedureId,
        subject: 'requirement',
        subject_id: e.id,
        action: 'eliminate',
        field: 'effectiveTo',
        old_value: null,
        new_value: e.effectiveTo ?? today,
      });
    }
    await tick();
  }

  // 5. the change log, in bulk.
  for (const chunk of chunks(changes, CHANGE_CHUNK)) {
    await em.query(INSERT_CHANGES_SQL, [institutionId, actor.userId, JSON.stringify(chunk)]);
  }
  emitPublicEvents(tx, institutionId, changes);
  await tick();
}

/** The import's public events: the same as single edits (one per procedure or requirement and action, all its fields). */
function emitPublicEvents(tx: UnitOfWork, institutionId: string, changes: readonly ChangeRow[]): void {
  const entries = new Map<string, LoggedChange & { changes: PublicFieldChange[] }>();
  for (const c of changes) {
    const key = `${c.subject}|${c.subject_id}|${c.action}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = { institutionId, procedureId: c.procedure_id, subject: c.subject, subjectId: c.subject_id, action: c.action, changes: [] };
      entries.set(key, entry);
    }
    if (c.field !== null) entry.changes.push({ field: c.field, oldValue: c.old_value, newValue: c.new_value });
  }
  for (const entry of entries.values()) {
    const event = publicEventOf(entry);
    if (event) tx.emit('public.changed', event);
  }
}
