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

/** A calendar date (YYYY-MM-DD) for people: "15 de marzo de 2026". No time zone involved: it is a date. */
export function formatDateEs(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`Fecha inválida: ${isoDate}`);
  return `${Number(m[3])} de ${MONTHS[Number(m[2]) - 1]} de ${m[1]}`;
}

/** A calendar date (YYYY-MM-DD) moved by whole days, exact for any time zone: it is a date. */
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "Faltan 7 días", "Vence mañana", "Vence hoy", "Venció hace 1 día", "Venció hace 15 días". */
export function daysPhrase(daysUntilDue: number): string {
  if (daysUntilDue > 1) return `Faltan ${daysUntilDue} días`;
  if (daysUntilDue === 1) return 'Vence mañana (falta 1 día)';
  if (daysUntilDue === 0) return 'Vence hoy';
  const late = -daysUntilDue;
  return `Venció hace ${late} ${late === 1 ? 'día' : 'días'}`;
}
