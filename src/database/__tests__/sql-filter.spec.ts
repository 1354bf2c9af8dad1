import { SqlFilter } from '../sql-filter';

describe('SqlFilter', () => {
  it('numbers parameters in order, skips filters not asked for, and continues after the query’s own parameters', () => {
    const f = new SqlFilter(['2026-01-01'])
      .where('i.coverage = ?', 'opted_in')
      .where('i.type = ?', undefined)
      .where('lower(i.sector) = lower(?)', 'Salud');
    expect(f.andClause).toBe(' AND i.coverage = $2 AND lower(i.sector) = lower($3)');
    expect(f.params).toEqual(['2026-01-01', 'opted_in', 'Salud']);
    expect(f.param(50)).toBe('$4');
  });

  it('WHERE only when something filters; value-less conditions; a "?" inside the value is not a placeholder', () => {
    expect(new SqlFilter().whereClause).toBe('');
    const f = new SqlFilter().whereIf(true, 'n.read_at IS NULL').whereIf(false, 'never').where('n.subject = ?', 'a ? b');
    expect(f.whereClause).toBe('WHERE n.read_at IS NULL AND n.subject = $1');
    expect(f.params).toEqual(['a ? b']);
  });

  it('the bare conditions for a query that writes its own WHERE: "true" when nothing filters', () => {
    expect(new SqlFilter().conditionsSql).toBe('true');
    expect(new SqlFilter().whereIf(true, 'i.active').where('i.type = ?', 'ministry').conditionsSql).toBe('i.active AND i.type = $1');
  });
});
