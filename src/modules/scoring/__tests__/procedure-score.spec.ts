import { DEFAULT_METHODOLOGY as M, methodologyProblems } from '../methodology';
import { ProcedureInputs, procedureComponents, scoreProcedure } from '../procedure-score';

const base: ProcedureInputs = {
  currentLevel: 2, targetLevel: 4, activeRequirements: 4, requirementsWithLegalBasis: 3, activeProhibited: 1,
  hasDescription: true, hasLegalBasis: true, feePublished: true, hasLegalTime: true, freeFormsOnline: false,
  legalMaxDays: 30, actualMedianDays: 45, daysSinceReview: 250, averageRating: null,
};
const value = (p: ProcedureInputs, c: string) => procedureComponents(p, M).find((x) => x.component === c)!.value;

describe('procedure components (methodology v1)', () => {
  it('maturity = current / target, capped at 1; default target 4', () => {
    expect(value(base, 'maturity')).toBe(2 / 4);
    expect(value({ ...base, currentLevel: 5 }, 'maturity')).toBe(1);
    expect(value({ ...base, targetLevel: null, currentLevel: 3 }, 'maturity')).toBe(3 / 4);
    expect(value({ ...base, targetLevel: 0, currentLevel: 0 }, 'maturity')).toBe(1);
  });
  it('legal basis = share of active requirements based on a law or government agreement; 1 with none', () => {
    expect(value(base, 'legalBasis')).toBe(3 / 4);
    expect(value({ ...base, activeRequirements: 0, requirementsWithLegalBasis: 0 }, 'legalBasis')).toBe(1);
  });
  it('no prohibited = 1 − 0.5 per active prohibited requirement, floored at 0', () => {
    expect(value({ ...base, activeProhibited: 0 }, 'noProhibited')).toBe(1);
    expect(value(base, 'noProhibited')).toBe(0.5);
    expect(value({ ...base, activeProhibited: 3 }, 'noProhibited')).toBe(0);
  });
  it('publication = filled fields / 6', () => {
    expect(value(base, 'publication')).toBe(5 / 6);
    expect(value({ ...base, hasDescription: false, activeRequirements: 0 }, 'publication')).toBe(3 / 6);
  });
  it('resolution time = min(1, legal / actual); 0.5 when unknown', () => {
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

  it('score without ratings: the satisfaction weight is shared out (÷ 0.9)', () => {
    // 35·0.5 + 15·0.75 + 15·0.5 + 10·(5/6) + 10·(30/45) + 5·(115/185) = 17.5 + 11.25 + 7.5 + 8.3333 + 6.6667 + 3.1081 = 54.3581
    // over the available weight 90 → 54.3581 / 90 × 100 = 60.3979
    const r = scoreProcedure(base, M);
    expect(r.score).toBe(60.4);
    expect(r.components.find((c) => c.component === 'maturity')!.weight).toBeCloseTo(38.8889, 4);
    expect(r.components.find((c) => c.component === 'satisfaction')).toMatchObject({ weight: 0, points: 0 });
    expect(r.components.reduce((s, c) => s + c.points, 0)).toBeCloseTo(60.3979, 3);
  });

  it('score with ratings uses all seven weights', () => {
    // 54.3581 + 10·(4/5) = 62.3581 out of 100
    expect(scoreProcedure({ ...base, averageRating: 4 }, M).score).toBe(62.36);
  });

  it('explains in Spanish what would raise each component', () => {
    const advice = Object.fromEntries(scoreProcedure(base, M).components.map((c) => [c.component, c.advice]));
    expect(advice.legalBasis).toBe('1 requisito sin base legal en ley o acuerdo gubernativo');
    expect(advice.noProhibited).toBe('Eliminar 1 requisito prohibido por la ley (arts. 12 y 13)');
    expect(advice.maturity).toContain('nivel 2 al nivel 4');
    expect(advice.publication).toBe('Publicar: formularios gratuitos en línea');
    expect(scoreProcedure({ ...base, requirementsWithLegalBasis: 1 }, M).components[1].advice).toBe('3 requisitos sin base legal en ley o acuerdo gubernativo');
  });
});

describe('methodologyProblems', () => {
  it('accepts v1', () => expect(methodologyProblems(M)).toEqual([]));
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
});
