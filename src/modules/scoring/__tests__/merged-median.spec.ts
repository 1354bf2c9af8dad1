import { mergedMedian, resolutionDayCounts } from '../national';

describe('national medians merged from per-institution counts', () => {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };

  it('equals the median of all the values, odd and even counts, across institutions', () => {
    const a = [12, 5, 90, 12, 33];
    const b = [7, 7, 8];
    const c: number[] = [];
    const counts = [a, b, c].map((xs) => resolutionDayCounts(xs.map((x) => ({ actualMedianDays: x, legalMaxDays: null }))).actual);
    expect(mergedMedian(counts)).toBe(median([...a, ...b])); // 8 values: mean of the two middle ones
    expect(mergedMedian(counts.slice(0, 1))).toBe(12);
    expect(mergedMedian([{ 3: 1 }, { 4: 1 }])).toBe(3.5);
  });

  it('equals the median of all the values for many random sets of institutions (seeded)', () => {
    let seed = 17;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (let round = 0; round < 200; round++) {
      const sets = Array.from({ length: 1 + rnd(12) }, () => Array.from({ length: rnd(9) }, () => rnd(6) * (1 + rnd(40))));
      const counts = sets.map((xs) => resolutionDayCounts(xs.map((x) => ({ actualMedianDays: x, legalMaxDays: null }))).actual);
      const all = sets.flat();
      expect(mergedMedian(counts)).toBe(all.length ? median(all) : null);
    }
  });

  it('counts no unknown value and gives null when nothing is counted', () => {
    expect(
      resolutionDayCounts([
        { actualMedianDays: null, legalMaxDays: 30 },
        { actualMedianDays: 0, legalMaxDays: 30 },
      ]),
    ).toEqual({ actual: { 0: 1 }, legal: { 30: 2 } });
    expect(mergedMedian([{}, {}])).toBeNull();
  });
});
