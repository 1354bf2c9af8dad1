/** Dates for people, in Guatemala's time zone and Spanish: "15 de marzo de 2026, 14:30". */
const DATE_TIME = new Intl.DateTimeFormat('es-GT', {
  timeZone: 'America/Guatemala',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export const formatDateTimeGt = (d: Date): string => {
  const parts = Object.fromEntries(DATE_TIME.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.day} de ${parts.month} de ${parts.year}, ${parts.hour}:${parts.minute}`;
};

const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Guatemala', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Guatemala as YYYY-MM-DD (the domain's calendar day, whatever the server's zone). */
export const todayInGuatemala = (now: Date = new Date()): string => DAY.format(now);

/** Guatemala is UTC−6 all year (no daylight saving). */
const GUATEMALA_OFFSET_MS = 6 * 3_600_000;

/** The instant a calendar day (YYYY-MM-DD) begins in Guatemala. */
export const startOfDayInGuatemala = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) + GUATEMALA_OFFSET_MS);
