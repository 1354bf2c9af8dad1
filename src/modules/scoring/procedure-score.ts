import { label } from '../../common/glossary/glossary';
import { round2, round4 } from '../../common/math/round';
import { MethodologyParameters, PROCEDURE_COMPONENTS, ProcedureComponent } from './methodology';
import { satisfactionValue } from './satisfaction';

/** What the formula needs about one procedure on one day (stored in its snapshot, so the score can be explained later). */
export interface ProcedureInputs {
  /** The validated level (latest validated maturity assessment). */
  currentLevel: number;
  targetLevel: number | null;
  activeRequirements: number;
  requirementsWithLegalBasis: number;
  /** Requirements in force that are prohibited: declared, or revealed by the data and not dismissed by an analyst. */
  activeProhibited: number;
  hasDescription: boolean;
  hasLegalBasis: boolean;
  /** The fee is known (an unknown fee is not published; 0 is a known fee: free). */
  feePublished: boolean;
  hasLegalTime: boolean;
  freeFormsOnline: boolean;
  legalMaxDays: number | null;
  actualMedianDays: number | null;
  /** Days since last review; null when never reviewed. */
  daysSinceReview: number | null;
  /** Mean overall rating 1–5 of the counted ratings of the last 12 months; null without ratings. */
  averageRating: number | null;
  /** How many ratings that mean is of (absent in snapshots before issue 18: none). */
  ratingCount?: number | null;
  /** The level the institution declares (shown beside the validated one; never scored). */
  declaredLevel?: number | null;
}

export interface ComponentResult {
  component: ProcedureComponent;
  /** 0..1; null when not applicable (its inputs are absent: its weight is shared out among the others). */
  value: number | null;
  applicable: boolean;
  /** Effective weight after sharing out the weights of components that do not apply (sums to 100). */
  weight: number;
  /** value × weight: this component's points out of 100. */
  points: number;
  inputs: Record<string, number | boolean | null>;
  /** Spanish: what would raise it, why it is full, or why it does not apply. Never empty. */
  advice: string;
}

export interface ScoreResult {
  score: number;
  components: ComponentResult[];
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A component before weighting; value null = not applicable (its weight is shared out). */
export interface RawComponent {
  component: ProcedureComponent;
  value: number | null;
  inputs: Record<string, number | boolean | null>;
  advice: string;
}

/**
 * The formula of domain reference §4, one procedure: each component's value before weights (null: it does not apply),
 * with what the advice reads besides the inputs. No credit for absence (methodology `noCreditForAbsence`): with no
 * requirements registered, legal basis and no-prohibited do not apply (version 1 gave them full marks).
 */
function procedureValues(p: ProcedureInputs, m: MethodologyParameters) {
  const target = p.targetLevel ?? m.defaultTargetLevel;
  const maturity = target <= 0 ? 1 : clamp01(p.currentLevel / target);
  const noRequirements = p.activeRequirements === 0;
  const requirementsApply = !(noRequirements && m.noCreditForAbsence);
  const withoutBasis = p.activeRequirements - p.requirementsWithLegalBasis;
  const legalBasis = !requirementsApply ? null : noRequirements ? 1 : p.requirementsWithLegalBasis / p.activeRequirements;
  const noProhibited = !requirementsApply ? null : clamp01(1 - m.prohibitedPenalty * p.activeProhibited);
  const published = {
    description: p.hasDescription,
    legalBasis: p.hasLegalBasis,
    requirements: !noRequirements,
    fee: p.feePublished,
    time: p.hasLegalTime,
    freeFormsOnline: p.freeFormsOnline,
  };
  const publication = Object.values(published).filter(Boolean).length / 6;
  const timeKnown = p.legalMaxDays !== null && p.actualMedianDays !== null;
  const resolutionTime = !timeKnown ? m.unknownTimeValue : p.actualMedianDays === 0 ? 1 : clamp01(p.legalMaxDays! / p.actualMedianDays!);
  const freshness =
    p.daysSinceReview === null
      ? 0
      : p.daysSinceReview <= m.freshFullDays
        ? 1
        : clamp01((m.freshZeroDays - p.daysSinceReview) / (m.freshZeroDays - m.freshFullDays));
  const ratingCount = p.ratingCount ?? 0;
  const minRatings = m.satisfaction.minRatings;
  const rated = p.averageRating !== null && ratingCount >= minRatings;
  const satisfaction = rated ? clamp01(satisfactionValue(p.averageRating!, m.satisfaction.scale)) : null;
  return {
    // by component; procedureComponents and procedureScore both add them up in PROCEDURE_COMPONENTS order
    values: { maturity, legalBasis, noProhibited, publication, resolutionTime, freshness, satisfaction },
    target,
    noRequirements,
    withoutBasis,
    published,
    timeKnown,
    ratingCount,
    minRatings,
    rated,
  };
}

/**
 * Each component's value and inputs, before weights, with its advice. Pure: pinned by unit tests with hand-computed
 * examples.
 */
export function procedureComponents(p: ProcedureInputs, m: MethodologyParameters): RawComponent[] {
  const { values, target, noRequirements, withoutBasis, published, timeKnown, ratingCount, minRatings, rated } = procedureValues(p, m);
  const { maturity, legalBasis, noProhibited, publication, resolutionTime, freshness, satisfaction } = values;
  const missing = Object.entries(published)
    .filter(([, v]) => !v)
    .map(([k]) => label('publicationField', k));
  const meanText = p.averageRating === null ? '' : (Math.round(p.averageRating * 100) / 100).toFixed(2).replace('.', ',');
  const notApplicable = 'No aplica: el trámite no tiene requisitos registrados; su peso se reparte entre los demás componentes';

  return [
    {
      component: 'maturity',
      value: maturity,
      inputs: { currentLevel: p.currentLevel, targetLevel: target, declaredLevel: p.declaredLevel ?? null },
      advice:
        maturity >= 1
          ? `Ya alcanza el nivel meta (${target}) validado por la Comisión`
          : `Subir del nivel ${p.currentLevel} al nivel ${target} de madurez digital (validado por la Comisión)` +
            (p.declaredLevel != null && p.declaredLevel > p.currentLevel
              ? `; el nivel ${p.declaredLevel} declarado cuenta cuando la Comisión lo valide`
              : ''),
    },
    {
      component: 'legalBasis',
      value: legalBasis,
      inputs: { activeRequirements: p.activeRequirements, withLegalBasis: p.requirementsWithLegalBasis },
      advice:
        legalBasis === null
          ? notApplicable
          : withoutBasis > 0
            ? `Eliminar o fundamentar en ley o acuerdo gubernativo ${plural(withoutBasis, 'requisito sin base legal', 'requisitos sin base legal')} (art. 5)`
            : noRequirements
              ? 'Sin requisitos registrados'
              : 'Todos los requisitos tienen base legal en ley o acuerdo gubernativo',
    },
    {
      component: 'noProhibited',
      value: noProhibited,
      inputs: { activeProhibited: p.activeProhibited, penaltyEach: m.prohibitedPenalty },
      advice:
        noProhibited === null
          ? notApplicable
          : p.activeProhibited > 0
            ? `Eliminar ${plural(p.activeProhibited, 'requisito prohibido', 'requisitos prohibidos')} por la ley (arts. 12 y 13)`
            : 'Ningún requisito vigente es una práctica prohibida',
    },
    {
      component: 'publication',
      value: publication,
      inputs: { ...published },
      advice: missing.length ? `Publicar: ${missing.join(', ')}` : 'Toda la información del trámite está publicada',
    },
    {
      component: 'resolutionTime',
      value: resolutionTime,
      inputs: { legalMaxDays: p.legalMaxDays, actualMedianDays: p.actualMedianDays },
      advice: !timeKnown
        ? `Registrar el plazo legal y el tiempo real (mediana) de resolución; sin ellos vale ${m.unknownTimeValue}`
        : resolutionTime < 1
          ? `Reducir el tiempo real de ${p.actualMedianDays} a ${p.legalMaxDays} días (plazo legal)`
          : 'Se resuelve dentro del plazo legal',
    },
    {
      component: 'freshness',
      value: freshness,
      inputs: { daysSinceReview: p.daysSinceReview, fullUntilDays: m.freshFullDays, zeroAtDays: m.freshZeroDays },
      advice:
        p.daysSinceReview === null
          ? 'Revisar el trámite: no tiene fecha de revisión'
          : freshness >= 1
            ? `Revisado hace ${p.daysSinceReview} días (vigente hasta ${m.freshFullDays} días)`
            : `Revisar el trámite (última revisión hace ${p.daysSinceReview} días)`,
    },
    {
      component: 'satisfaction',
      value: satisfaction,
      inputs: { averageRating: p.averageRating, ratingCount, minRatings },
      advice:
        ratingCount === 0 || p.averageRating === null
          ? 'Sin valoraciones de usuarios en los últimos 12 meses: su peso se reparte entre los demás componentes'
          : !rated
            ? `No aplica: ${plural(ratingCount, 'valoración', 'valoraciones')} en los últimos 12 meses (media ${meanText} de 5); se necesitan al menos ${minRatings}; su peso se reparte entre los demás componentes`
            : `Media de ${meanText} de 5 en ${plural(ratingCount, 'valoración', 'valoraciones')} de los últimos 12 meses` +
              (satisfaction! < 1 ? '; mejorar lo que los usuarios señalan en sus comentarios' : ''),
    },
  ];
}

/**
 * Weighted mean of components that apply (0–100): a component that does not apply (value null) gives its weight to
 * the others in proportion to theirs. Null when none applies. Shared by procedures and institutions.
 */
export function weightedScore<C extends string>(
  parts: ReadonlyArray<{ component: C; value: number | null }>,
  weights: Record<C, number>,
): {
  score: number | null;
  weightOf: (c: C) => number;
} {
  const total = parts.reduce((s, c) => s + (c.value === null ? 0 : weights[c.component]), 0);
  const weightOf = (c: C) => {
    const part = parts.find((x) => x.component === c);
    return !part || part.value === null || total === 0 ? 0 : (weights[c] * 100) / total;
  };
  const score = total === 0 ? null : (parts.reduce((s, c) => s + (c.value === null ? 0 : c.value * weights[c.component]), 0) / total) * 100;
  return { score: score === null ? null : round2(score), weightOf };
}

/** The procedure score (0–100) and each component's effective weight, points and advice. */
export function scoreProcedure(p: ProcedureInputs, m: MethodologyParameters): ScoreResult {
  const parts = procedureComponents(p, m);
  const { score, weightOf } = weightedScore(parts, m.procedureWeights);
  // parts come in PROCEDURE_COMPONENTS order; objects are built field by field (hot path of every run)
  const components: ComponentResult[] = parts.map((c) => {
    const weight = weightOf(c.component);
    return {
      component: c.component,
      value: c.value === null ? null : round4(c.value),
      applicable: c.value !== null,
      weight: round4(weight),
      points: round4((c.value ?? 0) * weight),
      inputs: c.inputs,
      advice: c.advice,
    };
  });
  return { score: score ?? 0, components };
}

/**
 * The procedure score alone (0–100), as `scoreProcedure` gives it: what a score run stores (with the inputs) and the
 * ranked actions compare. The components, weights and advice are made on read (issue 17: the advice of 100,000
 * procedures was written every night and thrown away).
 */
export function procedureScore(p: ProcedureInputs, m: MethodologyParameters): number {
  const { values } = procedureValues(p, m);
  const parts = PROCEDURE_COMPONENTS.map((component) => ({ component, value: values[component] }));
  return weightedScore(parts, m.procedureWeights).score ?? 0;
}
