import { dayMinus, RatingRecord, SATISFACTION_WINDOW_DAYS } from './satisfaction';
import { EntityManager } from 'typeorm';
import { queryPrepared } from '../../database/prepared-statement';
import { Coverage, InstitutionType } from '../institutions/entities/institution.entity';
import { Channel, MilestoneKind, MilestoneStatus, ProcedureStatus, RequirementStatus } from '../inventory/rules/inventory.enums';
import {
  compilePracticeRules,
  DeadlineFacts,
  findingKey,
  practicesOf,
  practiceSignature,
  RequirementFacts,
} from '../findings/finding-rules';
import { CANDIDATES_SQL, PROCEDURES_SQL, RECORDS_SQL, RecordsRow, REQUIREMENTS_SQL } from './institution-data.sql';
import { MethodologyParameters } from './methodology';
import { RequirementFigures, RequirementFiguresCache } from './requirement-figures';

/**
 * Everything the scores, indicators, findings and ranked actions of one institution are computed from, for any day of a
 * range: the records as they are now, plus what changed since the first day (the field-level change log), so the state
 * on any past day can be rebuilt (`as-of.ts`). Loaded with a few set-based queries, in the caller's transaction; the
 * computation itself is pure.
 */
export interface ProcedureRecord {
  id: string;
  code: string;
  name: string;
  /**
   * Calendar day (Guatemala) the procedure entered the inventory: its registration, or its baseline date when earlier
   * (an inventory loaded today can state since when a procedure exists). It counts from then on.
   */
  createdOn: string;
  status: ProcedureStatus;
  currentLevel: number;
  declaredLevel: number | null;
  targetLevel: number | null;
  targetDate: string | null;
  annualVolume: number | null;
  feeGtq: string | null;
  inPersonVisits: number | null;
  actualMedianDays: number | null;
  legalMaxDays: number | null;
  description: string | null;
  legalBasis: string | null;
  formsUrl: string | null;
  formsFree: boolean | null;
  channels: Channel[];
  onlineUrl: string | null;
  lastReviewedAt: string | null;
  prioritized: boolean;
  foreignTrade: boolean;
  baselineDate: string;
  baselineRequirements: number;
  baselineDays: number | null;
  baselineVisits: number | null;
  baselineFeeGtq: string | null;
}

/** Fields of a procedure whose past values the change log gives back (its names are the entity's field names). */
export const DATED_FIELDS = [
  'status',
  'currentLevel',
  'declaredLevel',
  'targetLevel',
  'annualVolume',
  'feeGtq',
  'inPersonVisits',
  'actualMedianDays',
  'legalMaxDays',
  'description',
  'legalBasis',
  'formsUrl',
  'formsFree',
  'channels',
  'onlineUrl',
  'lastReviewedAt',
  'prioritized',
  'foreignTrade',
] as const satisfies readonly (keyof ProcedureRecord)[];
export type DatedField = (typeof DATED_FIELDS)[number];

export interface FieldChangeRecord {
  procedureId: string;
  field: DatedField;
  oldValue: unknown;
  /** Calendar day (Guatemala) of the change: the old value held until the day before. */
  changedOn: string;
}

export interface RequirementRecord extends RequirementFacts {
  effectiveTo: string | null;
  status: RequirementStatus;
}

export interface MilestoneRecord {
  id: string;
  procedureId: string | null;
  target: string;
  kind: MilestoneKind;
  dueDate: string;
  completedOn: string | null;
  status: MilestoneStatus;
  /** Day its plan was approved. */
  planApprovedOn: string;
}

/** One day's requirement figures, counted by PostgreSQL (REQUIREMENT_DAY_SQL). */
export interface RequirementsOfDay {
  day: string;
  /** Per procedure (absent: no requirement in effect by the day). */
  counts: Map<string, { active: number; withBasis: number; endedOn: string[] }>;
  /** Requirements in effect by the day, and of those ended by it (`detectionDayKey`). */
  reached: number;
  ended: number;
}

export interface InstitutionData {
  institution: {
    id: string;
    code: string;
    name: string;
    coverage: Coverage;
    type: InstitutionType;
    sector: string | null;
    optedInAt: string | null;
    active: boolean;
  };
  procedures: ProcedureRecord[];
  /** Changes after the first day of the range, oldest first. */
  changes: FieldChangeRecord[];
  /**
   * Every requirement in effect by the last day (any status), per procedure in effect order; or, when loaded for one
   * day (`requirementsOfDay`), only the requirements in force that day whose signature has a practice.
   */
  requirements: RequirementRecord[];
  /** Set when the requirements were counted by PostgreSQL for one day (`loadInstitutionDay`); absent: every row loaded. */
  requirementsOfDay?: RequirementsOfDay;
  /** Days the institution's plans were approved (currently approved plans). */
  plansApprovedOn: string[];
  milestones: MilestoneRecord[];
  reports: Array<{ year: number; quarter: number; submittedOn: string }>;
  actions: Array<{ type: string; createdOn: string }>;
  /** Active liaisons and institution admins. */
  activeInstitutionUsers: number;
  deadlines: DeadlineFacts[];
  /** Findings an analyst dismissed (keys of `findingKey`). */
  dismissed: Set<string>;
  /** Latest day each procedure's level was validated. */
  levelValidatedOn: Map<string, string>;
  /** Counted citizens' ratings the days of the range may use (satisfaction.ts); absent: none. */
  ratings?: RatingRecord[];
}

/** Loads an institution's records for the days `from`…`to` (null when the institution does not exist). */
export async function loadInstitutionData(
  em: EntityManager,
  institutionId: string,
  from: string,
  to: string,
): Promise<InstitutionData | null> {
  const loaded = await loadRecords(em, institutionId, from, to);
  if (!loaded) return null;
  return {
    ...loaded.records,
    procedures: await loadProcedures(em, institutionId, to),
    requirements: await loadRequirements(em, institutionId, to),
  };
}

/** Every requirement in effect by `to`, for an institution loaded for one day that needs them all (findings). */
export const loadRequirements = (em: EntityManager, institutionId: string, to: string): Promise<RequirementRecord[]> =>
  queryPrepared<RequirementRecord[]>(em, REQUIREMENTS_SQL, [institutionId, to]);

/**
 * Loads an institution's records for one day, its requirements counted by PostgreSQL: only those whose name, issuer or
 * declaration show a practice of the methodology are loaded in full (`RequirementsOfDay`). What the scores read is the
 * same as `loadInstitutionData` gives for that day (scoring-equivalence e2e); findings need every requirement
 * (`loadRequirements`). `kept`: the worker's figures of earlier runs and the stamp of this run's inputs; figures kept
 * with that stamp for a range holding the day are taken instead of counted (RequirementFiguresCache), and figures
 * counted now are kept, and handed to `counted` (the run stores them).
 */
export async function loadInstitutionDay(
  em: EntityManager,
  institutionId: string,
  day: string,
  m: MethodologyParameters,
  kept?: { cache: RequirementFiguresCache; stamp: string; counted?: (figures: RequirementFigures) => void },
): Promise<InstitutionData | null> {
  const hit = kept?.cache.get(institutionId, kept.stamp, day);
  // One round trip (pipelined): the records and the procedures, and with figures kept, the candidates they select.
  const [records, procedures, keptCandidates] = await Promise.all([
    loadRecords(em, institutionId, day, day, !hit),
    loadProcedures(em, institutionId, day),
    hit ? loadCandidates(em, institutionId, day, hit.practiceSignatures) : undefined,
  ]);
  if (!records) return null;
  let figures = hit;
  if (!figures) {
    const { signatures, ...counted } = records.requirements!;
    const rules = compilePracticeRules(m.prohibitedPractices);
    figures = { ...counted, practiceSignatures: signatures.filter((r) => practicesOf(r, rules).length > 0) };
    kept?.cache.set(institutionId, kept.stamp, figures);
    kept?.counted?.(figures);
  }
  const candidates = keptCandidates ?? (await loadCandidates(em, institutionId, day, figures.practiceSignatures));
  const { reached, ended, counts, endings } = figures;
  const endedOn = new Map<string, string[]>();
  endings.procedureId.forEach((id, i) => {
    const list = endedOn.get(id);
    if (list) list.push(endings.on[i]);
    else endedOn.set(id, [endings.on[i]]);
  });
  return {
    ...records.records,
    procedures,
    requirements: candidates,
    requirementsOfDay: {
      day,
      counts: new Map(
        counts.procedureId.map((id, i) => [
          id,
          { active: counts.active[i], withBasis: counts.withBasis[i], endedOn: endedOn.get(id) ?? [] },
        ]),
      ),
      reached,
      ended,
    },
  };
}

/** The requirements in force on `day` whose practice signature is among `signatures`, in full (CANDIDATES_SQL; none asked: none). */
const loadCandidates = async (
  em: EntityManager,
  institutionId: string,
  day: string,
  signatures: Array<Pick<RequirementFacts, 'issuer' | 'prohibitedKind' | 'name'>>,
): Promise<RequirementRecord[]> =>
  signatures.length
    ? queryPrepared<RequirementRecord[]>(em, CANDIDATES_SQL, [
        institutionId,
        day,
        signatures.map(practiceSignature),
        [...new Set(signatures.map((r) => r.name))],
      ])
    : [];

/** The procedures that entered the inventory by `to`, by code (PROCEDURES_SQL). */
const loadProcedures = (em: EntityManager, institutionId: string, to: string): Promise<ProcedureRecord[]> =>
  queryPrepared<ProcedureRecord[]>(em, PROCEDURES_SQL, [institutionId, to]);

/**
 * Everything but the procedures and requirements, in one round trip (RECORDS_SQL); `requirementsOfDay`: with the
 * requirement totals and practice signatures of the last day.
 */
async function loadRecords(
  em: EntityManager,
  institutionId: string,
  from: string,
  to: string,
  requirementsOfDay = false,
): Promise<{
  records: Omit<InstitutionData, 'procedures' | 'requirements' | 'requirementsOfDay'>;
  requirements: RecordsRow['requirements'];
} | null> {
  const [r] = await queryPrepared<RecordsRow[]>(em, RECORDS_SQL, [
    institutionId,
    from,
    to,
    DATED_FIELDS,
    // the ratings any day of the range may use: the window reaches 12 months before `from`
    dayMinus(from, SATISFACTION_WINDOW_DAYS),
    requirementsOfDay,
  ]);
  if (!r.institution) return null;
  const approvedOn = new Map(r.plans.map((p) => [p.id, p.approvedOn]));
  const records = {
    institution: r.institution,
    changes: r.changes,
    plansApprovedOn: r.plans.map((p) => p.approvedOn),
    milestones: r.milestones.map(({ planId, ...m }) => ({ ...m, planApprovedOn: approvedOn.get(planId)! })),
    reports: r.reports,
    actions: r.actions,
    activeInstitutionUsers: r.activeInstitutionUsers,
    deadlines: r.deadlines,
    dismissed: new Set(r.dismissed.map((d) => findingKey(d.subjectId, d.kind, d.code))),
    levelValidatedOn: new Map(r.validated.map((v) => [v.procedureId, v.on])),
    ratings: r.ratings,
  };
  return { records, requirements: r.requirements };
}
