/**
 * The one list-filter builder for raw SQL: each condition names its value with `?`, numbered as PostgreSQL wants
 * ($1, $2…) after any parameters the query already has. A condition whose value is `undefined` (a filter not asked
 * for) is left out.
 *
 *   const f = new SqlFilter().where('f.user_id = ?', q.userId).where('f.institution_id = ?', q.institutionId);
 *   em.query(`SELECT … FROM analyst_follows f ${f.whereClause} LIMIT ${f.param(q.pageSize)}`, f.params);
 */
export class SqlFilter {
  readonly params: unknown[];
  private readonly conditions: string[] = [];

  /** `initial`: parameters the query already uses ($1… are theirs). */
  constructor(initial: readonly unknown[] = []) {
    this.params = [...initial];
  }

  /** Adds `sql`, its `?` replaced by the next parameter, unless `value` is undefined. */
  where(sql: string, value: unknown): this {
    if (value !== undefined) this.conditions.push(sql.replace('?', () => this.param(value)));
    return this;
  }

  /** Adds a condition without a value (`n.read_at IS NULL`) when `when` holds. */
  whereIf(when: boolean | undefined, sql: string): this {
    if (when) this.conditions.push(sql);
    return this;
  }

  /** The placeholder of one more parameter (LIMIT, OFFSET, a value outside the conditions). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WHERE a AND b`, or nothing. */
  get whereClause(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }

  /** `a AND b` (or `true`): for a query that writes its own WHERE around the conditions. */
  get conditionsSql(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'true';
  }

  /** ` AND a AND b`, or nothing: for a query that has its own WHERE. */
  get andClause(): string {
    return this.conditions.map((c) => ` AND ${c}`).join('');
  }
}
