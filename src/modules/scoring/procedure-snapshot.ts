import { BurdenComparison, ProcedureBurdenInputs, procedureBurdenOf } from './burden';
import { BurdenParameters, MethodologyParameters } from './methodology';
import { ComponentResult, ProcedureInputs, scoreProcedure } from './procedure-score';

/**
 * The `components` a procedure snapshot stores: the inputs of the score formula and of the burden comparison, nothing
 * derived from them (issue 17: the derived half of each row was written 100,000 times a night and read once in a while).
 */
export interface ProcedureSnapshotComponents {
  inputs: ProcedureInputs;
  burdenInputs: ProcedureBurdenInputs;
}

/**
 * A procedure snapshot as a reader finds it. Rows written before the burden inputs were stored keep the burden figures
 * in the `burden` column instead (and the component values, which nothing reads: they are derived from the inputs).
 */
export interface StoredProcedureSnapshot {
  components: Pick<ProcedureSnapshotComponents, 'inputs'> & Partial<Pick<ProcedureSnapshotComponents, 'burdenInputs'>>;
  burden: BurdenComparison | null;
}

/**
 * A procedure snapshot's burden at its baseline and on its day, derived from its stored inputs with `p`, the burden
 * parameters of the snapshot's own methodology version (older rows: the figures they stored).
 */
export function procedureSnapshotBurden(s: StoredProcedureSnapshot, p: BurdenParameters): BurdenComparison | null {
  const { inputs, burdenInputs } = s.components;
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
  return { components: scoreProcedure(s.components.inputs, m).components, burden: procedureSnapshotBurden(s, m.burden) };
}
