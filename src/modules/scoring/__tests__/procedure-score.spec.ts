import { DEFAULT_METHODOLOGY as M, methodologyProblems, patternProblem, resolveParameters } from '../methodology';
import { ProcedureInputs, procedureComponents, procedureScore, scoreProcedure } from '../procedure-score';

const V1 = resolveParameters({ ...M, noCreditForAbsence: false });

const base: ProcedureInputs = {
  currentLevel: 2,
  targetLevel: 4,
  activeRequirements: 4,
  requirementsWithLegalBasis: 3,
  activeProhibited: 1,
  hasDescription: true,
  hasLegalBasis: true,
  feePublished: true,
  hasLegalTime: true,
  freeFormsOnline: false,
  legalMaxDays: 30,
  actualMedianDays: 45,
  daysSinceReview: 250,
  averageRating: null,
};
const value = (p: ProcedureInputs, c: string, m = M) => procedureComponents(p, m).find((x) => x.component === c)!.value;

describe('procedure components', () => {
  it('maturity = current / target, capped at 1; default target 4', () => {
    expect(value(base, 'maturity')).toBe(2 / 4);
    expect(value({ ...base, currentLevel: 5 }, 'maturity')).toBe(1);
    expect(value({ ...base, targetLevel: null, currentLevel: 3 }, 'maturity')).toBe(3 / 4);
    expect(value({ ...base, targetLevel: 0, currentLevel: 0 }, 'maturity')).toBe(1);
  });
  it('legal basis = share of active requirements based on a law or government agreement', () => {
    expect(value(base, 'legalBasis')).toBe(3 / 4);
  });
  it('no prohibited = 1 − 0.5 per active prohibited requirement, floored at 0', () => {
    expect(value({ ...base, activeProhibited: 0 }, 'noProhibited')).toBe(1);
    expect(value(base, 'noProhibited')).toBe(0.5);
    expect(value({ ...base, activeProhibited: 3 }, 'noProhibited')).toBe(0);
  });
  it('publication = filled fields / 6; an unknown fee is not published', () => {
    expect(value(base, 'publication')).toBe(5 / 6);
    expect(value({ ...base, hasDescription: false, activeRequirements: 0 }, 'publication')).toBe(3 / 6);
    expect(value({ ...base, feePublished: false }, 'publication')).toBe(4 / 6);
  });
  it('resolution time = min(1, legal / actual); the methodology value (0.5) when unknown', () => {
    expect(value(base, 'resolutionTime')).toBe(30 / 45);
    expect(value({ ...base, actualMedianDays: 10 }, 'resolutionTime')).toBe(1);
    expect(value({ ...base, legalMaxDays: null }, 'resolutionTime')).toBe(0.5);
  });
  it('freshness = 1 within 180 days, then linear to 0 at 365', () => {
    expect(value({ ...base, daysSinceReview: 180 }, 'freshness')).toBe(1);
    expect(value(base, 'freshness')).toBe((365 - 250) / (365 - 180)); // 115/185
    expect(value({ ...base, daysSinceReview: 400 }, 'freshness')).toBe(0);
    expect(value({ ...base, daysSinceReview: null }, 'freshness')).toBe(0);
  });

  it('no credit for absence: without requirements, legal basis and no-prohibited do not apply (version 1 gave them 1)', () => {
    const none = { ...base, activeRequirements: 0, requirementsWithLegalBasis: 0, activeProhibited: 0 };
    expect(value(none, 'legalBasis')).toBeNull();
    expect(value(none, 'noProhibited')).toBeNull();
    expect(value(none, 'legalBasis', V1)).toBe(1);
    expect(value(none, 'noProhibited', V1)).toBe(1);
  });

  it('score without ratings: the satisfaction weight is shared out (÷ 0.9)', () => {
    // 35·0.5 + 15·0.75 + 15·0.5 + 10·(5/6) + 10·(30/45) + 5·(115/185) = 17.5 + 11.25 + 7.5 + 8.3333 + 6.6667 + 3.1081 = 54.3581
    // over the available weight 90 → 54.3581 / 90 × 100 = 60.3979
    const r = scoreProcedure(base, M);
    expect(r.score).toBe(60.4);
    expect(r.components.find((c) => c.component === 'maturity')!.weight).toBeCloseTo(38.8889, 4);
    expect(r.components.find((c) => c.component === 'satisfaction')).toMatchObject({
      value: null,
      applicable: false,
      weight: 0,
      points: 0,
    });
    expect(r.components.reduce((s, c) => s + c.points, 0)).toBeCloseTo(60.3979, 3);
  });

  it('a procedure with no requirements registered: 60 of the 90 points that apply', () => {
    // The profile that tied every department at 40.55: names only (no requirements, no description, no legal basis, fee
    // unknown, no times, no forms), registered today (freshness 1), level 0 of 4.
    // Version 1: 35·0 + 15·1 + 15·1 + 10·0 + 10·0.5 + 5·1 = 40 of 90 → 44.44.
    // Now legal basis and no-prohibited do not apply: 35·0 + 10·0 + 10·0.5 + 5·1 = 10 of 60 → 16.67.
    const names: ProcedureInputs = {
      currentLevel: 0,
      targetLevel: 4,
      activeRequirements: 0,
      requirementsWithLegalBasis: 0,
      activeProhibited: 0,
      hasDescription: false,
      hasLegalBasis: false,
      feePublished: false,
      hasLegalTime: false,
      freeFormsOnline: false,
      legalMaxDays: null,
      actualMedianDays: null,
      daysSinceReview: 0,
      averageRating: null,
    };
    expect(scoreProcedure(names, V1).score).toBe(44.44);
    const r = scoreProcedure(names, M);
    expect(r.score).toBe(16.67);
    expect(r.components.filter((c) => !c.applicable).map((c) => c.component)).toEqual(['legalBasis', 'noProhibited', 'satisfaction']);
    // weights of what applies: 35, 10, 10, 5 over 60 → 58.3333, 16.6667, 16.6667, 8.3333
    expect(r.components.map((c) => c.weight)).toEqual([58.3333, 0, 0, 16.6667, 16.6667, 8.3333, 0]);
  });

  it('score with ratings uses all seven weights', () => {
    // 54.3581 + 10·(4/5) = 62.3581 out of 100
    expect(scoreProcedure({ ...base, averageRating: 4, ratingCount: 10 }, M).score).toBe(62.36);
  });

  it('satisfaction: the mean of 12 months applies from the methodology minimum (10), on its scale (default mean / 5)', () => {
    // 12 ratings, mean 3.7: 0.2 + 0.8·(3.7 − 1)/4 = 0.74 (= 3.7 / 5); 54.3581 + 10·0.74 = 61.7581 → 61.76
    const rated = scoreProcedure({ ...base, averageRating: 3.7, ratingCount: 12 }, M);
    expect(rated.score).toBe(61.76);
    const sat = rated.components.find((c) => c.component === 'satisfaction')!;
    expect(sat).toMatchObject({
      value: 0.74,
      applicable: true,
      weight: 10,
      inputs: { averageRating: 3.7, ratingCount: 12, minRatings: 10 },
    });
    expect(sat.advice).toBe(
      'Media de 3,70 de 5 en 12 valoraciones de los últimos 12 meses; mejorar lo que los usuarios señalan en sus comentarios',
    );
    // 9 ratings: below the minimum, not applicable, the same score as without ratings
    const few = scoreProcedure({ ...base, averageRating: 3.7, ratingCount: 9 }, M);
    expect(few.score).toBe(60.4);
    expect(few.components.find((c) => c.component === 'satisfaction')!.advice).toBe(
      'No aplica: 9 valoraciones en los últimos 12 meses (media 3,70 de 5); se necesitan al menos 10; su peso se reparte entre los demás componentes',
    );
    // the methodology decides: from 5 ratings, a scale 1 → 0, 3 → 0.5, 5 → 1; mean 4 → 0.75
    const custom = resolveParameters({
      ...M,
      satisfaction: {
        minRatings: 5,
        scale: [
          { mean: 1, value: 0 },
          { mean: 3, value: 0.5 },
          { mean: 5, value: 1 },
        ],
      },
    });
    expect(value({ ...base, averageRating: 4, ratingCount: 5 }, 'satisfaction', custom)).toBe(0.75);
    expect(value({ ...base, averageRating: 2, ratingCount: 5 }, 'satisfaction', custom)).toBe(0.25);
    // a stored methodology without the field (versions before issue 18) takes the default rule
    expect(resolveParameters({ procedureWeights: M.procedureWeights }).satisfaction).toEqual(M.satisfaction);
  });

  it('refuses a satisfaction rule that cannot be applied', () => {
    const bad = { ...M, satisfaction: { minRatings: 0, scale: [{ mean: 4, value: 2 }] } };
    expect(methodologyProblems(bad).map((p) => p.field)).toEqual(
      expect.arrayContaining(['satisfaction.minRatings', 'satisfaction.scale', 'satisfaction.scale.0.value']),
    );
  });

  it('explains in Spanish what would raise each component, why it is full, or why it does not apply — never an empty string', () => {
    const advice = Object.fromEntries(scoreProcedure(base, M).components.map((c) => [c.component, c.advice]));
    expect(advice.legalBasis).toBe('Eliminar o fundamentar en ley o acuerdo gubernativo 1 requisito sin base legal (art. 5)');
    expect(advice.noProhibited).toBe('Eliminar 1 requisito prohibido por la ley (arts. 12 y 13)');
    expect(advice.maturity).toContain('nivel 2 al nivel 4');
    expect(advice.publication).toBe('Publicar: formularios gratuitos en línea');
    const full: ProcedureInputs = {
      ...base,
      currentLevel: 4,
      requirementsWithLegalBasis: 4,
      activeProhibited: 0,
      freeFormsOnline: true,
      actualMedianDays: 20,
      daysSinceReview: 3,
      averageRating: 5,
      ratingCount: 10,
    };
    const fullAdvice = scoreProcedure(full, M).components.map((c) => c.advice);
    expect(fullAdvice.every((a) => a.length > 10)).toBe(true);
    expect(fullAdvice[0]).toBe('Ya alcanza el nivel meta (4) validado por la Comisión');
    const none = scoreProcedure({ ...base, activeRequirements: 0, requirementsWithLegalBasis: 0, activeProhibited: 0 }, M).components;
    expect(none[1].advice).toMatch(/^No aplica: el trámite no tiene requisitos registrados/);
  });

  it('mentions a declared level above the validated one', () => {
    expect(scoreProcedure({ ...base, declaredLevel: 4 }, M).components[0].advice).toBe(
      'Subir del nivel 2 al nivel 4 de madurez digital (validado por la Comisión); el nivel 4 declarado cuenta cuando la Comisión lo valide',
    );
  });
});

describe('procedure score alone', () => {
  it('is the score scoreProcedure explains, to the last bit, across every branch of the formula and both methodologies', () => {
    const shapes: Array<Partial<ProcedureInputs>> = [];
    for (const activeRequirements of [0, 1, 4])
      for (const activeProhibited of [0, 1, 3])
        for (const [legalMaxDays, actualMedianDays] of [
          [30, 45],
          [null, 20],
          [10, 0],
          [90, 30],
        ] as const)
          for (const daysSinceReview of [null, 100, 250, 400])
            for (const [averageRating, ratingCount] of [
              [null, undefined],
              [4.3333, 12],
              [2.5, 3],
            ] as const)
              shapes.push({
                activeRequirements,
                requirementsWithLegalBasis: Math.min(activeRequirements, 3),
                activeProhibited,
                legalMaxDays,
                actualMedianDays,
                daysSinceReview,
                averageRating,
                ratingCount,
                targetLevel: activeProhibited === 3 ? null : 4,
                currentLevel: activeRequirements + 1,
                freeFormsOnline: daysSinceReview === 100,
                feePublished: activeRequirements !== 1,
              });
    expect(shapes.length).toBe(432);
    for (const m of [M, V1])
      for (const shape of shapes) {
        const p = { ...base, ...shape };
        expect(procedureScore(p, m)).toBe(scoreProcedure(p, m).score);
      }
    // the shapes do reach different scores (a constant would not pass for a wrong reason)
    expect(new Set(shapes.map((shape) => procedureScore({ ...base, ...shape }, M))).size).toBeGreaterThan(100);
  });
});

describe('methodologyProblems', () => {
  it('accepts the defaults', () => expect(methodologyProblems(M)).toEqual([]));
  it('refuses negative weights and weights that do not sum to 100, naming them', () => {
    const bad = { ...M, procedureWeights: { ...M.procedureWeights, maturity: -5 } };
    expect(methodologyProblems(bad)).toEqual([
      { field: 'procedureWeights.maturity', messages: ['no puede ser negativo'] },
      { field: 'procedureWeights', messages: ['los pesos deben sumar 100 (suman 60)'] },
    ]);
    expect(methodologyProblems({ ...M, institutionWeights: { procedures: 50, planExecution: 25, reporting: 15 } })).toEqual([
      { field: 'institutionWeights', messages: ['los pesos deben sumar 100 (suman 90)'] },
    ]);
  });
  it('refuses unusable detection patterns, located', () => {
    const rules = [{ ...M.prohibitedPractices[1], patterns: ['declaración jurada', '(sin cerrar'] }];
    expect(methodologyProblems({ ...M, prohibitedPractices: rules })).toEqual([
      {
        field: 'prohibitedPractices.0.patterns.0',
        messages: ['escriba el patrón en minúsculas y sin tildes (se compara con el texto normalizado)'],
      },
      { field: 'prohibitedPractices.0.patterns.1', messages: ['no es una expresión regular válida'] },
    ]);
    expect(patternProblem('denuncia\\b.*\\bperdida')).toBeNull();
    expect(patternProblem('Declaracion')).not.toBeNull();
  });
  it('reads a stored version 1 with version 1 behaviour, and newer fields as stored', () => {
    const v1 = resolveParameters({ procedureWeights: M.procedureWeights });
    expect(v1).toMatchObject({ noCreditForAbsence: false, planRequiredSince: null, prohibitedPractices: [], levelConsistency: [] });
    expect(resolveParameters(M)).toEqual(M);
  });
});
