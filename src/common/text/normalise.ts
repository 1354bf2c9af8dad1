/** Without accents (á → a, ñ → n): NFD, then combining marks dropped. Case is kept. */
export const stripAccents = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/**
 * Text compared as people read it: lower case, no accents, spaces collapsed and trimmed. Requirement names are matched
 * this way by the import, and the prohibited-practice patterns are matched against it.
 */
export const normaliseText = (s: string): string => stripAccents(s.toLowerCase()).replace(/\s+/g, ' ').trim();
