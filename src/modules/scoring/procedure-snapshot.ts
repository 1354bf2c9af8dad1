import { BurdenComparison, ProcedureBurdenInputs, procedureBurdenOf } from './burden';
import { BurdenParameters, MethodologyParameters } from './methodology';
import { ComponentResult, ProcedureInputs, scoreProcedure } from './procedure-score';

/**
 * What a procedure snapshot keeps: the inputs of the score formula and of the burden comparison, nothing derived from
 * them (issue 17: the derived half of each row was written 100,000 times a night and read once in a while). Stored
 * packed (`PackedProcedureComponents`).
 */
export interface ProcedureSnapshotComponents {
  inputs: ProcedureInputs;
  burdenInputs: ProcedureBurdenInputs;
}

/** The layout number a packed row starts with. */
export const PACKED_COMPONENTS_LAYOUT = 2;

/** The formula's inputs in the order a packed row holds them, after the layout number. */
const INPUT_FIELDS = [
  'currentLevel',
  'targetLevel',
  'activeRequirements',
  'requirementsWithLegalBasis',
  'activeProhibited',
  'hasDescription',
  'hasLegalBasis',
  'feePublished',
  'hasLegalTime',
  'freeFormsOnline',
  'legalMaxDays',
  'actualMedianDays',
  'daysSinceReview',
  'averageRating',
  'ratingCount',
  'declaredLevel',
] as const;
// Every input has its place: an input added to ProcedureInputs and not to INPUT_FIELDS does not compile.
const everyInputPacked: Record<Exclude<keyof ProcedureInputs, (typeof INPUT_FIELDS)[number]>, never> = {};
void everyInputPacked;

type InputValue = ProcedureInputs[(typeof INPUT_FIELDS)[number]];

/**
 * A procedure snapshot's `components` as stored since issue 17: one JSON array, the layout number, the formula's inputs
 * in INPUT_FIELDS order (null: unknown, or absent), then the burden inputs: fee, visits, annual volume, and the
 * baseline's fee, requirements, visits and days. The same values as the object it replaces, without the names of the
 * fields in every row: PostgreSQL parsed about 117 KB of JSON per institution of 200 procedures instead of 43 KB (2.4 of
 * 7.9 ms of its write), and the rows take a third of the room. Read back with `unpackProcedureComponents`.
 */
export type PackedProcedureComponents = [typeof PACKED_COMPONENTS_LAYOUT, ...Array<InputValue>];

export function packProcedureComponents({ inputs, burdenInputs: b }: ProcedureSnapshotComponents): PackedProcedureComponents {
  return [
    PACKED_COMPONENTS_LAYOUT,
    ...INPUT_FIELDS.map((f) => inputs[f] ?? null),
    b.feeGtq,
    b.visits,
    b.annualVolume,
    b.baseline.feeGtq,
    b.baseline.requirements,
    b.baseline.visits,
    b.baseline.days,
  ];
}

/** The components of a row as written before they were packed (and, in older rows still, without the burden inputs). */
export type UnpackedProcedureComponents = Pick<ProcedureSnapshotComponents, 'inputs'> &
  Partial<Pick<ProcedureSnapshotComponents, 'burdenInputs'>>;

/**
 * A stored procedure row's components, whichever way it was written: packed, or as the object rows kept before. The
 * rating count is present only when there are ratings, as the run sets it.
 */
export function unpackProcedureComponents(stored: PackedProcedureComponents | UnpackedProcedureComponents): UnpackedProcedureComponents {
  if (!Array.isArray(stored)) return stored;
  if (stored[0] !== PACKED_COMPONENTS_LAYOUT) throw new Error(`unknown layout of procedure snapshot components: ${String(stored[0])}`);
  const values = stored.slice(1) as Array<number | boolean | null>;
  const inputs = Object.fromEntries(INPUT_FIELDS.map((f, i) => [f, values[i]])) as unknown as ProcedureInputs;
  if (inputs.ratingCount === null) delete inputs.ratingCount;
  const [feeGtq, visits, annualVolume, baselineFee, requirements, baselineVisits, days] = values.slice(INPUT_FIELDS.length) as Array<
    number | null
  >;
  return {
    inputs,
    burdenInputs: {
      feeGtq,
      visits,
      annualVolume,
      baseline: { feeGtq: baselineFee, requirements: requirements!, visits: baselineVisits, days },
    },
  };
}

/**
 * A procedure snapshot as a reader finds it. Rows written before the burden inputs were stored keep the burden figures
 * in the `burden` column instead (and the component values, which nothing reads: they are derived from the inputs).
 */
export interface StoredProcedureSnapshot {
  components: PackedProcedureComponents | UnpackedProcedureComponents;
  burden: BurdenComparison | null;
}

/**
 * A procedure snapshot's burden at its baseline and on its day, derived from its stored inputs with `p`, the burden
 * parameters of the snapshot's own methodology version (older rows: the figures they stored).
 */
export function procedureSnapshotBurden(s: StoredProcedureSnapshot, p: BurdenParameters): BurdenComparison | null {
  const { inputs, burdenInputs } = unpackProcedureComponents(s.components);
  return burdenInputs ? procedureBurdenOf(inputs, burdenInputs, p) : s.burden;
}

/**
 * A procedure snapshot explained: each component's value, weight, points and advice, and its burden, derived from its
 * stored inputs with `m`, the parameters of the snapshot's own methodology version (the same pure formulas the run
 * used, so the figures are the ones it scored).
 */
export function explainProcedureSnapshot(
  s: StoredProcedureSnapshot,
  m: MethodologyParameters,
): { components: ComponentResult[]; burden: BurdenComparison | null } {
  return {
    components: scoreProcedure(unpackProcedureComponents(s.components).inputs, m).components,
    burden: procedureSnapshotBurden(s, m.burden),
  };
}
