import { EntityManager } from 'typeorm';
import { UnitOfWork } from '../../../database/unit-of-work';
import { LoggedChange, PublicFieldChange, publicEventOf } from '../../../events/public-events';
import { requirementInForceSql } from '../rules/requirement-in-force';
import { ExistingProcedure, ExistingRequirement, ImportPlan, PlannedProcedure } from './spreadsheet/plan-import';

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

/** Every procedure of the institution (any status: codes of eliminated ones cannot be reused by an import). */
export function loadProcedures(em: EntityManager, institutionId: string): Promise<ExistingProcedure[]> {
  return em.query(
    `SELECT id, code, status, name, description, legal_basis AS "legalBasis", channels, online_url AS "onlineUrl", forms_url AS "formsUrl",
            forms_free AS "formsFree", fee_gtq::text AS "feeGtq", legal_max_days AS "legalMaxDays", actual_median_days AS "actualMedianDays",
            annual_volume AS "annualVolume", in_person_visits AS "inPersonVisits", declared_level AS "declaredLevel", foreign_trade AS "foreignTrade",
            prioritized, category, audience, ${PROCEDURE_EXTRA_SELECT}
       FROM procedures WHERE institution_id = $1 ORDER BY code`,
    [institutionId],
  );
}

/** Procedure fields of the format beyond the domain reference's list (output, life event, target, last review). */
export const PROCEDURE_EXTRA_SELECT = `output, life_event AS "lifeEvent", target_level AS "targetLevel", target_date::text AS "targetDate",
  last_reviewed_at::text AS "lastReviewedAt"`;

/** Requirements in force (requirementInForceSql: the product's one definition, as the API, scores and public data use) of these procedures, in the order the export writes them. */
export function loadActiveRequirements(
  em: EntityManager,
  institutionId: string,
  today: string,
  procedureIds: readonly string[],
): Promise<ExistingRequirement[]> {
  return em.query(
    `SELECT ${REQUIREMENT_SELECT} FROM requirements r
      WHERE r.institution_id = $1 AND ${requirementInForceSql('r', '$2::date')} AND r.procedure_id = ANY($3::uuid[])
      ORDER BY r.procedure_id, r.effective_from, r.created_at, r.id`,
    [institutionId, today, procedureIds],
  );
}

export const REQUIREMENT_SELECT = `r.id, r.procedure_id AS "procedureId", r.name, r.evidence_type AS "evidenceType", r.issuer, r.issuer_institution AS "issuerInstitution",
  r.legal_basis_type AS "legalBasisType", r.legal_basis_reference AS "legalBasisReference",
  r.obtainable_by_interoperability AS "obtainableByInteroperability", r.prohibited_kind AS "prohibitedKind",
  r.effective_from::text AS "effectiveFrom", r.effective_to::text AS "effectiveTo"`;

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

const REQUIREMENT_RECORD = `procedure_id uuid, name text, evidence_type text, issuer text, issuer_institution text, legal_basis_type text,
  legal_basis_reference text, obtainable_by_interoperability boolean, prohibited_kind text, effective_to date`;

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
    const rows: Array<{ id: string; code: string; inserted: boolean }> = await em.query(
      `INSERT INTO procedures (institution_id, code, name, description, legal_basis, channels, online_url, forms_url, forms_free, fee_gtq,
                               legal_max_days, actual_median_days, annual_volume, in_person_visits, declared_level, foreign_trade, prioritized,
                               category, audience, output, life_event, target_level, target_date, last_reviewed_at,
                               baseline_date, baseline_requirements, baseline_days, baseline_visits, baseline_fee_gtq)
       SELECT $1, r.code, r.name, r.description, r.legal_basis, r.channels, r.online_url, r.forms_url, r.forms_free, r.fee_gtq::numeric,
              r.legal_max_days, r.actual_median_days, r.annual_volume, r.in_person_visits, r.declared_level, r.foreign_trade, r.prioritized,
              r.category, r.audience::procedure_audience, r.output, r.life_event, r.target_level, r.target_date, r.last_reviewed_at,
              r.baseline_date::date, r.baseline_requirements, r.actual_median_days, r.in_person_visits, r.fee_gtq::numeric
         FROM jsonb_to_recordset($2::jsonb) AS r(code text, name text, description text, legal_basis text, channels text[], online_url text,
              forms_url text, forms_free boolean, fee_gtq text, legal_max_days int, actual_median_days int, annual_volume int, in_person_visits int,
              declared_level smallint, foreign_trade boolean, prioritized boolean, category text, audience text, output text, life_event text,
              target_level smallint, target_date date, last_reviewed_at date, baseline_date text, baseline_requirements int)
       ON CONFLICT (institution_id, code) DO UPDATE SET
              name = EXCLUDED.name, description = EXCLUDED.description, legal_basis = EXCLUDED.legal_basis, channels = EXCLUDED.channels,
              online_url = EXCLUDED.online_url, forms_url = EXCLUDED.forms_url, forms_free = EXCLUDED.forms_free, fee_gtq = EXCLUDED.fee_gtq,
              legal_max_days = EXCLUDED.legal_max_days, actual_median_days = EXCLUDED.actual_median_days, annual_volume = EXCLUDED.annual_volume,
              in_person_visits = EXCLUDED.in_person_visits, declared_level = EXCLUDED.declared_level, foreign_trade = EXCLUDED.foreign_trade,
              prioritized = EXCLUDED.prioritized, category = EXCLUDED.category, audience = EXCLUDED.audience, output = EXCLUDED.output,
              life_event = EXCLUDED.life_event, target_level = EXCLUDED.target_level, target_date = EXCLUDED.target_date,
              last_reviewed_at = EXCLUDED.last_reviewed_at, version = procedures.version + 1, updated_at = now()
       RETURNING id, code, (xmax = 0) AS inserted`,
      [institutionId, JSON.stringify(chunk.map((p) => procedureJson(p, today)))],
    );
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
    const rows: Array<{ id: string; procedure_id: string; name: string }> = await em.query(
      `INSERT INTO requirements (institution_id, procedure_id, name, evidence_type, issuer, issuer_institution, legal_basis_type,
                                 legal_basis_reference, obtainable_by_interoperability, prohibited, prohibited_kind, effective_from, effective_to, status)
       SELECT $1, r.procedure_id, r.name, r.evidence_type::requirement_evidence_type, r.issuer::requirement_issuer, r.issuer_institution,
              r.legal_basis_type::requirement_legal_basis_type, r.legal_basis_reference, r.obtainable_by_interoperability,
              r.prohibited_kind IS NOT NULL, r.prohibited_kind::requirement_prohibited_kind, coalesce(r.effective_from, $2::date), r.effective_to,
              CASE WHEN r.effective_to IS NULL THEN 'active' ELSE 'eliminated' END::requirement_status
         FROM jsonb_to_recordset($3::jsonb) AS r(${REQUIREMENT_RECORD}, effective_from date)
       RETURNING id, procedure_id, name`,
      [
        institutionId,
        today,
        JSON.stringify(
          chunk.map((c) => requirementJson(c.procedureId ?? idByCode.get(c.procedureCode)!, c.values, { effective_from: c.effectiveFrom })),
        ),
      ],
    );
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
    await em.query(
      `UPDATE requirements q SET name = r.name, evidence_type = r.evidence_type::requirement_evidence_type, issuer = r.issuer::requirement_issuer,
              issuer_institution = r.issuer_institution, legal_basis_type = r.legal_basis_type::requirement_legal_basis_type,
              legal_basis_reference = r.legal_basis_reference, obtainable_by_interoperability = r.obtainable_by_interoperability,
              prohibited = r.prohibited_kind IS NOT NULL, prohibited_kind = r.prohibited_kind::requirement_prohibited_kind,
              effective_to = r.effective_to,
              status = (CASE WHEN r.effective_to IS NULL THEN 'active' WHEN q.status = 'active' THEN 'eliminated' ELSE q.status::text END)::requirement_status,
              version = q.version + 1, updated_at = now()
         FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, ${REQUIREMENT_RECORD})
        WHERE q.id = r.id AND q.institution_id = $1`,
      [institutionId, JSON.stringify(chunk.map((u) => requirementJson(u.procedureId, u.values, { id: u.id })))],
    );
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
    const [ended] = (await em.query(
      `UPDATE requirements SET status = 'eliminated', effective_to = GREATEST($2::date, effective_from), version = version + 1, updated_at = now()
        WHERE institution_id = $1 AND id = ANY($3::uuid[])
        RETURNING id, effective_to::text AS "effectiveTo"`,
      [institutionId, today, chunk.map((e) => e.id)],
    )) as [Array<{ id: string; effectiveTo: string }>, number];
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
    await em.query(
      `INSERT INTO procedure_changes (institution_id, procedure_id, subject, subject_id, action, field, old_value, new_value, is_public, changed_by)
       SELECT $1, c.procedure_id, c.subject, c.subject_id, c.action, c.field, NULLIF(c.old_value, 'null'::jsonb), NULLIF(c.new_value, 'null'::jsonb), true, $2
         FROM jsonb_to_recordset($3::jsonb) AS c(procedure_id uuid, subject text, subject_id uuid, action text, field text, old_value jsonb, new_value jsonb)`,
      [institutionId, actor.userId, JSON.stringify(chunk)],
    );
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
