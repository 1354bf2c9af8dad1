/** Anything but printable ASCII, tabs and line ends (which NFD leaves as they are). */
const NOT_PLAIN_ASCII = /[^ -~\t\n\r]/;

/**
 * Without accents (á → a, ñ → n): NFD, then combining marks dropped. Case is kept. Plain ASCII is returned as it is
 * (what NFD would give back), without the Unicode normalisation: most cells of an import are (issue 17, goal 4).
 */
export const stripAccents = (s: string): string => (NOT_PLAIN_ASCII.test(s) ? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s);

/**
 * Text compared as people read it: lower case, no accents, spaces collapsed and trimmed. Requirement names are matched
 * this way by the import, and the prohibited-practice patterns are matched against it.
 */
export const normaliseText = (s: string): string => stripAccents(s.toLowerCase()).replace(/\s+/g, ' ').trim();
