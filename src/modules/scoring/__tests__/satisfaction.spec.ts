import { dayMinus, ratingsOn, satisfactionValue, DEFAULT_SATISFACTION } from '../satisfaction';

describe('satisfaction inputs', () => {
  it('counts the ratings of the 365 days up to the day, and their mean', () => {
    const records = [
      { procedureId: 'p', on: '2025-11-30', overall: 1 }, // exactly 365 days before: outside
      { procedureId: 'p', on: '2025-12-01', overall: 4 },
      { procedureId: 'p', on: '2026-06-15', overall: 5 },
      { procedureId: 'p', on: '2026-11-30', overall: 3 },
      { procedureId: 'p', on: '2026-12-01', overall: 1 }, // after the day
    ];
    expect(ratingsOn(records, '2026-11-30')).toEqual({ n: 3, mean: 4 });
    expect(ratingsOn([], '2026-11-30')).toEqual({ n: 0, mean: null });
    expect(dayMinus('2026-03-01', 1)).toBe('2026-02-28');
  });
  it('maps a mean on the piecewise-linear scale, flat outside it', () => {
    expect(satisfactionValue(3.7, DEFAULT_SATISFACTION.scale)).toBeCloseTo(0.74, 10);
    expect(satisfactionValue(5, DEFAULT_SATISFACTION.scale)).toBe(1);
    const scale = [
      { mean: 2, value: 0 },
      { mean: 4, value: 1 },
    ];
    expect(satisfactionValue(1, scale)).toBe(0);
    expect(satisfactionValue(3, scale)).toBe(0.5);
    expect(satisfactionValue(4.5, scale)).toBe(1);
  });
});
