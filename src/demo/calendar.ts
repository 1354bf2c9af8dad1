/**
 * Calendar arithmetic for the demo, on Guatemala dates (YYYY-MM-DD) and timestamps at a local hour (UTC−6, no
 * daylight saving). Everything in the demo is dated relative to the day the seed runs.
 */
const DAY_MS = 86_400_000;

const toUtc = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number): string => fromUtc(toUtc(date) + days * DAY_MS);
export const daysBetween = (from: string, to: string): number => Math.round((toUtc(to) - toUtc(from)) / DAY_MS);
export const minDate = (...dates: string[]): string => dates.reduce((a, b) => (b < a ? b : a));
export const maxDate = (...dates: string[]): string => dates.reduce((a, b) => (b > a ? b : a));
export const yearOf = (date: string): number => Number(date.slice(0, 4));
export const quarterOf = (date: string): { year: number; quarter: number } => ({
  year: yearOf(date),
  quarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1,
});

/** A timestamp on that Guatemala day at hh:mm local time (ISO 8601 with its offset). */
export const at = (date: string, hour: number, minute = 0): string =>
  `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00-06:00`;

/** The Guatemala day of a timestamp written by `at`. */
export const dayOf = (timestamp: string): string => timestamp.slice(0, 10);

const MONTHS = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

/** "27 de marzo de 2026", for texts people read. */
export const spanishDate = (date: string): string =>
  `${Number(date.slice(8, 10))} de ${MONTHS[Number(date.slice(5, 7)) - 1]} de ${date.slice(0, 4)}`;
