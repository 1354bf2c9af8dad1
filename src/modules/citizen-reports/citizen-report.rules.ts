import { randomInt } from 'node:crypto';

/** "They asked me for something not on this list" or "they asked me for this prohibited thing" (Arts. 5, 12 and 13). */
export const CITIZEN_REPORT_KINDS = ['not_listed', 'prohibited'] as const;
export type CitizenReportKind = (typeof CITIZEN_REPORT_KINDS)[number];

/** received → answered (the institution) → founded | unfounded (the Commission). The Commission may also rule before an answer. */
export const CITIZEN_REPORT_STATUSES = ['received', 'answered', 'founded', 'unfounded'] as const;
export type CitizenReportStatus = (typeof CITIZEN_REPORT_STATUSES)[number];

/** Business days the institution has to answer when no setting says otherwise. */
export const DEFAULT_ANSWER_BUSINESS_DAYS = 10;

/**
 * Crockford's base32 without the letters people confuse (no I, L, O, U): 32 symbols, 5 bits each. Eight symbols give
 * 40 random bits (about 10^12 codes), shown as two groups of four ("K7QM-3XZD"); the public pages are rate-limited per address.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** A code as a person may type it (lower case, spaces, O for 0, I/L for 1, no dash), in its stored form; null if it cannot be one. */
export function normaliseTrackingCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== 8 || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Whether the institution answered by the deadline (both dates as Guatemala calendar days). Unknown (null) while unanswered and not yet due. */
export function answeredOnTime(answeredOn: string | null, dueOn: string, today: string): boolean | null {
  if (answeredOn !== null) return answeredOn <= dueOn;
  return today > dueOn ? false : null;
}
