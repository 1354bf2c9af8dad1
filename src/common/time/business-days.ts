/**
 * Business days in Guatemala: Monday to Friday, except the public holidays given (table `public_holidays`, seeded by
 * migration as data). Pure: the caller loads the holidays. Dates are calendar days (YYYY-MM-DD), no time zone involved.
 */

const DAY_MS = 86_400_000;

const parse = (isoDate: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`Fecha inválida: ${isoDate}`);
  const t = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(t)) throw new RangeError(`Fecha inválida: ${isoDate}`);
  return t;
};
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);

/** Saturday or Sunday. */
export const isWeekend = (isoDate: string): boolean => {
  const wd = new Date(parse(isoDate)).getUTCDay();
  return wd === 0 || wd === 6;
};

export const isBusinessDay = (isoDate: string, holidays: ReadonlySet<string>): boolean => !isWeekend(isoDate) && !holidays.has(isoDate);

/**
 * The `n`-th business day after `start` (start itself never counts: a report received on a Monday has its first day
 * on Tuesday). n = 0 gives `start`.
 */
export function addBusinessDays(start: string, n: number, holidays: ReadonlySet<string>): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Número de días hábiles inválido: ${n}`);
  let t = parse(start);
  let left = n;
  while (left > 0) {
    t += DAY_MS;
    if (isBusinessDay(iso(t), holidays)) left--;
  }
  return iso(t);
}

/** Business days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function businessDaysBetween(from: string, to: string, holidays: ReadonlySet<string>): number {
  let t = parse(from);
  const end = parse(to);
  let n = 0;
  while (t < end) {
    t += DAY_MS;
    if (isBusinessDay(iso(t), holidays)) n++;
  }
  return n;
}
