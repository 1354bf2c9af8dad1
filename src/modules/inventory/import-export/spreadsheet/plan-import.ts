import type { ImportProblem } from '../entities/inventory-import.entity';
import type { FieldChange } from '../../rules/change-log';
import { Audience, Channel, EvidenceType, Issuer, LegalBasisType, ProcedureStatus, ProhibitedKind } from '../../rules/inventory.enums';
import { normaliseName, problem, PROCEDURE_SHEET, REQUIREMENT_SHEET } from './format';
import { ProcedureInput, RequirementInput, ValidatedInventory } from './validate-inventory';

/** The importable fields of a procedure, as stored (API names and codes). */
export interface ProcedureValues {
  name: string;
  description: string | null;
  legalBasis: string | null;
  channels: Channel[];
  onlineUrl: string | null;
  formsUrl: string | null;
  formsFree: boolean | null;
  /** null: unknown. */
  feeGtq: string | null;
  legalMaxDays: number | null;
  actualMedianDays: number | null;
  annualVolume: number | null;
  /** null: unknown. */
  inPersonVisits: number | null;
  declaredLevel: number | null;
  foreignTrade: boolean;
  prioritized: boolean;
  category: string | null;
  audience: Audience;
  output: string | null;
  lifeEvent: string | null;
  targetLevel: number | null;
  targetDate: string | null;
  lastReviewedAt: string | null;
}

export interface ExistingProcedure extends ProcedureValues {
  id: string;
  code: string;
  status: ProcedureStatus;
}

export interface RequirementValues {
  name: string;
  evidenceType: EvidenceType;
  issuer: Issuer;
  issuerInstitution: string | null;
  legalBasisType: LegalBasisType;
  legalBasisReference: string | null;
  obtainableByInteroperability: boolean;
  prohibitedKind: ProhibitedKind | null;
  /** Exclusive end; a future date keeps the requirement in force until then. */
  effectiveTo: string | null;
}

export interface ExistingRequirement extends RequirementValues {
  id: string;
  procedureId: string;
  effectiveFrom: string;
}

const PROCEDURE_FIELDS = [
  'name',
  'description',
  'legalBasis',
  'channels',
  'onlineUrl',
  'formsUrl',
  'formsFree',
  'feeGtq',
  'legalMaxDays',
  'actualMedianDays',
  'annualVolume',
  'inPersonVisits',
  'declaredLevel',
  'foreignTrade',
  'prioritized',
  'category',
  'audience',
  'output',
  'lifeEvent',
  'targetLevel',
  'targetDate',
  'lastReviewedAt',
] as const satisfies readonly (keyof ProcedureValues)[];

const REQUIREMENT_FIELDS = [
  'name',
  'evidenceType',
  'issuer',
  'issuerInstitution',
  'legalBasisType',
  'legalBasisReference',
  'obtainableByInteroperability',
  'prohibitedKind',
  'effectiveTo',
] as const satisfies readonly (keyof RequirementValues)[];

const PROCEDURE_DEFAULTS: Omit<ProcedureValues, 'name'> = {
  description: null,
  legalBasis: null,
  channels: [],
  onlineUrl: null,
  formsUrl: null,
  formsFree: null,
  feeGtq: null,
  legalMaxDays: null,
  actualMedianDays: null,
  annualVolume: null,
  inPersonVisits: null,
  declaredLevel: null,
  foreignTrade: false,
  prioritized: false,
  category: null,
  audience: 'both',
  output: null,
  lifeEvent: null,
  targetLevel: null,
  targetDate: null,
  lastReviewedAt: null,
};

const REQUIREMENT_DEFAULTS: Omit<RequirementValues, 'name'> = {
  evidenceType: 'document',
  issuer: 'applicant',
  issuerInstitution: null,
  legalBasisType: 'none',
  legalBasisReference: null,
  obtainableByInteroperability: false,
  prohibitedKind: null,
  effectiveTo: null,
};

export interface PlannedProcedure {
  code: string;
  /** Its row in the tramites sheet. */
  row: number;
  /** null: created by this import. */
  existingId: string | null;
  values: ProcedureValues;
  changes: FieldChange[];
  /** Requirements of the file for it (the baseline of a new procedure). */
  requirementCount: number;
}

interface PlannedRequirementCreate {
  procedureCode: string;
  /** null when the procedure is created by this import. */
  procedureId: string | null;
  values: RequirementValues;
  /** null: the import day. */
  effectiveFrom: string | null;
}

interface PlannedRequirementUpdate {
  id: string;
  procedureId: string;
  procedureCode: string;
  values: RequirementValues;
  changes: FieldChange[];
}

interface PlannedElimination {
  id: string;
  procedureId: string;
  procedureCode: string;
  name: string;
  prohibitedKind: ProhibitedKind | null;
}

interface ImportCounts {
  proceduresInFile: number;
  proceduresCreated: number;
  proceduresUpdated: number;
  proceduresUnchanged: number;
  requirementsInFile: number;
  requirementsCreated: number;
  requirementsUpdated: number;
  requirementsUnchanged: number;
  requirementsEliminated: number;
}

export interface ImportPlan {
  procedures: PlannedProcedure[];
  requirementCreates: PlannedRequirementCreate[];
  requirementUpdates: PlannedRequirementUpdate[];
  eliminations: PlannedElimination[];
  counts: ImportCounts;
  problems: ImportProblem[];
  notices: ImportProblem[];
}

/** Text equality as people see it: surrounding spaces, line-ending style and empty-vs-missing do not count. */
const textKey = (v: string | null | undefined): string => (v ?? '').replace(/\r\n?/g, '\n').trim();

function sameValue(field: string, a: unknown, b: unknown): boolean {
  if (field === 'channels') {
    const x = [...((a as string[] | null) ?? [])].sort();
    const y = [...((b as string[] | null) ?? [])].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (typeof a === 'string' || typeof b === 'string' || a === null || b === null) {
    if ((typeof a === 'string' || a === null) && (typeof b === 'string' || b === null)) return textKey(a) === textKey(b);
  }
  return a === b;
}

/**
 * Merges the file's values into the stored ones: absent columns keep the stored value; equal values (by `sameValue`)
 * keep the stored spelling, so only real changes are written and logged. Allocates nothing for an unchanged row.
 */
function merge<V extends object>(
  stored: V | null,
  defaults: V,
  input: Partial<V>,
  fields: readonly (keyof V & string)[],
): { values: V | null; changes: FieldChange[] } {
  const base = stored ?? defaults;
  let values: V | null = stored ? null : { ...defaults };
  const changes: FieldChange[] = [];
  for (const f of fields) {
    const incoming = input[f];
    if (incoming === undefined) continue;
    if (sameValue(f, base[f], incoming)) continue;
    values ??= { ...base };
    values[f] = incoming as V[typeof f];
    if (stored) changes.push({ field: f, oldValue: stored[f] ?? null, newValue: incoming ?? null });
  }
  return { values, changes };
}

function procedurePatch(p: ProcedureInput): Partial<ProcedureValues> {
  const { row: _row, code: _code, ...rest } = p;
  return rest;
}

function requirementPatch(r: RequirementInput): Partial<RequirementValues> {
  const { row: _row, procedureCode: _code, effectiveFrom: _from, ...rest } = r;
  return rest;
}

const emptyPlan = (valid: ValidatedInventory): ImportPlan => ({
  procedures: [],
  requirementCreates: [],
  requirementUpdates: [],
  eliminations: [],
  problems: [],
  notices: [],
  counts: {
    proceduresInFile: valid.procedures.length,
    proceduresCreated: 0,
    proceduresUpdated: 0,
    proceduresUnchanged: 0,
    requirementsInFile: valid.requirements.length,
    requirementsCreated: 0,
    requirementsUpdated: 0,
    requirementsUnchanged: 0,
    requirementsEliminated: 0,
  },
});

/**
 * What the import would do, computed in steps so a large inventory is never all in memory at once: procedures
 * first (upsert by code), then the requirements of the procedures the file names, a batch of procedures at a time
 * (`touchedProcedures()` lists them; pass each batch with its active requirements to `planRequirements`).
 *
 * For every procedure the file names (in either sheet), the file's requirement list is its complete current list:
 * matched to the active requirements by normalised name (one to one, in order), changed ones updated, new ones
 * created, missing ones eliminated. Procedures the file does not name are left alone. Pure (no I/O).
 */
export class ImportPlanner {
  readonly plan: ImportPlan;
  private readonly byCode: Map<string, ExistingProcedure>;
  private readonly fileRequirements = new Map<string, RequirementInput[]>();
  private readonly tramitesRow: Map<string, number>;
  private readonly touched: string[];

  constructor(valid: ValidatedInventory, existingProcedures: readonly ExistingProcedure[]) {
    this.plan = emptyPlan(valid);
    this.byCode = new Map(existingProcedures.map((p) => [p.code, p]));
    for (const r of valid.requirements) {
      const list = this.fileRequirements.get(r.procedureCode);
      if (list) list.push(r);
      else this.fileRequirements.set(r.procedureCode, [r]);
    }
    this.tramitesRow = new Map(valid.procedures.map((p) => [p.code, p.row]));
    this.touched = [...new Set([...valid.procedures.map((p) => p.code), ...this.fileRequirements.keys()])];
    const { plan } = this;
    for (const p of valid.procedures) {
      const stored = this.byCode.get(p.code) ?? null;
      const { values, changes } = merge<ProcedureValues>(
        stored,
        { ...PROCEDURE_DEFAULTS, name: p.name },
        procedurePatch(p),
        PROCEDURE_FIELDS,
      );
      const requirementCount = this.fileRequirements.get(p.code)?.length ?? 0;
      if (!stored) {
        plan.counts.proceduresCreated++;
        plan.procedures.push({ code: p.code, row: p.row, existingId: null, values: values!, changes: [], requirementCount });
      } else if (changes.length) {
        plan.counts.proceduresUpdated++;
        plan.procedures.push({ code: p.code, row: p.row, existingId: stored.id, values: values!, changes, requirementCount });
      } else {
        plan.counts.proceduresUnchanged++;
      }
    }
  }

  /** Codes whose requirement lists the file sets, with the id of the stored procedure (null: created by this import). */
  touchedProcedures(): Array<{ code: string; id: string | null }> {
    return this.touched.map((code) => ({ code, id: this.byCode.get(code)?.id ?? null }));
  }

  /** Plans the requirements of these procedures, given their active requirements (in export order). */
  planRequirements(codes: readonly string[], activeRequirements: readonly ExistingRequirement[]): void {
    const { plan } = this;
    const activeByProcedure = new Map<string, ExistingRequirement[]>();
    for (const r of activeRequirements) {
      const list = activeByProcedure.get(r.procedureId);
      if (list) list.push(r);
      else activeByProcedure.set(r.procedureId, [r]);
    }
    for (const code of codes) {
      const stored = this.byCode.get(code);
      const pool = new Map<string, ExistingRequirement[]>();
      for (const r of stored ? (activeByProcedure.get(stored.id) ?? []) : []) {
        const key = normaliseName(r.name);
        const list = pool.get(key);
        if (list) list.push(r);
        else pool.set(key, [r]);
      }
      const rows = this.fileRequirements.get(code) ?? [];
      this.fileRequirements.delete(code); // planned: let the inputs go (creates keep what they need)
      for (const r of rows) {
        const match = pool.get(normaliseName(r.name))?.shift() ?? null;
        const { values, changes } = merge<RequirementValues>(
          match,
          { ...REQUIREMENT_DEFAULTS, name: r.name },
          requirementPatch(r),
          REQUIREMENT_FIELDS,
        );
        const merged = values ?? match!;
        if (merged.issuer === 'other_institution' && !merged.issuerInstitution) {
          plan.problems.push(
            problem(
              REQUIREMENT_SHEET,
              r.row,
              'institucion_emisora',
              'Cuando el emisor es otra_institucion, indique cuál institución emite el documento.',
            ),
          );
          continue;
        }
        if (match && merged.effectiveTo !== null && merged.effectiveTo < match.effectiveFrom) {
          plan.problems.push(
            problem(
              REQUIREMENT_SHEET,
              r.row,
              'vigente_hasta',
              `El requisito rige desde ${match.effectiveFrom}; la fecha en que deja de exigirse no puede ser anterior.`,
            ),
          );
          continue;
        }
        if (match && r.effectiveFrom && r.effectiveFrom !== match.effectiveFrom) {
          plan.notices.push(
            problem(
              REQUIREMENT_SHEET,
              r.row,
              'vigente_desde',
              `El requisito «${r.name}» rige desde ${match.effectiveFrom}; la importación no cambia la fecha de vigencia de un requisito existente (se ignora ${r.effectiveFrom}).`,
            ),
          );
        }
        if (!match) {
          plan.counts.requirementsCreated++;
          plan.requirementCreates.push({
            procedureCode: code,
            procedureId: stored?.id ?? null,
            values: values!,
            effectiveFrom: r.effectiveFrom ?? null,
          });
        } else if (changes.length) {
          plan.counts.requirementsUpdated++;
          plan.requirementUpdates.push({ id: match.id, procedureId: match.procedureId, procedureCode: code, values: values!, changes });
        } else {
          plan.counts.requirementsUnchanged++;
        }
      }
      let left = 0;
      for (const list of pool.values()) {
        for (const r of list)
          plan.eliminations.push({
            id: r.id,
            procedureId: r.procedureId,
            procedureCode: code,
            name: r.name,
            prohibitedKind: r.prohibitedKind,
          });
        left += list.length;
      }
      plan.counts.requirementsEliminated += left;
      if (left > 0) {
        const gone = [...pool.values()].flat();
        const prohibited = gone.filter((r) => r.prohibitedKind !== null).length;
        const names =
          gone
            .slice(0, 5)
            .map((r) => `«${r.name}»`)
            .join(', ') + (gone.length > 5 ? ` y ${gone.length - 5} más` : '');
        plan.notices.push(
          problem(
            PROCEDURE_SHEET,
            this.tramitesRow.get(code) ?? null,
            'codigo',
            (rows.length === 0
              ? `El trámite «${code}» no tiene filas en la hoja requisitos: se eliminarán sus ${left} requisitos vigentes (${names}).`
              : `Se eliminarán ${left} requisitos vigentes del trámite «${code}» que no están en el archivo: ${names}.`) +
              (prohibited
                ? ` ${prohibited === 1 ? 'Uno de ellos es una práctica prohibida' : `${prohibited} de ellos son prácticas prohibidas`}: su eliminación se publicará como avance; compruebe que realmente se dejaron de exigir.`
                : ''),
          ),
        );
      }
    }
  }
}

/** Rename warnings: a procedure whose name the file changes (often a code reused for another procedure by mistake). */
export function renameNotices(plan: ImportPlan): ImportProblem[] {
  return plan.procedures.flatMap((p) =>
    p.changes
      .filter((c) => c.field === 'name')
      .map((c) =>
        problem(
          PROCEDURE_SHEET,
          p.row,
          'nombre',
          `El trámite «${p.code}» cambiará de nombre: «${String(c.oldValue)}» → «${String(c.newValue)}». Compruebe que el código corresponde al mismo trámite.`,
        ),
      ),
  );
}

export interface ImportPreview {
  procedures: {
    created: Array<{ code: string; name: string }>;
    updated: Array<{ code: string; name: string; changes: FieldChange[] }>;
  };
  requirements: {
    created: Array<{ procedureCode: string; name: string }>;
    updated: Array<{ procedureCode: string; name: string; changes: FieldChange[] }>;
    eliminated: Array<{ procedureCode: string; name: string; prohibitedKind: ProhibitedKind | null }>;
  };
  /** Lists are cut at `limit` items each (the counts are always complete). */
  truncated: boolean;
}

/** Exactly what a real run would create, change (field by field) and eliminate, by code and name (each list cut at `limit`). */
export function previewOf(plan: ImportPlan, limit = 1000): ImportPreview {
  let truncated = false;
  const cut = <T>(items: T[]): T[] => {
    if (items.length > limit) truncated = true;
    return items.slice(0, limit);
  };
  return {
    procedures: {
      created: cut(plan.procedures.filter((p) => !p.existingId).map((p) => ({ code: p.code, name: p.values.name }))),
      updated: cut(plan.procedures.filter((p) => p.existingId).map((p) => ({ code: p.code, name: p.values.name, changes: p.changes }))),
    },
    requirements: {
      created: cut(plan.requirementCreates.map((r) => ({ procedureCode: r.procedureCode, name: r.values.name }))),
      updated: cut(plan.requirementUpdates.map((r) => ({ procedureCode: r.procedureCode, name: r.values.name, changes: r.changes }))),
      eliminated: cut(plan.eliminations.map((e) => ({ procedureCode: e.procedureCode, name: e.name, prohibitedKind: e.prohibitedKind }))),
    },
    truncated,
  };
}

/** The whole plan at once (tests, small inventories); the worker uses ImportPlanner in batches. */
export function planImport(
  valid: ValidatedInventory,
  existingProcedures: readonly ExistingProcedure[],
  activeRequirements: readonly ExistingRequirement[],
): ImportPlan {
  const planner = new ImportPlanner(valid, existingProcedures);
  planner.planRequirements(
    planner.touchedProcedures().map((p) => p.code),
    activeRequirements,
  );
  return planner.plan;
}
