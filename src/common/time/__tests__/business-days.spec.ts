import { addBusinessDays, businessDaysBetween, isBusinessDay, isWeekend } from '../business-days';

// Holy Week 2026: Easter Sunday is 5 April, so Holy Thursday is 2 April and Good Friday 3 April.
const HOLIDAYS_2026 = new Set([
  '2026-01-01',
  '2026-04-02',
  '2026-04-03',
  '2026-05-01',
  '2026-06-29',
  '2026-09-15',
  '2026-10-20',
  '2026-11-01',
  '2026-12-25',
]);

describe('business days (Guatemala)', () => {
  it('knows weekends', () => {
    expect(isWeekend('2026-11-28')).toBe(true); // Saturday
    expect(isWeekend('2026-11-29')).toBe(true); // Sunday
    expect(isWeekend('2026-11-30')).toBe(false); // Monday
    expect(isBusinessDay('2026-04-02', HOLIDAYS_2026)).toBe(false);
    expect(isBusinessDay('2026-04-01', HOLIDAYS_2026)).toBe(true);
  });

  it('counts ten business days from a Monday over a plain fortnight', () => {
    // Mon 9 Nov 2026 → Tue 10 … Fri 13 (4), Mon 16 … Fri 20 (9), Mon 23 (10)
    expect(addBusinessDays('2026-11-09', 10, HOLIDAYS_2026)).toBe('2026-11-23');
  });

  it('skips Holy Thursday and Good Friday', () => {
    // Mon 30 Mar: 31 (1), 1 Apr (2), [2, 3 holidays], 6 (3) … 10 (7), 13 (8), 14 (9), 15 (10)
    expect(addBusinessDays('2026-03-30', 10, HOLIDAYS_2026)).toBe('2026-04-15');
    // without the holidays it would be the 13th
    expect(addBusinessDays('2026-03-30', 10, new Set())).toBe('2026-04-13');
  });

  it('starts counting on the next business day when received on a weekend or a holiday', () => {
    // Sat 31 Oct 2026; Sun 1 Nov is a holiday and a Sunday; Mon 2 Nov is day 1 … Fri 13 Nov is day 10
    expect(addBusinessDays('2026-10-31', 10, HOLIDAYS_2026)).toBe('2026-11-13');
    // Received on Independence Day (Tue 15 Sep): Wed 16 is day 1 … Tue 29 is day 10
    expect(addBusinessDays('2026-09-15', 10, HOLIDAYS_2026)).toBe('2026-09-29');
  });

  it('crosses the year end', () => {
    // Fri 18 Dec 2026: 21, 22, 23, 24 (4), [25 holiday], 28, 29, 30, 31 (8), [1 Jan], Mon 4 (9), Tue 5 (10)
    expect(addBusinessDays('2026-12-18', 10, new Set([...HOLIDAYS_2026, '2027-01-01']))).toBe('2027-01-05');
  });

  it('counts business days between two dates, the first excluded', () => {
    expect(businessDaysBetween('2026-03-30', '2026-04-15', HOLIDAYS_2026)).toBe(10);
    expect(businessDaysBetween('2026-04-15', '2026-03-30', HOLIDAYS_2026)).toBe(0);
    expect(businessDaysBetween('2026-11-27', '2026-11-30', HOLIDAYS_2026)).toBe(1);
  });

  it('refuses nonsense', () => {
    expect(() => addBusinessDays('2026-02-30x', 1, HOLIDAYS_2026)).toThrow(RangeError);
    expect(() => addBusinessDays('2026-02-01', -1, HOLIDAYS_2026)).toThrow(RangeError);
    expect(addBusinessDays('2026-02-02', 0, HOLIDAYS_2026)).toBe('2026-02-02');
  });
});
