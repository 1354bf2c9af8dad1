import { DIGITALISED_LEVEL, DIGITALISED_SQL, IN_PROGRESS_SQL } from './procedure-indicators.sql';

/**
 * The procedure indicators partners read (AGEXPORT's triple), defined once: the API (per institution and national), the
 * indicators dataset and the data dictionary are all generated from these definitions, so they cannot drift apart.
 * Each set is a subset of the vigent procedures (status active); each measure counts procedures of that set.
 */
export { DIGITALISED_LEVEL };

export interface IndicatorDefinition {
  /** API field name (camelCase) and dataset column (snake_case). */
  field: string;
  column: string;
  /** Spanish definition, as published. */
  description: string;
}

/**
 * A procedure as it stood on one day (today from the table, a past day rebuilt from the change log, milestones and
 * actions: indicator-history.ts): what the definitions' `holds` read.
 */
export interface ProcedureOnDay {
  status: string;
  prioritized: boolean;
  foreignTrade: boolean;
  currentLevel: number;
  /** An open milestone of an approved plan, or a rationalisation action not yet implemented, on the procedure that day. */
  inProgress: boolean;
}

/** The sets the triple is computed over: SQL condition on procedures `p`, and the same test on a ProcedureOnDay. */
export const PROCEDURE_SETS = {
  prioritized: { sql: 'p.prioritized', holds: (p: ProcedureOnDay) => p.prioritized, label: 'priorizados' },
  foreignTrade: { sql: 'p.foreign_trade', holds: (p: ProcedureOnDay) => p.foreignTrade, label: 'de comercio exterior' },
} as const;
export type ProcedureSet = keyof typeof PROCEDURE_SETS;

export const MEASURES = [
  { key: 'total', sql: () => 'true', holds: () => true, description: (set: string) => `Trámites vigentes ${set}` },
  {
    key: 'inProgress',
    sql: IN_PROGRESS_SQL,
    holds: (p: ProcedureOnDay) => p.inProgress,
    description: (set: string) =>
      `Trámites vigentes ${set} en proceso de simplificación: con un hito abierto (pendiente o en curso) de un plan aprobado o una acción de racionalización aún no implementada`,
  },
  {
    key: 'digitalised',
    sql: DIGITALISED_SQL,
    holds: (p: ProcedureOnDay) => p.currentLevel >= DIGITALISED_LEVEL,
    description: (set: string) =>
      `Trámites vigentes ${set} digitalizados: nivel de madurez validado ${DIGITALISED_LEVEL} o más (escala 0 a 5)`,
  },
] as const;
export type MeasureKey = (typeof MEASURES)[number]['key'];

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every indicator: one per set and measure (prioritizedTotal, prioritizedInProgress, …, foreignTradeDigitalised). */
export const PROCEDURE_INDICATORS: IndicatorDefinition[] = (Object.keys(PROCEDURE_SETS) as ProcedureSet[]).flatMap((set) =>
  MEASURES.map((m) => {
    const field = `${set}${m.key[0].toUpperCase()}${m.key.slice(1)}`;
    return { field, column: snake(field), description: m.description(PROCEDURE_SETS[set].label) };
  }),
);

/** A triple (total, in progress, digitalised) over one set of procedures. */
export interface ProcedureTriple {
  total: number;
  inProgress: number;
  digitalised: number;
}

/** SELECT list computing every indicator over vigent procedures `p` (aggregate; group as the caller needs). */
export const PROCEDURE_INDICATORS_SELECT = (Object.keys(PROCEDURE_SETS) as ProcedureSet[])
  .flatMap((set) =>
    MEASURES.map(
      (m) =>
        `count(*) FILTER (WHERE p.status = 'active' AND ${PROCEDURE_SETS[set].sql} AND ${m.sql('p')})::int AS ${snake(set)}_${snake(m.key)}`,
    ),
  )
  .join(',\n       ');

/** The two triples from a row selected with PROCEDURE_INDICATORS_SELECT. */
export function triplesOf(row: Record<string, unknown> | undefined): Record<ProcedureSet, ProcedureTriple> {
  const n = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
  const triple = (set: ProcedureSet): ProcedureTriple => ({
    total: n(row?.[`${snake(set)}_total`]),
    inProgress: n(row?.[`${snake(set)}_in_progress`]),
    digitalised: n(row?.[`${snake(set)}_digitalised`]),
  });
  return { prioritized: triple('prioritized'), foreignTrade: triple('foreignTrade') };
}

/** The two triples over procedures as they stood on one day (vigent ones only), from the same definitions as the SQL. */
export function triplesOfProcedures(procedures: readonly ProcedureOnDay[]): Record<ProcedureSet, ProcedureTriple> {
  const out = {} as Record<ProcedureSet, ProcedureTriple>;
  for (const set of Object.keys(PROCEDURE_SETS) as ProcedureSet[]) {
    const triple = { total: 0, inProgress: 0, digitalised: 0 };
    for (const p of procedures) {
      if (p.status !== 'active' || !PROCEDURE_SETS[set].holds(p)) continue;
      for (const m of MEASURES) if (m.holds(p)) triple[m.key]++;
    }
    out[set] = triple;
  }
  return out;
}
