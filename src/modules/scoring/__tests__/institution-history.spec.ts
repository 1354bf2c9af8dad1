import { findingKey } from '../../findings/finding-rules';
import { detectFindings, detectionDayKey } from '../../findings/findings-sync';
import { daysBetween, InstitutionHistory, recordAsOf } from '../as-of';
import { rankImprovementActions } from '../improvement-actions';
import { InstitutionData, ProcedureRecord } from '../institution-data';
import { runInstitution } from '../institution-run';
import { DEFAULT_METHODOLOGY as M } from '../methodology';

/**
 * One institution whose every figure is computed by hand below — procedures with dated changes, requirements in and
 * out of force, an approved plan with milestones met on time, late and still open, and quarterly reports on time, late
 * and missing — on two days: today (2026-11-29) and a past day (2026-05-15), rebuilt from the dated records.
 * Methodology: the defaults (weights 35/15/15/10/10/5/10 and 60/25/15, reports from 2026-01-01, plan owed since 2022-02-28).
 */
const P1: ProcedureRecord = {
  id: 'p1',
  code: 'A-1',
  name: 'Licencia',
  createdOn: '2025-06-01',
  status: 'active',
  currentLevel: 2,
  declaredLevel: 3,
  targetLevel: 4,
  targetDate: null,
  annualVolume: 1000,
  feeGtq: '100.00',
  inPersonVisits: 1,
  actualMedianDays: 45,
  legalMaxDays: 30,
  description: 'D',
  legalBasis: 'Ley',
  formsUrl: null,
  formsFree: null,
  channels: ['in_person'],
  onlineUrl: null,
  lastReviewedAt: '2026-09-01',
  prioritized: true,
  foreignTrade: false,
  baselineDate: '2025-06-01',
  baselineRequirements: 3,
  baselineDays: 60,
  baselineVisits: 2,
  baselineFeeGtq: '150.00',
};
const P2: ProcedureRecord = {
  ...P1,
  id: 'p2',
  code: 'A-2',
  name: 'Constancia',
  createdOn: '2026-03-01',
  currentLevel: 0,
  declaredLevel: null,
  annualVolume: null,
  feeGtq: null,
  inPersonVisits: null,
  actualMedianDays: null,
  legalMaxDays: null,
  description: null,
  legalBasis: null,
  lastReviewedAt: '2026-03-01',
  prioritized: false,
  baselineDate: '2026-03-01',
  baselineRequirements: 0,
  baselineDays: null,
  baselineVisits: null,
  baselineFeeGtq: null,
};
const requirement = (
  id: string,
  name: string,
  extra: Partial<InstitutionData['requirements'][number]> = {},
): InstitutionData['requirements'][number] => ({
  id,
  procedureId: 'p1',
  name,
  issuer: 'applicant',
  legalBasisType: 'law',
  prohibitedKind: null,
  effectiveFrom: '2021-09-01',
  effectiveTo: null,
  status: 'active',
  ...extra,
});
const milestone = (
  id: string,
  dueDate: string,
  completedOn: string | null,
  procedureId: string | null = null,
): InstitutionData['milestones'][number] => ({
  id,
  procedureId,
  target: `Hito ${id}`,
  kind: 'other',
  dueDate,
  completedOn,
  status: completedOn ? 'completed' : 'pending',
  planApprovedOn: '2026-02-01',
});

const data = (dismissed: string[] = []): InstitutionData => ({
  institution: {
    id: 'i1',
    code: 'INST',
    name: 'Institución',
    coverage: 'bound',
    type: 'ministry',
    sector: null,
    optedInAt: null,
    active: true,
  },
  procedures: [P1, P2],
  changes: [
    { procedureId: 'p1', field: 'currentLevel', oldValue: 1, changedOn: '2026-08-15' },
    { procedureId: 'p1', field: 'lastReviewedAt', oldValue: '2026-01-10', changedOn: '2026-09-01' },
    { procedureId: 'p1', field: 'actualMedianDays', oldValue: 60, changedOn: '2026-09-01' },
  ],
  requirements: [
    requirement('r1', 'DPI del solicitante'),
    requirement('r2', 'Declaración Jurada de ingresos', { legalBasisType: 'none' }),
    requirement('r3', 'Constancia de inscripción', {
      issuer: 'same_institution',
      legalBasisType: 'other_rule',
      effectiveTo: '2026-07-01',
      status: 'eliminated',
    }),
  ],
  plansApprovedOn: ['2026-02-01'],
  milestones: [
    milestone('m1', '2026-03-31', '2026-03-20'),
    milestone('m2', '2026-06-30', '2026-07-10'),
    milestone('m3', '2026-10-31', null),
    milestone('m4', '2026-12-15', null, 'p1'),
  ],
  reports: [
    { year: 2026, quarter: 1, submittedOn: '2026-04-05' },
    { year: 2026, quarter: 2, submittedOn: '2026-07-20' },
  ],
  actions: [{ type: 'regulatory', createdOn: '2026-05-01' }],
  activeInstitutionUsers: 0,
  deadlines: [
    {
      id: 'd1',
      code: 'free_forms_and_plan',
      name: 'Formularios y plan',
      dueDate: '2022-02-28',
      legalReference: 'Decreto 5-2021',
      requiresApprovedPlan: true,
      requiredLevel: 2,
    },
  ],
  dismissed: new Set(dismissed),
  levelValidatedOn: new Map([['p1', '2026-08-15']]),
});

describe('a procedure record on a past day', () => {
  it('takes, field by field, the old value of the first change after the day', () => {
    const changes = data().changes;
    expect(recordAsOf(P1, changes, '2026-05-15')).toMatchObject({
      currentLevel: 1,
      lastReviewedAt: '2026-01-10',
      actualMedianDays: 60,
      feeGtq: '100.00',
    });
    expect(recordAsOf(P1, changes, '2026-08-20')).toMatchObject({ currentLevel: 2, lastReviewedAt: '2026-01-10', actualMedianDays: 60 });
    expect(recordAsOf(P1, changes, '2026-11-29')).toBe(P1);
  });
  it('counts whole days', () => {
    expect(daysBetween('2026-09-01', '2026-11-29')).toBe(89);
    expect(daysBetween('2026-03-01', '2026-11-29')).toBe(273);
  });
});

describe('an institution on a day, rebuilt from its dated records (hand-computed)', () => {
  it('today, 2026-11-29', () => {
    const r = runInstitution(new InstitutionHistory(data(), M).on('2026-11-29'), M);
    // P1: requirements in force r1, r2 (r3 ended 2026-07-01); r2 reveals a sworn declaration → 1 prohibited.
    //   35·(2/4) + 15·(1/2) + 15·(1 − 0.5) + 10·(5/6) + 10·(30/45) + 5·1 [89 days] = 17.5 + 7.5 + 7.5 + 8.3333 + 6.6667 + 5 = 52.5 / 90 → 58.33
    // P2: no requirements (legal basis and no-prohibited do not apply), nothing published, times unknown (0.5), reviewed 273 days ago:
    //   35·0 + 10·0 + 10·0.5 + 5·(92/185) = 7.4865 / 60 → 12.48
    expect(r.procedures.map((p) => [p.id, p.score])).toEqual([
      ['p1', 58.33],
      ['p2', 12.48],
    ]);
    // procedures (58.33·1000 + 12.48·1) / 1001 = 58.2842 → 60·0.582842 = 34.9705
    // plan: approved 2026-02-01; due m1, m2, m3 → on time m1 only → 25·(1/3) = 8.3333
    // reports owed from 2026-01-01: Q1 (on time), Q2 (late), Q3 (missing) → 15·(1/3) = 5 → 48.3038 → 48.30
    expect(r.institution.score).toBe(48.3);
    expect(r.institution.components.map((c) => [c.component, c.value])).toEqual([
      ['procedures', 0.5828],
      ['planExecution', 0.3333],
      ['reporting', 0.3333],
    ]);
    expect(r.indicators).toMatchObject({
      procedures: { registered: 2, prioritized: 1, inProgress: 1, unknownFee: 1 },
      requirements: { active: 2, withLegalBasis: 1, prohibitedActive: 1, eliminatedSinceBaseline: 1 },
      milestones: { metOnTime: 1, metLate: 1, overdue: 1, open: 2 },
      reports: { due: 3, onTime: 1 },
      actionsByType: { regulatory: 1 },
    });
    // burden of P1: baseline 150 + (3·1.5 + 2·3)·25 + 2·60 + 60·15 = 150 + 262.5 + 120 + 900 = 1432.5; now 100 + 6·25 + 60 + 45·15 = 985
    expect(r.procedures[0].burden.savings).toEqual({ yearlyCostGtq: 447500, yearlyHours: 4500 });
    // P2's burden is unknown on both sides (fee, visits, days) and without volume: no figure invented
    expect(r.procedures[1].burden).toMatchObject({
      unknown: ['feeGtq', 'visits', 'days', 'annualVolume'],
      savings: { yearlyCostGtq: 0, yearlyHours: 0 },
    });
  });

  it('on 2026-05-15, as things stood then', () => {
    const r = runInstitution(new InstitutionHistory(data(), M).on('2026-05-15'), M);
    // P1 then: level 1, actual 60 days, reviewed 2026-01-10 (125 days); r1, r2, r3 in force; r2 (text) and r3 (issuer) prohibited.
    //   35·0.25 + 15·(1/3) + 15·0 + 10·(5/6) + 10·(30/60) + 5·1 = 8.75 + 5 + 0 + 8.3333 + 5 + 5 = 32.0833 / 90 → 35.65
    // P2 (registered 2026-03-01, reviewed 75 days before): 10·0.5 + 5·1 = 10 / 60 → 16.67
    expect(r.procedures.map((p) => [p.id, p.score])).toEqual([
      ['p1', 35.65],
      ['p2', 16.67],
    ]);
    // procedures (35.65·1000 + 16.67) / 1001 = 35.6310 → 21.3786; plan: m1 due and on time → 25; reports: Q1 on time → 15 → 61.38
    expect(r.institution.score).toBe(61.38);
    expect(r.indicators).toMatchObject({
      requirements: { active: 3, withLegalBasis: 1, prohibitedActive: 2, eliminatedSinceBaseline: 0 },
      milestones: { metOnTime: 1, metLate: 0, overdue: 0, open: 3 },
      reports: { due: 1, onTime: 1 },
    });
  });

  it('before the plan was approved and before P2 existed: plan execution 0 (a plan is owed since 2022)', () => {
    const r = runInstitution(new InstitutionHistory(data(), M).on('2026-01-31'), M);
    // P1 (level 1, actual 60, reviewed 21 days before): 32.0833 / 90 → 35.65; only procedures and plan apply (no report due yet):
    //   (60·0.3565 + 25·0) / 85 × 100 = 21.39 / 85 → 25.16
    expect(r.procedures.map((p) => p.id)).toEqual(['p1']);
    expect(r.institution.score).toBe(25.16);
  });

  it('a dismissed detection stops counting: P1 today without the sworn declaration → 60 / 90 → 66.67', () => {
    const r = runInstitution(
      new InstitutionHistory(data([findingKey('r2', 'prohibited_practice', 'sworn_declaration')]), M).on('2026-11-29'),
      M,
    );
    expect(r.procedures[0].score).toBe(66.67);
    expect(r.indicators.requirements.prohibitedActive).toBe(0);
  });

  it('raises its findings: a detected practice, a requirement without legal basis, a level the record contradicts, a deadline still unmet, no liaison', () => {
    const history = new InstitutionHistory(data(), M);
    const found = detectFindings(history, history.on('2026-11-29'));
    expect(found.map((f) => [f.kind, f.code, f.subjectId, f.source, f.since, f.countsInScore])).toEqual([
      ['prohibited_practice', 'sworn_declaration', 'r2', 'text', '2021-09-01', true],
      ['no_legal_basis', 'no_legal_basis', 'r2', 'record', '2021-09-01', false],
      ['level_inconsistent', 'level2_free_forms', 'p1', 'record', '2026-08-15', false],
      ['legal_deadline_missed', 'free_forms_and_plan', 'd1', 'record', '2022-02-28', false],
      ['no_active_liaison', 'no_active_liaison', 'i1', 'record', null, false],
    ]);
    expect(found[3].message).toContain('1 de 2 trámites vigentes están por debajo del nivel 2');
  });
});

describe('what would raise the score, ranked (hand-computed against 48.30)', () => {
  it('lists concrete actions with the points each gains and the burden it saves', () => {
    const history = new InstitutionHistory(data(), M);
    const actions = rankImprovementActions(history, history.on('2026-11-29'));
    expect(
      actions.map((a) => [
        a.kind,
        a.milestoneId ?? a.procedureCode ?? a.report?.quarter,
        a.points,
        a.effect,
        a.burdenSavedGtq,
        a.burdenSavedHours,
      ]),
    ).toEqual([
      // P1 to level 4: 17.5 more → 70 / 90 = 77.78 → (77780 + 12.48) / 1001 → 59.96; without its visit: 135 GTQ and 3 h per application × 1000
      ['raise_level', 'A-1', 11.66, 'gain', 135000, 3000],
      // eliminating the sworn declaration: legal basis and no-prohibited full → 75.00 → 58.30; 1.5 h × 25 GTQ × 1000
      ['eliminate_prohibited_requirement', 'A-1', 10, 'gain', 37500, 1500],
      // m4 (due 2026-12-15): 2 of 4 on time (12.5) against 1 of 4 (6.25)
      ['meet_milestone', 'm4', 6.25, 'avoid_loss', 0, 0],
      // Q4 2026 report (due 2027-01-10): 2 of 4 on time (7.5) against 1 of 4 (3.75)
      ['submit_report', 4, 3.75, 'avoid_loss', 0, 0],
      // 45 → 30 days: time component full → 62.04 → 50.53; 15 days × 15 GTQ × 1000
      ['reduce_resolution_time', 'A-1', 2.23, 'gain', 225000, 0],
      // free forms online → 60.19 → 49.42
      ['publish_information', 'A-1', 1.12, 'gain', 0, 0],
      // P2 weighs 1 of 1001 (unknown volume): level 4 → 70.81 → 48.34
      ['raise_level', 'A-2', 0.04, 'gain', 0, 0],
      ['publish_information', 'A-2', 0.01, 'gain', 0, 0],
      ['record_resolution_times', 'A-2', 0.01, 'gain', 0, 0],
      ['review_procedure', 'A-2', 0.01, 'gain', 0, 0],
    ]);
    expect(actions[1].description).toBe(
      'Eliminar de A-1 el requisito «Declaración Jurada de ingresos»: práctica prohibida (declaración jurada)',
    );
    expect(actions.find((a) => a.kind === 'record_resolution_times')!.upTo).toBe(true);
  });
});

describe('what detection reads of the day (the key a run keeps its findings by)', () => {
  /** The institution's records as a run of `day` loads them: procedures registered, requirements begun, changes still ahead. */
  const loadedOn = (day: string): InstitutionData => {
    const all = data();
    return {
      ...all,
      procedures: all.procedures.filter((p) => p.createdOn <= day),
      requirements: all.requirements.filter((r) => r.effectiveFrom <= day),
      changes: all.changes.filter((c) => c.changedOn > day),
    };
  };
  const detectedOn = (day: string) => {
    const loaded = loadedOn(day);
    const history = new InstitutionHistory(loaded, M);
    return JSON.stringify(detectFindings(history, history.on(day)));
  };

  it('stays the same only while the findings do: day by day over five years of changes, ends, plans and deadlines', () => {
    let day = '2021-12-01';
    let previous = { key: detectionDayKey(loadedOn(day), day), found: detectedOn(day) };
    let keyMoves = 0;
    let findingsMoves = 0;
    while (day < '2027-01-31') {
      day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const now = { key: detectionDayKey(loadedOn(day), day), found: detectedOn(day) };
      if (now.key === previous.key) expect({ day, found: now.found }).toEqual({ day, found: previous.found });
      if (now.key !== previous.key) keyMoves++;
      if (now.found !== previous.found) findingsMoves++;
      previous = now;
    }
    // The findings moved (the deadline passed, P2 registered, the level validated, r3 ended…), and the key with them,
    // on a handful of days: not every day, or nothing would be spared.
    expect(findingsMoves).toBeGreaterThanOrEqual(4);
    expect(keyMoves).toBeGreaterThanOrEqual(findingsMoves);
    expect(keyMoves).toBeLessThan(20);
  });
});
