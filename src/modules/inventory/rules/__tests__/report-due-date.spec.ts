import { quarterEnd, quarterStart, reportDueDate, submittedOnTime } from '../report-due-date';

describe('reportDueDate: 10 days after the quarter ends', () => {
  it.each([
    [2026, 1, '2026-04-10'],
    [2026, 2, '2026-07-10'],
    [2026, 3, '2026-10-10'],
    [2026, 4, '2027-01-10'],
    [2024, 1, '2024-04-10'],
  ])('%i Q%i → %s', (year, quarter, due) => {
    expect(reportDueDate(year, quarter)).toBe(due);
  });

  it('knows where quarters start and end, leap years included', () => {
    expect(quarterStart(2026, 1)).toBe('2026-01-01');
    expect(quarterStart(2026, 4)).toBe('2026-10-01');
    expect(quarterEnd(2024, 1)).toBe('2024-03-31');
    expect(quarterEnd(2026, 2)).toBe('2026-06-30');
    expect(quarterEnd(2026, 4)).toBe('2026-12-31');
  });

  it('refuses quarters that do not exist', () => {
    expect(() => reportDueDate(2026, 0)).toThrow(RangeError);
    expect(() => reportDueDate(2026, 5)).toThrow(RangeError);
    expect(() => reportDueDate(2026, 1.5)).toThrow(RangeError);
  });
});

describe('submittedOnTime: by the Guatemala calendar day (UTC−6)', () => {
  it('the due day itself is on time, until 23:59 in Guatemala', () => {
    expect(submittedOnTime(new Date('2026-04-10T12:00:00-06:00'), 2026, 1)).toBe(true);
    // 05:30 UTC on the 11th is still the 10th in Guatemala
    expect(submittedOnTime(new Date('2026-04-11T05:30:00Z'), 2026, 1)).toBe(true);
  });

  it('the next day in Guatemala is late', () => {
    expect(submittedOnTime(new Date('2026-04-11T00:00:00-06:00'), 2026, 1)).toBe(false);
    expect(submittedOnTime(new Date('2026-07-10T23:59:00-06:00'), 2026, 2)).toBe(true);
    expect(submittedOnTime(new Date('2026-08-01T10:00:00-06:00'), 2026, 2)).toBe(false);
    expect(submittedOnTime(new Date('2027-01-11T10:00:00-06:00'), 2026, 4)).toBe(false);
  });
});
