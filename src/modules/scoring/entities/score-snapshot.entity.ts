import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const SCORE_SCOPES = ['procedure', 'institution', 'national'] as const;
export type ScoreScope = (typeof SCORE_SCOPES)[number];

/** Counts of procedures by resolution days (keys: whole days), actual and legal; unknown values are not counted. */
export interface ResolutionDayCounts {
  actual: Record<string, number>;
  legal: Record<string, number>;
}

/** subject_id of the national snapshot (a real id keeps the unique key simple). */
export const NATIONAL_SUBJECT = '00000000-0000-0000-0000-000000000000';

/**
 * SQL condition: the snapshots of institution `id` (an SQL expression) as a subject, of table alias `alias` if given.
 * Every lookup of an institution's own rows goes by the subject key (UQ_score_snapshots_subject_day), never by
 * `institution_id`: that index also holds every procedure row of the institution, 200 a day for an institution of 200
 * procedures, which a lookup of its latest row stepped over one by one (with 120 days of history, 24,000 rows and
 * 8 ms a lookup instead of 0.2 ms).
 */
export const institutionSnapshotsOf = (id: string, alias?: string): string => {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return `${col('scope')} = 'institution' AND ${col('subject_id')} = ${id}`;
};

/**
 * One score per subject and day. Re-running a day replaces its row (idempotent); history is the series of days.
 * Institution and national rows keep their components and burden whole. A procedure row keeps only the inputs of its
 * score and of its burden (`ProcedureSnapshotComponents`), packed in one JSON array (`PackedProcedureComponents`; older
 * rows hold them as an object): component values, weights, advice and burden figures are derived again on read with the
 * methodology version it was computed with (`explainProcedureSnapshot`); its `burden` column is null, but in rows
 * written before the burden inputs were stored.
 */
@Entity('score_snapshots')
// The unique key leads with the subject: it serves lookups by subject (latest score, trends) as well as the upserts'
// ON CONFLICT (scope, subject_id, snapshot_date). Under row-level security PostgreSQL cannot use the enum comparison on
// `scope` (not leakproof) as an index condition, so a key led by `scope` would serve only the upserts; uuid equality is leakproof.
@Index('UQ_score_snapshots_subject_day', ['subjectId', 'snapshotDate', 'scope'], { unique: true })
@Index('IDX_score_snapshots_institution_day', ['institutionId', 'snapshotDate'])
export class ScoreSnapshot {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'enum', enum: SCORE_SCOPES, enumName: 'score_scope' })
  scope: ScoreScope;

  @Column({ type: 'uuid' })
  subjectId: string;

  /** Null only for the national snapshot. */
  @Column({ type: 'uuid', nullable: true })
  institutionId: string | null;

  @Column({ type: 'date' })
  snapshotDate: string;

  @Column({ type: 'int' })
  methodologyVersion: number;

  /** Null only for an institution without procedures registered ("sin inventario"). */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  score: string | null;

  /** An object; a procedure row's since issue 17, a packed array (`PackedProcedureComponents`). */
  @Column({ type: 'jsonb' })
  components: Record<string, unknown> | unknown[];

  @Column({ type: 'jsonb', nullable: true })
  indicators: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  burden: Record<string, unknown> | null;

  /** Procedure snapshots: actual median and legal maximum resolution days that day (national medians read these, not the JSON). */
  @Column({ type: 'int', nullable: true })
  actualDays: number | null;

  @Column({ type: 'int', nullable: true })
  legalDays: number | null;

  /**
   * Institution snapshots: how many of its procedures had each actual and legal resolution time that day (the same
   * values as their actualDays/legalDays), so national medians merge 500 small maps instead of reading every procedure row.
   */
  @Column({ type: 'jsonb', nullable: true })
  resolutionDays: ResolutionDayCounts | null;

  /**
   * Institution snapshots of a day the findings were synchronised: digest of what their detection read (the stamp of the
   * run's inputs and what the day reached of them, `detectionDayKey`), with a stamp of the findings table after the run
   * (rows and versions), so the next run skips detecting and reading the findings when neither moved.
   */
  @Column({ type: 'text', nullable: true })
  findingsDigest: string | null;

  /**
   * Institution snapshots written by a run of one day: digest of everything that run read (the rows of its loads, the
   * active methodology, the day), so a later run whose inputs hash the same loads and computes nothing. Null: not recorded.
   */
  @Column({ type: 'text', nullable: true })
  inputsDigest: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  computedAt: Date;
}
