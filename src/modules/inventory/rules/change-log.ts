export interface FieldChange {
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

/** One entry of the per-procedure change log, written with `tx.changeLog(...)` (see UnitOfWork). */
export interface ChangeEntry {
  /** Defaults to the unit of work's institution. */
  institutionId?: string;
  procedureId: string;
  subject: 'procedure' | 'requirement';
  subjectId: string;
  action: 'create' | 'update' | 'eliminate' | 'level_validated' | 'import';
  changes?: FieldChange[];
  isPublic?: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Field-by-field differences between two versions of a row, for the listed fields only. */
export function diffFields<T extends object>(before: T, after: T, fields: readonly (keyof T & string)[]): FieldChange[] {
  return fields
    .filter((f) => !same(before[f], after[f]))
    .map((f) => ({ field: f, oldValue: before[f] ?? null, newValue: after[f] ?? null }));
}
