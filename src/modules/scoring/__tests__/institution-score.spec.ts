import { compareBurden } from '../burden';
import { addMonths, InstitutionInputs, planOwedFrom, scoreInstitution } from '../institution-score';
import { DEFAULT_METHODOLOGY as M, resolveParameters } from '../methodology';

const V1 = resolveParameters({ ...M, noCreditForAbsence: false, planRequiredSince: null });
const full: InstitutionInputs = {
  procedures: [
    { score: 80, annualVolume: 1000 },
    { score: 40, annualVolume: 3000 },
    { score: 50, annualVolume: null },
  ],
  planOwed: true,
  hasApprovedPlan: true,
  milestonesDue: 4,
  milestonesDueOnTime: 3,
  reportsDue: 2,
  reportsOnTime: 1,
};

describe('institution score', () => {
  it('60 × volume-weighted procedures + 25 × plan execution + 15 × reporting', () => {
    // procedures: (80·1000 + 40·3000 + 50·1 [unknown volume → 1]) / 4001 = (80000 + 120000 + 50) / 4001 = 50.0000 → 0.500
    // plan: 3 of 4 due milestones on time = 0.75; reporting: 1 of 2 = 0.5
    // 60·0.5000 + 25·0.75 + 15·0.5 = 30.00 + 18.75 + 7.50 = 56.25
    const r = scoreInstitution(full, M);
    expect(r.score).toBe(56.25);
    expect(r.components.map((c) => [c.component, c.value, c.points])).toEqual([
      ['procedures', 0.5, 30],
      ['planExecution', 0.75, 18.75],
      ['reporting', 0.5, 7.5],
    ]);
    expect(r.components[1].advice).toBe('1 hito vencido no se cumplió a tiempo; cumplir a tiempo los próximos');
  });

  it('no credit for absence: nothing due under the approved plan and no report due → only procedures apply', () => {
    // 0.5 of the 60 that apply → 50.00 (version 1: 30 + 25·1 + 15·1 = 70.00)
    const nothingDue = { ...full, milestonesDue: 0, milestonesDueOnTime: 0, reportsDue: 0, reportsOnTime: 0 };
    expect(scoreInstitution(nothingDue, V1).score).toBe(70);
    const r = scoreInstitution(nothingDue, M);
    expect(r.score).toBe(50);
    expect(r.components.map((c) => [c.component, c.applicable, c.weight])).toEqual([
      ['procedures', true, 100],
      ['planExecution', false, 0],
      ['reporting', false, 0],
    ]);
    expect(r.components[2].advice).toBe('No aplica: aún no vence ningún informe trimestral');
  });

  it('without an approved plan: 0 once one is owed, not applicable before', () => {
    // owed: 60·0.5 + 25·0 + 15·0.5 = 37.50 over 100; not owed: (30 + 7.5) / 75 × 100 = 50.00
    expect(scoreInstitution({ ...full, hasApprovedPlan: false }, M).score).toBe(37.5);
    expect(scoreInstitution({ ...full, hasApprovedPlan: false, planOwed: false }, M).score).toBe(50);
    expect(scoreInstitution({ ...full, hasApprovedPlan: false, planOwed: false }, M).components[1].advice).toBe(
      'No aplica: aún no vence el plazo para tener un plan aprobado',
    );
  });

  it('an institution with no procedures registered has no score ("sin inventario"); version 1 gave it 15', () => {
    const empty: InstitutionInputs = {
      procedures: [],
      planOwed: true,
      hasApprovedPlan: false,
      milestonesDue: 0,
      milestonesDueOnTime: 0,
      reportsDue: 0,
      reportsOnTime: 0,
    };
    expect(scoreInstitution(empty, V1).score).toBe(15);
    const r = scoreInstitution(empty, M);
    expect(r.score).toBeNull();
    expect(r.components[0]).toMatchObject({
      applicable: false,
      advice: 'Registrar el inventario de trámites: sin trámites la institución no tiene puntaje',
    });
  });

  it('every component says something, full or not', () => {
    const perfect = scoreInstitution(
      { ...full, procedures: [{ score: 100, annualVolume: 5 }], milestonesDueOnTime: 4, reportsOnTime: 2 },
      M,
    );
    expect(perfect.score).toBe(100);
    expect(perfect.components.map((c) => c.advice)).toEqual([
      'Todos los trámites tienen el puntaje máximo',
      'Todos los hitos vencidos se cumplieron a tiempo',
      'Todos los informes trimestrales llegaron a tiempo',
    ]);
  });
});

describe('when a plan is owed', () => {
  it('bound institutions from the six-month deadline; opted-in ones six months after adhesion (never before)', () => {
    expect(planOwedFrom(null, M)).toBe('2022-02-28');
    expect(planOwedFrom('2025-08-31', M)).toBe('2026-02-28');
    expect(planOwedFrom('2021-06-01', M)).toBe('2022-02-28');
    expect(planOwedFrom('2025-08-31', V1)).toBeNull();
  });
  it('adds calendar months, clamping to the month end', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2026-11-29', -12)).toBe('2025-11-29');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });
});

describe('administrative burden', () => {
  it('cost per application, yearly cost and hours, and savings against the baseline', () => {
    // baseline: fee 150, 5 requirements, 3 visits, 60 days, 1000 a year
    //   hours = 5·1.5 + 3·3 = 16.5; cost = 150 + 16.5·25 + 3·60 + 60·15 = 150 + 412.5 + 180 + 900 = 1642.5
    // now: fee 100, 3 requirements, 1 visit, 20 days
    //   hours = 3·1.5 + 1·3 = 7.5; cost = 100 + 187.5 + 60 + 300 = 647.5
    const r = compareBurden(
      { feeGtq: 150, requirements: 5, visits: 3, days: 60, annualVolume: 1000 },
      { feeGtq: 100, requirements: 3, visits: 1, days: 20, annualVolume: 1000 },
      M.burden,
    );
    expect(r.baseline).toEqual({ hoursPerApplication: 16.5, costPerApplicationGtq: 1642.5, yearlyCostGtq: 1642500, yearlyHours: 16500 });
    expect(r.current).toEqual({ hoursPerApplication: 7.5, costPerApplicationGtq: 647.5, yearlyCostGtq: 647500, yearlyHours: 7500 });
    expect(r.savings).toEqual({ yearlyCostGtq: 995000, yearlyHours: 9000 });
    expect(r).toMatchObject({ assumedUnchanged: [], unknown: [] });
  });

  it('unknown figures invent no saving: known on one side only → unchanged; unknown on both → left out and listed', () => {
    // fee known only at baseline (150) → taken as 150 now too; visits unknown on both sides → 0 on both, listed.
    // baseline: hours = 5·1.5 = 7.5; cost = 150 + 187.5 + 60·15 = 1237.5; now: hours 3·1.5 = 4.5; cost = 150 + 112.5 + 300 = 562.5
    const r = compareBurden(
      { feeGtq: 150, requirements: 5, visits: null, days: 60, annualVolume: 100 },
      { feeGtq: null, requirements: 3, visits: null, days: 20, annualVolume: 100 },
      M.burden,
    );
    expect(r.assumedUnchanged).toEqual(['feeGtq']);
    expect(r.unknown).toEqual(['visits']);
    expect(r.baseline.costPerApplicationGtq).toBe(1237.5);
    expect(r.current.costPerApplicationGtq).toBe(562.5);
    expect(r.savings).toEqual({ yearlyCostGtq: 67500, yearlyHours: 300 });
    expect(
      compareBurden(
        { feeGtq: 1, requirements: 0, visits: 0, days: 0, annualVolume: null },
        { feeGtq: 1, requirements: 0, visits: 0, days: 0, annualVolume: null },
        M.burden,
      ).unknown,
    ).toEqual(['annualVolume']);
  });
});
