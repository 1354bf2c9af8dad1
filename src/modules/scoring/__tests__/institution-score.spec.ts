import { compareBurden } from '../burden';
import { dueQuarters, scoreInstitution } from '../institution-score';
import { DEFAULT_METHODOLOGY as M } from '../methodology';

describe('institution score', () => {
  it('60 × volume-weighted procedures + 25 × plan execution + 15 × reporting', () => {
    // procedures: (80·1000 + 40·3000 + 50·1 [unknown volume → 1]) / 4001 = (80000 + 120000 + 50) / 4001 = 50.0000 → 0.500
    // plan: 3 of 4 due milestones on time = 0.75; reporting: 1 of 2 = 0.5
    // 60·0.5000 + 25·0.75 + 15·0.5 = 30.00 + 18.75 + 7.50 = 56.25
    const r = scoreInstitution({
      procedures: [{ score: 80, annualVolume: 1000 }, { score: 40, annualVolume: 3000 }, { score: 50, annualVolume: null }],
      hasApprovedPlan: true, milestonesDue: 4, milestonesDueOnTime: 3, reportsDue: 2, reportsOnTime: 1,
    }, M);
    expect(r.score).toBe(56.25);
    expect(r.components.map((c) => [c.component, c.value, c.points])).toEqual([
      ['procedures', 0.5, 30], ['planExecution', 0.75, 18.75], ['reporting', 0.5, 7.5],
    ]);
    expect(r.components[1].advice).toBe('1 hito vencido no cumplido a tiempo');
  });

  it('no approved plan → plan execution 0; nothing due → 1', () => {
    const r = scoreInstitution({ procedures: [], hasApprovedPlan: false, milestonesDue: 0, milestonesDueOnTime: 0, reportsDue: 0, reportsOnTime: 0 }, M);
    expect(r.components.map((c) => c.value)).toEqual([0, 0, 1]);
    expect(r.score).toBe(15);
  });
});

describe('reporting calendar', () => {
  it('lists the quarters due between a start and today', () => {
    expect(dueQuarters('2026-01-01', '2026-10-09').map((q) => `${q.year}Q${q.quarter}`)).toEqual(['2026Q1', '2026Q2']);
    expect(dueQuarters('2026-01-01', '2026-10-10').map((q) => `${q.year}Q${q.quarter}`)).toEqual(['2026Q1', '2026Q2', '2026Q3']);
    expect(dueQuarters('2026-05-15', '2026-05-20')).toEqual([]);
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
  });
});
