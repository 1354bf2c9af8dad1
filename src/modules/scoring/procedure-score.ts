import { label } from '../../common/glossary/glossary';
import { MethodologyParameters, PROCEDURE_COMPONENTS, ProcedureComponent } from './methodology';

/** What the formula needs about one procedure; gathered for a whole institution by one SQL query. */
export interface ProcedureInputs {
  currentLevel: number;
  targetLevel: number | null;
  activeRequirements: number;
  requirementsWithLegalBasis: number;
  activeProhibited: number;
  hasDescription: boolean;
  hasLegalBasis: boolean;
  feePublished: boolean;
  hasLegalTime: boolean;
  freeFormsOnline: boolean;
  legalMaxDays: number | null;
  actualMedianDays: number | null;
  /** Days since last review; null when never reviewed. */
  daysSinceReview: number | null;
  /** Average rating 1–5 where ratings exist. */
  averageRating: number | null;
}

export interface ComponentResult {
  component: ProcedureComponent;
  /** 0..1 */
  value: number;
  /** Effective weight after redistributing components without data (sums to 100). */
  weight: number;
  /** value × weight: this component's points out of 100. */
  points: number;
  inputs: Record<string, number | boolean | null>;
  /** Spanish: what would raise it (empty when it is already full). */
  advice: string;
}

export interface ScoreResult {
  score: number;
  components: ComponentResult[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
export const round2 = (x: number) => Math.round((x + Number.EPSILON) * 100) / 100;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A component before weighting; value null = no data (its weight is shared out). */
export interface RawComponent {
  component: ProcedureComponent;
  value: number | null;
  inputs: Record<string, number | boolean | null>;
  advice: string;
}

/** Each component's value and inputs, before weights. Pure: pinned by unit tests with hand-computed examples. */
export function procedureComponents(p: ProcedureInputs, m: MethodologyParameters): RawComponent[] {
  const target = p.targetLevel ?? m.defaultTargetLevel;
  const maturity = target <= 0 ? 1 : clamp01(p.currentLevel / target);
  const withoutBasis = p.activeRequirements - p.requirementsWithLegalBasis;
  const legalBasis = p.activeRequirements === 0 ? 1 : p.requirementsWithLegalBasis / p.activeRequirements;
  const noProhibited = clamp01(1 - m.prohibitedPenalty * p.activeProhibited);
  const published = { description: p.hasDescription, legalBasis: p.hasLegalBasis, requirements: p.activeRequirements > 0, fee: p.feePublished, time: p.hasLegalTime, freeFormsOnline: p.freeFormsOnline };
  const missing = Object.entries(published).filter(([, v]) => !v).map(([k]) => label('publicationField', k));
  const publication = (6 - missing.length) / 6;
  const timeKnown = p.legalMaxDays !== null && p.actualMedianDays !== null;
  const resolutionTime = !timeKnown ? m.unknownTimeValue : p.actualMedianDays === 0 ? 1 : clamp01(p.legalMaxDays! / p.actualMedianDays!);
  const freshness = p.daysSinceReview === null ? 0
    : p.daysSinceReview <= m.freshFullDays ? 1
    : clamp01((m.freshZeroDays - p.daysSinceReview) / (m.freshZeroDays - m.freshFullDays));
  const satisfaction = p.averageRating === null ? null : clamp01(p.averageRating / 5);

  return [
    { component: 'maturity', value: maturity, inputs: { currentLevel: p.currentLevel, targetLevel: target },
      advice: maturity >= 1 ? '' : `Subir del nivel ${p.currentLevel} al nivel ${target} de madurez digital (validado por la Comisión)` },
    { component: 'legalBasis', value: legalBasis, inputs: { activeRequirements: p.activeRequirements, withLegalBasis: p.requirementsWithLegalBasis },
      advice: withoutBasis > 0 ? `${plural(withoutBasis, 'requisito', 'requisitos')} sin base legal en ley o acuerdo gubernativo` : '' },
    { component: 'noProhibited', value: noProhibited, inputs: { activeProhibited: p.activeProhibited, penaltyEach: m.prohibitedPenalty },
      advice: p.activeProhibited > 0 ? `Eliminar ${plural(p.activeProhibited, 'requisito prohibido', 'requisitos prohibidos')} por la ley (arts. 12 y 13)` : '' },
    { component: 'publication', value: publication, inputs: { ...published },
      advice: missing.length ? `Publicar: ${missing.join(', ')}` : '' },
    { component: 'resolutionTime', value: resolutionTime, inputs: { legalMaxDays: p.legalMaxDays, actualMedianDays: p.actualMedianDays },
      advice: !timeKnown ? 'Registrar el plazo legal y el tiempo real (mediana) de resolución'
        : resolutionTime < 1 ? `Reducir el tiempo real de ${p.actualMedianDays} a ${p.legalMaxDays} días (plazo legal)` : '' },
    { component: 'freshness', value: freshness, inputs: { daysSinceReview: p.daysSinceReview, fullUntilDays: m.freshFullDays, zeroAtDays: m.freshZeroDays },
      advice: freshness >= 1 ? '' : p.daysSinceReview === null ? 'Registrar la fecha de la última revisión del trámite' : `Revisar el trámite (última revisión hace ${p.daysSinceReview} días)` },
    { component: 'satisfaction', value: satisfaction, inputs: { averageRating: p.averageRating },
      advice: satisfaction === null ? 'Sin calificaciones de usuarios: su peso se reparte entre los demás componentes' : satisfaction < 1 ? 'Mejorar la calificación de los usuarios' : '' },
  ];
}

/**
 * The procedure score (0–100): weighted mean of the components. A component without data (value null:
 * no user ratings) gives its weight to the others in proportion to theirs.
 */
export function scoreProcedure(p: ProcedureInputs, m: MethodologyParameters): ScoreResult {
  const parts = procedureComponents(p, m);
  const available = parts.filter((c) => c.value !== null);
  const totalWeight = available.reduce((s, c) => s + m.procedureWeights[c.component], 0);
  const components: ComponentResult[] = PROCEDURE_COMPONENTS.map((name) => {
    const c = parts.find((x) => x.component === name)!;
    const weight = c.value === null || totalWeight === 0 ? 0 : (m.procedureWeights[name] * 100) / totalWeight;
    const value = c.value ?? 0;
    return { ...c, value: round4(value), weight: round4(weight), points: round4((value * weight)), advice: c.advice };
  });
  const score = totalWeight === 0 ? 0 : available.reduce((s, c) => s + (c.value as number) * m.procedureWeights[c.component], 0) / totalWeight * 100;
  return { score: round2(score), components };
}

const round4 = (x: number) => Math.round((x + Number.EPSILON) * 10000) / 10000;
