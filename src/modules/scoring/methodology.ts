import { EntityManager } from 'typeorm';
import { queryPrepared } from '../../database/prepared-statement';
import { Issuer, ISSUERS, PROHIBITED_KINDS, ProhibitedKind } from '../inventory/rules/inventory.enums';
import { DEFAULT_SATISFACTION, SatisfactionParameters } from './satisfaction';
import { ACTIVE_METHODOLOGY_SQL, ActiveMethodologyRow } from './methodology.sql';

/**
 * The scoring methodology (domain reference §4–§5) as data: weights, parameters and the rule sets that find
 * problems in the data live in the `methodologies` table, versioned (each snapshot names the version it was
 * computed with); these types and the defaults are the contract.
 */
export const PROCEDURE_COMPONENTS = [
  'maturity',
  'legalBasis',
  'noProhibited',
  'publication',
  'resolutionTime',
  'freshness',
  'satisfaction',
] as const;
export type ProcedureComponent = (typeof PROCEDURE_COMPONENTS)[number];

export const INSTITUTION_COMPONENTS = ['procedures', 'planExecution', 'reporting'] as const;
export type InstitutionComponent = (typeof INSTITUTION_COMPONENTS)[number];

/**
 * A prohibited practice (Arts. 12, 13 and related) the data reveals by itself: a structured signal (the requirement's
 * issuer) and Spanish text patterns (regular expressions matched against the requirement's name in lower case,
 * without accents, spaces collapsed). Either signal raises the finding.
 */
export interface PracticeRule {
  kind: ProhibitedKind;
  /** Legal reference shown with the finding. */
  article: string;
  issuer?: Issuer;
  patterns: string[];
}

/** What a maturity level needs in the procedure's own record (checked by `levelConsistency`). */
export const CONSISTENCY_CHECKS = ['fee_and_times_published', 'free_forms_online', 'online_channel_and_url', 'no_in_person_visit'] as const;
export type ConsistencyCheck = (typeof CONSISTENCY_CHECKS)[number];

export interface ConsistencyRule {
  code: string;
  /** Applies to a declared or validated level at or above this one. */
  minLevel: number;
  check: ConsistencyCheck;
  /** Spanish: what the record lacks. */
  message: string;
}

export interface MethodologyParameters {
  procedureWeights: Record<ProcedureComponent, number>;
  institutionWeights: Record<InstitutionComponent, number>;
  /** Penalty per active prohibited requirement (0.5: two of them zero the component). */
  prohibitedPenalty: number;
  /** Value of the resolution-time component when legal or actual days are unknown. */
  unknownTimeValue: number;
  /** Reviewed within this many days → freshness 1; falls linearly to 0 at freshZeroDays. */
  freshFullDays: number;
  freshZeroDays: number;
  /** Target level assumed when a procedure has none (level 4: the two-year deadline). */
  defaultTargetLevel: number;
  /** Quarterly reports are expected from this date on (or from the institution's adhesion, if later). */
  reportingSince: string;
  burden: BurdenParameters;
  /**
   * No credit for absence: a component whose inputs are absent (no requirements registered, no report or milestone
   * due yet) is not applicable and its weight is shared out, and an institution without procedures has no score.
   * False only in version 1, which gave such components full marks (kept so its snapshots explain themselves).
   */
  noCreditForAbsence: boolean;
  /** From this date a bound institution owes an approved simplification plan (null: always owed, as in version 1). */
  planRequiredSince: string | null;
  /** An opted-in institution owes one this many months after its adhesion. */
  planGraceMonths: number;
  /** Prohibited practices found in the data (counted in the score like declared ones, unless an analyst dismisses them). */
  prohibitedPractices: PracticeRule[];
  /** Legal reference of the "requirement without legal basis" finding (scored by the legal-basis component only). */
  noLegalBasisArticle: string;
  /** What a maturity level needs in the procedure's record: warnings at submission, findings once validated. */
  levelConsistency: ConsistencyRule[];
  /** User satisfaction (issue 18): from how many ratings of the last 12 months it applies, and the scale from a mean 1–5 to 0–1. */
  satisfaction: SatisfactionParameters;
}

export interface BurdenParameters {
  /** GTQ per hour of a person's time. */
  hourValueGtq: number;
  /** GTQ per in-person visit (transport, costs). */
  visitCostGtq: number;
  /** GTQ per day of waiting for the result. */
  dailyOpportunityCostGtq: number;
  /** Hours to gather each requirement. */
  hoursPerRequirement: number;
  /** Hours each visit takes. */
  hoursPerVisit: number;
}

const PROHIBITED_ARTICLE = 'Decreto 5-2021, arts. 12 y 13';

/** The default rule sets (the parameters of methodology version 2 and later, unless the Commission changes them). */
export const DEFAULT_PROHIBITED_PRACTICES: PracticeRule[] = [
  {
    kind: 'same_institution_document',
    article: 'Decreto 5-2021, art. 13',
    issuer: 'same_institution',
    patterns: ['(emitid|extendid|expedid|otorgad)[oa]s? por (esta|la misma) (institucion|entidad|dependencia)'],
  },
  { kind: 'sworn_declaration', article: PROHIBITED_ARTICLE, patterns: ['declaracion(es)? juradas?', 'bajo juramento'] },
  {
    kind: 'notarised_signature',
    article: PROHIBITED_ARTICLE,
    patterns: [
      'firma(s)? (legalizada|autenticada)',
      'legalizacion de (la )?firma',
      'autenticad[oa]s? por (un |una )?notari[oa]',
      'legalizad[oa]s? por (un |una )?notari[oa]',
      'autentica notarial',
    ],
  },
  {
    kind: 'police_report_for_loss',
    article: PROHIBITED_ARTICLE,
    patterns: [
      'denuncia\\b.*\\b(perdida|extravio|robo|hurto)',
      '(constancia|certificacion|informe) (policial|de la pnc)\\b.*\\b(perdida|extravio)',
    ],
  },
  { kind: 'apostille_translation', article: PROHIBITED_ARTICLE, patterns: ['traduccion\\b.*\\bapostill', 'apostill\\w*\\b.*\\btraducid'] },
];

export const DEFAULT_LEVEL_CONSISTENCY: ConsistencyRule[] = [
  {
    code: 'level1_fee_and_times',
    minLevel: 1,
    check: 'fee_and_times_published',
    message: 'el nivel 1 o más requiere el costo y el plazo legal de resolución publicados',
  },
  {
    code: 'level2_free_forms',
    minLevel: 2,
    check: 'free_forms_online',
    message: 'el nivel 2 o más requiere formularios gratuitos en línea (dirección de formularios y «gratuitos: sí»)',
  },
  {
    code: 'level3_online_channel',
    minLevel: 3,
    check: 'online_channel_and_url',
    message: 'el nivel 3 o más requiere el canal en línea y la dirección del trámite en línea',
  },
  {
    code: 'level4_no_visit',
    minLevel: 4,
    check: 'no_in_person_visit',
    message: 'el nivel 4 o más requiere que no haya visitas presenciales (visitas = 0)',
  },
];

export const DEFAULT_METHODOLOGY: MethodologyParameters = {
  procedureWeights: { maturity: 35, legalBasis: 15, noProhibited: 15, publication: 10, resolutionTime: 10, freshness: 5, satisfaction: 10 },
  institutionWeights: { procedures: 60, planExecution: 25, reporting: 15 },
  prohibitedPenalty: 0.5,
  unknownTimeValue: 0.5,
  freshFullDays: 180,
  freshZeroDays: 365,
  defaultTargetLevel: 4,
  reportingSince: '2026-01-01',
  burden: { hourValueGtq: 25, visitCostGtq: 60, dailyOpportunityCostGtq: 15, hoursPerRequirement: 1.5, hoursPerVisit: 3 },
  noCreditForAbsence: true,
  planRequiredSince: '2022-02-28',
  planGraceMonths: 6,
  prohibitedPractices: DEFAULT_PROHIBITED_PRACTICES,
  noLegalBasisArticle: 'Decreto 5-2021, art. 5',
  levelConsistency: DEFAULT_LEVEL_CONSISTENCY,
  satisfaction: DEFAULT_SATISFACTION,
};

/**
 * What version 1 left out, as version 1 behaved: full marks for absent inputs, a plan always owed, and no rule sets.
 * A stored version is read through `resolveParameters`, so old snapshots keep explaining themselves.
 */
const VERSION_1_BEHAVIOUR: Pick<
  MethodologyParameters,
  | 'noCreditForAbsence'
  | 'planRequiredSince'
  | 'planGraceMonths'
  | 'prohibitedPractices'
  | 'noLegalBasisArticle'
  | 'levelConsistency'
  | 'satisfaction'
> = {
  noCreditForAbsence: false,
  planRequiredSince: null,
  planGraceMonths: 6,
  prohibitedPractices: [],
  noLegalBasisArticle: DEFAULT_METHODOLOGY.noLegalBasisArticle,
  levelConsistency: [],
  // no version before issue 18 had ratings to score: the default rule explains them all
  satisfaction: DEFAULT_SATISFACTION,
};

/** A stored version's parameters, complete (fields a version predates take that version's behaviour). */
export const resolveParameters = (stored: Partial<MethodologyParameters>): MethodologyParameters =>
  ({ ...VERSION_1_BEHAVIOUR, ...stored }) as MethodologyParameters;

/** The active methodology version and its complete parameters. */
export interface ActiveMethodology {
  id: string;
  version: number;
  name: string;
  parameters: MethodologyParameters;
}

/** The active methodology version and its complete parameters, in the caller's transaction. */
export async function activeMethodologyOf(em: EntityManager): Promise<ActiveMethodology> {
  const [row] = await queryPrepared<ActiveMethodologyRow[]>(em, ACTIVE_METHODOLOGY_SQL, []);
  return activeMethodologyFrom(row);
}

/** The same from the row of ACTIVE_METHODOLOGY_SQL read by another statement (the scoring run's state). */
export function activeMethodologyFrom(row: ActiveMethodologyRow | null | undefined): ActiveMethodology {
  if (!row) throw new Error('No hay una metodología de puntaje activa');
  return { ...row, parameters: resolveParameters(row.parameters) };
}

/** Located problems of a proposed methodology (empty when valid). Pure; used by the API before saving. */
export function methodologyProblems(m: MethodologyParameters): Array<{ field: string; messages: string[] }> {
  const problems: Array<{ field: string; messages: string[] }> = [];
  const add = (field: string, message: string) => problems.push({ field, messages: [message] });
  const checkWeights = (group: 'procedureWeights' | 'institutionWeights', keys: readonly string[]) => {
    const weights = m[group] as Record<string, number>;
    for (const k of keys) {
      const w = weights[k];
      if (typeof w !== 'number' || !Number.isFinite(w)) add(`${group}.${k}`, 'debe ser un número');
      else if (w < 0) add(`${group}.${k}`, 'no puede ser negativo');
    }
    const sum = keys.reduce((s, k) => s + (Number.isFinite(weights[k]) ? weights[k] : 0), 0);
    if (Math.abs(sum - 100) > 1e-9) add(group, `los pesos deben sumar 100 (suman ${Math.round(sum * 100) / 100})`);
  };
  checkWeights('procedureWeights', PROCEDURE_COMPONENTS);
  checkWeights('institutionWeights', INSTITUTION_COMPONENTS);
  if (!(m.freshZeroDays > m.freshFullDays)) add('freshZeroDays', 'debe ser mayor que freshFullDays');
  for (const [k, v] of Object.entries(m.burden)) if (!(v >= 0)) add(`burden.${k}`, 'no puede ser negativo');
  if (!(m.prohibitedPenalty >= 0 && m.prohibitedPenalty <= 1)) add('prohibitedPenalty', 'debe estar entre 0 y 1');
  if (!(m.unknownTimeValue >= 0 && m.unknownTimeValue <= 1)) add('unknownTimeValue', 'debe estar entre 0 y 1');
  if (!(Number.isInteger(m.planGraceMonths) && m.planGraceMonths >= 0))
    add('planGraceMonths', 'debe ser un número entero de meses, 0 o más');
  (m.prohibitedPractices ?? []).forEach((r, i) => {
    const at = `prohibitedPractices.${i}`;
    if (!PROHIBITED_KINDS.includes(r.kind)) add(`${at}.kind`, `debe ser una de: ${PROHIBITED_KINDS.join(', ')}`);
    if (r.issuer !== undefined && !ISSUERS.includes(r.issuer)) add(`${at}.issuer`, `debe ser uno de: ${ISSUERS.join(', ')}`);
    if (!r.issuer && !(r.patterns ?? []).length) add(at, 'indique un emisor o al menos un patrón de texto');
    (r.patterns ?? []).forEach((p, j) => {
      const problem = patternProblem(p);
      if (problem) add(`${at}.patterns.${j}`, problem);
    });
  });
  (m.levelConsistency ?? []).forEach((r, i) => {
    if (!CONSISTENCY_CHECKS.includes(r.check)) add(`levelConsistency.${i}.check`, `debe ser una de: ${CONSISTENCY_CHECKS.join(', ')}`);
    if (!(Number.isInteger(r.minLevel) && r.minLevel >= 0)) add(`levelConsistency.${i}.minLevel`, 'debe ser un nivel (entero, 0 o más)');
  });
  const sat = m.satisfaction;
  if (sat !== undefined) {
    if (!(Number.isInteger(sat.minRatings) && sat.minRatings >= 1)) add('satisfaction.minRatings', 'debe ser un número entero, 1 o más');
    const scale = Array.isArray(sat.scale) ? sat.scale : [];
    if (scale.length < 2) add('satisfaction.scale', 'indique al menos dos puntos (media → valor)');
    scale.forEach((pt, i) => {
      if (!(pt?.mean >= 1 && pt.mean <= 5)) add(`satisfaction.scale.${i}.mean`, 'debe estar entre 1 y 5');
      if (!(pt?.value >= 0 && pt.value <= 1)) add(`satisfaction.scale.${i}.value`, 'debe estar entre 0 y 1');
      if (i > 0 && !(pt?.mean > scale[i - 1]?.mean)) add(`satisfaction.scale.${i}.mean`, 'las medias deben ir en orden creciente');
    });
  }
  return problems;
}

/** Why a text pattern is unusable (null when fine): it must compile and be written in lower case without accents. */
export function patternProblem(pattern: string): string | null {
  if (typeof pattern !== 'string' || !pattern.trim()) return 'el patrón no puede estar vacío';
  if (pattern !== pattern.normalize('NFD').replace(/[\u0300-\u036f]/g, '') || /[A-ZÁÉÍÓÚÑ]/.test(pattern.replace(/\\[A-Za-z]/g, ''))) {
    return 'escriba el patrón en minúsculas y sin tildes (se compara con el texto normalizado)';
  }
  try {
    new RegExp(pattern);
  } catch {
    return 'no es una expresión regular válida';
  }
  return null;
}
