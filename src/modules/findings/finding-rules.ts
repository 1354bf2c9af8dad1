import { normaliseText } from '../../common/text/normalise';
import { label } from '../../common/glossary/glossary';
import { hasFoundingLegalBasis } from '../inventory/rules/requirement-in-force';
import { Channel, Issuer, LegalBasisType, ProhibitedKind } from '../inventory/rules/inventory.enums';
import { ConsistencyRule, MethodologyParameters, PracticeRule } from '../scoring/methodology';

/**
 * Findings the data raises by itself, as pure functions of the records and the methodology's rule sets.
 * The scoring run materialises them (table `findings`, where analysts can dismiss them); the API uses the same
 * functions for warnings at submission.
 */
export const FINDING_KINDS = [
  'prohibited_practice',
  'no_legal_basis',
  'level_inconsistent',
  'legal_deadline_missed',
  'no_active_liaison',
  'citizen_report',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_SUBJECTS = ['requirement', 'procedure', 'institution', 'legal_deadline'] as const;
export type FindingSubject = (typeof FINDING_SUBJECTS)[number];

/**
 * How the finding was found: declared by the institution, from a structured field, from the text, from the record, or from a
 * citizen's report the Commission found founded (kind citizen_report: not detected by the scoring run, which leaves it alone).
 */
export const FINDING_SOURCES = ['declared', 'issuer', 'text', 'record', 'citizen_report'] as const;
export type FindingSource = (typeof FINDING_SOURCES)[number];

/** Spanish words for the codes (API labels, e-mails, exports). */
export interface DetectedFinding {
  kind: FindingKind;
  /** Practice kind, consistency rule, deadline code, or the kind itself. With the subject, the finding's identity. */
  code: string;
  subjectType: FindingSubject;
  subjectId: string;
  procedureId: string | null;
  source: FindingSource;
  article: string | null;
  /** Since when the problem exists (a requirement's effective date, a deadline's due date…); null: since it was first detected. */
  since: string | null;
  /** Spanish, for people. */
  message: string;
  /** Whether it lowers the score (prohibited practices; a requirement without legal basis is scored by the legal-basis component only). */
  countsInScore: boolean;
}

// ------------------------------------------------------------------ prohibited practices

export interface RequirementFacts {
  id: string;
  procedureId: string;
  name: string;
  issuer: Issuer;
  legalBasisType: LegalBasisType;
  prohibitedKind: ProhibitedKind | null;
  effectiveFrom: string;
}

export interface PracticeHit {
  kind: ProhibitedKind;
  article: string;
  source: 'declared' | 'issuer' | 'text';
  /** The text that matched (text signals). */
  matched: string | null;
}

interface CompiledRule {
  rule: PracticeRule;
  patterns: RegExp[];
}

/** Compiles the rule set once (patterns are validated when a methodology version is created). */
export function compilePracticeRules(rules: readonly PracticeRule[]): CompiledRule[] {
  return rules.map((rule) => ({ rule, patterns: rule.patterns.map((p) => new RegExp(p)) }));
}

/** Everything `practicesOf` reads of a requirement, as one key: requirements with the same signature have the same practices. */
export const practiceSignature = (r: Pick<RequirementFacts, 'name' | 'issuer' | 'prohibitedKind'>): string =>
  `${r.issuer}|${r.prohibitedKind ?? ''}|${r.name}`;

/**
 * The prohibited practices of one requirement: the one it declares, then every rule that matches — its issuer first
 * (structured signal), otherwise its name (text signal, accent- and case-insensitive). One hit per kind.
 */
export function practicesOf(
  r: Pick<RequirementFacts, 'name' | 'issuer' | 'prohibitedKind'>,
  rules: readonly CompiledRule[],
): PracticeHit[] {
  const hits: PracticeHit[] = [];
  const article = (kind: ProhibitedKind) => rules.find((c) => c.rule.kind === kind)?.rule.article ?? 'Decreto 5-2021, arts. 12 y 13';
  if (r.prohibitedKind) hits.push({ kind: r.prohibitedKind, article: article(r.prohibitedKind), source: 'declared', matched: null });
  let text: string | null = null;
  for (const { rule, patterns } of rules) {
    if (hits.some((h) => h.kind === rule.kind)) continue;
    if (rule.issuer && r.issuer === rule.issuer) {
      hits.push({ kind: rule.kind, article: rule.article, source: 'issuer', matched: null });
      continue;
    }
    text ??= normaliseText(r.name);
    for (const p of patterns) {
      const m = p.exec(text);
      if (m) {
        hits.push({ kind: rule.kind, article: rule.article, source: 'text', matched: m[0] });
        break;
      }
    }
  }
  return hits;
}

/** A requirement counts as prohibited when it declares a practice, or the data reveals one an analyst has not dismissed. */
export function countsAsProhibited(requirementId: string, hits: readonly PracticeHit[], dismissed: ReadonlySet<string>): boolean {
  return hits.some((h) => h.source === 'declared' || !dismissed.has(findingKey(requirementId, 'prohibited_practice', h.kind)));
}

/** Identity of a finding: subject, kind and code. */
export const findingKey = (subjectId: string, kind: FindingKind, code: string): string => `${subjectId}|${kind}|${code}`;

/** The findings of one requirement in force: its prohibited practices and, without a law or government agreement behind it, Art. 5. */
export function requirementFindings(
  r: RequirementFacts,
  hits: readonly PracticeHit[],
  m: Pick<MethodologyParameters, 'noLegalBasisArticle'>,
): DetectedFinding[] {
  const out: DetectedFinding[] = hits.map((h) => ({
    kind: 'prohibited_practice',
    code: h.kind,
    subjectType: 'requirement',
    subjectId: r.id,
    procedureId: r.procedureId,
    source: h.source,
    article: h.article,
    since: r.effectiveFrom,
    countsInScore: true,
    message:
      h.source === 'declared'
        ? `«${r.name}» está declarado como práctica prohibida: ${label('prohibitedKind', h.kind)}.`
        : h.source === 'issuer'
          ? `«${r.name}» lo emite la misma institución que lo pide: ${label('prohibitedKind', h.kind)}.`
          : `«${r.name}» parece ser una práctica prohibida (${label('prohibitedKind', h.kind)}; el nombre dice «${h.matched}»).`,
  }));
  if (!hasFoundingLegalBasis(r.legalBasisType)) {
    out.push({
      kind: 'no_legal_basis',
      code: 'no_legal_basis',
      subjectType: 'requirement',
      subjectId: r.id,
      procedureId: r.procedureId,
      source: 'record',
      article: m.noLegalBasisArticle,
      since: r.effectiveFrom,
      countsInScore: false,
      message: `«${r.name}» no tiene base legal en una ley o un acuerdo gubernativo (${label('legalBasisType', r.legalBasisType)}).`,
    });
  }
  return out;
}

// ------------------------------------------------------------------ level consistency

export interface ProcedureRecordFacts {
  feeGtq: string | null;
  legalMaxDays: number | null;
  formsUrl: string | null;
  formsFree: boolean | null;
  channels: readonly Channel[];
  onlineUrl: string | null;
  inPersonVisits: number | null;
}

const CHECKS: Record<ConsistencyRule['check'], (p: ProcedureRecordFacts) => boolean> = {
  fee_and_times_published: (p) => p.feeGtq !== null && p.legalMaxDays !== null,
  free_forms_online: (p) => Boolean(p.formsUrl) && p.formsFree === true,
  online_channel_and_url: (p) => p.channels.includes('online') && Boolean(p.onlineUrl),
  no_in_person_visit: (p) => p.inPersonVisits === 0,
};

/** The rules a level contradicts in this record (those for that level and below), lowest level first. Empty: consistent. */
export function levelContradictions(
  record: ProcedureRecordFacts,
  level: number | null,
  rules: readonly ConsistencyRule[],
): ConsistencyRule[] {
  if (level === null) return [];
  return rules.filter((r) => r.minLevel <= level && !CHECKS[r.check](record)).sort((a, b) => a.minLevel - b.minLevel);
}

/** Warnings for a level being declared or submitted (Spanish, one per contradicted rule). */
export function levelWarnings(
  record: ProcedureRecordFacts,
  level: number | null,
  rules: readonly ConsistencyRule[],
): Array<{ code: string; message: string }> {
  return levelContradictions(record, level, rules).map((r) => ({ code: r.code, message: `Nivel ${level}: ${r.message}.` }));
}

// ------------------------------------------------------------------ legal deadlines

export interface DeadlineFacts {
  id: string;
  code: string;
  name: string;
  dueDate: string;
  legalReference: string | null;
  requiresApprovedPlan: boolean;
  /** Every active procedure at this validated level or above (null: no level condition). */
  requiredLevel: number | null;
}

/**
 * Whether an institution missed a legal deadline and still has not met it on `today`: the due date has passed and an
 * approved plan is missing (when required), or some active procedure is below the required validated level. With no
 * procedures registered the level condition cannot be judged and raises nothing (the institution has no score either).
 */
export function missedDeadline(d: DeadlineFacts, facts: { today: string; hasApprovedPlan: boolean; levels: readonly number[] }): string[] {
  if (facts.today <= d.dueDate) return [];
  const reasons: string[] = [];
  if (d.requiresApprovedPlan && !facts.hasApprovedPlan) reasons.push('no tiene un plan de simplificación aprobado');
  if (d.requiredLevel !== null && facts.levels.length) {
    const below = facts.levels.filter((l) => l < d.requiredLevel!).length;
    if (below) reasons.push(`${below} de ${facts.levels.length} trámites vigentes están por debajo del nivel ${d.requiredLevel}`);
  }
  return reasons;
}

/** The institution-level findings: legal deadlines missed and still unmet, and no active liaison or institution admin. */
export function institutionFindings(
  institutionId: string,
  facts: {
    today: string;
    hasApprovedPlan: boolean;
    levels: readonly number[];
    activeInstitutionUsers: number;
    deadlines: readonly DeadlineFacts[];
  },
): DetectedFinding[] {
  const out: DetectedFinding[] = [];
  for (const d of facts.deadlines) {
    const reasons = missedDeadline(d, facts);
    if (!reasons.length) continue;
    out.push({
      kind: 'legal_deadline_missed',
      code: d.code,
      subjectType: 'legal_deadline',
      subjectId: d.id,
      procedureId: null,
      source: 'record',
      article: d.legalReference,
      since: d.dueDate,
      countsInScore: false,
      message: `Venció el ${d.dueDate} el plazo «${d.name}» y la institución aún lo incumple: ${reasons.join('; ')}.`,
    });
  }
  if (facts.activeInstitutionUsers === 0) {
    out.push({
      kind: 'no_active_liaison',
      code: 'no_active_liaison',
      subjectType: 'institution',
      subjectId: institutionId,
      procedureId: null,
      source: 'record',
      article: null,
      since: null,
      countsInScore: false,
      message: 'La institución no tiene ningún enlace ni administrador activo: sus recordatorios se envían a los analistas de la Comisión.',
    });
  }
  return out;
}
