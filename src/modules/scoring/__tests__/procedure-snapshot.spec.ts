import { BurdenComparison } from '../burden';
import { DEFAULT_METHODOLOGY } from '../methodology';
import { ProcedureInputs, scoreProcedure } from '../procedure-score';
import {
  explainProcedureSnapshot,
  packProcedureComponents,
  PACKED_COMPONENTS_LAYOUT,
  procedureSnapshotBurden,
  ProcedureSnapshotComponents,
  StoredProcedureSnapshot,
  unpackProcedureComponents,
} from '../procedure-snapshot';

const inputs: ProcedureInputs = {
  currentLevel: 2,
  targetLevel: 4,
  activeRequirements: 6,
  requirementsWithLegalBasis: 3,
  activeProhibited: 0,
  hasDescription: true,
  hasLegalBasis: true,
  feePublished: true,
  hasLegalTime: true,
  freeFormsOnline: false,
  legalMaxDays: 10,
  actualMedianDays: 12,
  daysSinceReview: 30,
  averageRating: null,
  declaredLevel: null,
};

const stored = (
  over: Partial<StoredProcedureSnapshot['components']> = {},
  burden: BurdenComparison | null = null,
): StoredProcedureSnapshot => ({
  components: {
    inputs,
    burdenInputs: { feeGtq: 100, visits: 1, annualVolume: 1000, baseline: { feeGtq: 150, requirements: 10, visits: 3, days: 30 } },
    ...over,
  },
  burden,
});

describe('procedure snapshots: explanation derived from the stored inputs', () => {
  it('derives the burden at baseline and now from the burden inputs, the requirements and the days of the formula', () => {
    // Q25 an hour, Q60 a visit, Q15 a day waited, 1.5 h a requirement, 3 h a visit:
    // baseline 10 × 1.5 + 3 × 3 = 24 h; 150 + 24 × 25 + 3 × 60 + 30 × 15 = Q1,380. Now 6 × 1.5 + 3 = 12 h; 100 + 300 + 60 + 12 × 15 = Q640.
    expect(procedureSnapshotBurden(stored(), DEFAULT_METHODOLOGY.burden)).toEqual({
      baseline: { hoursPerApplication: 24, costPerApplicationGtq: 1380, yearlyCostGtq: 1380000, yearlyHours: 24000 },
      current: { hoursPerApplication: 12, costPerApplicationGtq: 640, yearlyCostGtq: 640000, yearlyHours: 12000 },
      savings: { yearlyCostGtq: 740000, yearlyHours: 12000 },
      assumedUnchanged: [],
      unknown: [],
    });
  });

  it('uses the parameters it is given (the snapshot’s own methodology version), and unknown figures stay unknown', () => {
    const dearer = { ...DEFAULT_METHODOLOGY.burden, hourValueGtq: 50 };
    expect(procedureSnapshotBurden(stored(), dearer)?.current.costPerApplicationGtq).toBe(640 + 12 * 25);
    const unknown = stored({
      burdenInputs: { feeGtq: null, visits: null, annualVolume: null, baseline: { feeGtq: null, requirements: 10, visits: 3, days: null } },
    });
    expect(procedureSnapshotBurden(unknown, DEFAULT_METHODOLOGY.burden)).toMatchObject({
      assumedUnchanged: ['visits', 'days'],
      unknown: ['feeGtq', 'annualVolume'],
      current: { yearlyCostGtq: 0, yearlyHours: 0 },
    });
  });

  it('keeps the figures a row written before the burden inputs were stored holds', () => {
    const figures: BurdenComparison = {
      baseline: { hoursPerApplication: 1, costPerApplicationGtq: 2, yearlyCostGtq: 3, yearlyHours: 4 },
      current: { hoursPerApplication: 1, costPerApplicationGtq: 2, yearlyCostGtq: 3, yearlyHours: 4 },
      savings: { yearlyCostGtq: 0, yearlyHours: 0 },
      assumedUnchanged: [],
      unknown: [],
    };
    expect(procedureSnapshotBurden({ components: { inputs }, burden: figures }, DEFAULT_METHODOLOGY.burden)).toBe(figures);
  });

  it('explains the components with the score the run stored', () => {
    const explained = explainProcedureSnapshot(stored(), DEFAULT_METHODOLOGY);
    const scored = scoreProcedure(inputs, DEFAULT_METHODOLOGY);
    expect(explained.components).toEqual(scored.components);
    expect(explained.components.reduce((s, c) => s + c.points, 0)).toBeCloseTo(scored.score, 1);
  });
});

describe('procedure snapshots: the components are stored packed', () => {
  const components: ProcedureSnapshotComponents = {
    inputs,
    burdenInputs: { feeGtq: 100, visits: null, annualVolume: 1000, baseline: { feeGtq: null, requirements: 10, visits: 3, days: 30 } },
  };

  it('unpacks to the very components it packed: unknown stays null, never 0, and no rating count without ratings', () => {
    const packed = packProcedureComponents(components);
    expect(packed[0]).toBe(PACKED_COMPONENTS_LAYOUT);
    expect(JSON.stringify(packed).length).toBeLessThan(JSON.stringify(components).length / 3);
    // through JSON, as PostgreSQL gives it back
    expect(unpackProcedureComponents(JSON.parse(JSON.stringify(packed)))).toEqual(components);
    const rated = { ...components, inputs: { ...inputs, averageRating: 4.5, ratingCount: 12, declaredLevel: 3, legalMaxDays: null } };
    expect(unpackProcedureComponents(JSON.parse(JSON.stringify(packProcedureComponents(rated))))).toEqual(rated);
  });

  it('explains a packed row as the object it replaces, and still reads rows stored as objects', () => {
    const packed: StoredProcedureSnapshot = { components: packProcedureComponents(components), burden: null };
    const object: StoredProcedureSnapshot = { components, burden: null };
    expect(explainProcedureSnapshot(packed, DEFAULT_METHODOLOGY)).toEqual(explainProcedureSnapshot(object, DEFAULT_METHODOLOGY));
    expect(explainProcedureSnapshot(packed, DEFAULT_METHODOLOGY).burden).toMatchObject({
      assumedUnchanged: ['feeGtq', 'visits'],
      unknown: [],
    });
  });

  it('refuses a layout it does not know rather than misreading it', () => {
    const later = [PACKED_COMPONENTS_LAYOUT + 1, 1, 2] as unknown as StoredProcedureSnapshot['components'];
    expect(() => unpackProcedureComponents(later)).toThrow(/layout/);
  });
});
