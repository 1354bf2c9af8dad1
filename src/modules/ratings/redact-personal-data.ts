/**
 * Personal data a citizen may type in a public comment, and what replaces it. Applied before the comment is stored,
 * so no one — analysts included — ever reads the original, and nothing personal reaches the database.
 * Guatemalan forms: DPI/CUI (13 digits, usually 4-5-4), NIT (digits and a check digit 0–9 or K, often "NIT: …"),
 * phone numbers (8 digits, often 4-4, optionally +502).
 */
const RULES: ReadonlyArray<{ pattern: RegExp; replacement: string }> = [
  { pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, replacement: '[correo eliminado]' },
  // DPI/CUI first: its 13 digits would otherwise be read as a phone number and more
  { pattern: /(?<![\d-])\d{4}[ .-]?\d{5}[ .-]?\d{4}(?![\d-])/g, replacement: '[DPI eliminado]' },
  // after a label ("NIT: …", "CUI …"), only the number goes: the sentence keeps its sense
  { pattern: /(?<=\b(?:CUI|DPI)\b[\s.:#-]*(?:n[oº°.]+\s*)?)\d[\d .-]{5,}\d/gi, replacement: '[DPI eliminado]' },
  { pattern: /(?<=\bNIT\b[\s.:#-]*(?:n[oº°.]+\s*)?)\d[\d.]*(?:\s*-\s*)?[\dKk]?(?!\w)/gi, replacement: '[NIT eliminado]' },
  { pattern: /(?<![\d-])\d{4,12}\s?-\s?[\dKk](?![\w-])/g, replacement: '[NIT eliminado]' },
  // a phone number stands alone: not the middle of a longer run of digits
  { pattern: /(?<!\d[\s.-]?)(?:\(?\+?502\)?[\s.-]?)?\d{4}[\s.-]?\d{4}(?![\s.-]?\d)/g, replacement: '[teléfono eliminado]' },
  // anything left that is a long run of digits (9 or more, with separators) identifies someone or something of theirs
  { pattern: /(?<![\d])\d(?:[ .-]?\d){8,}(?![\d])/g, replacement: '[número eliminado]' },
];

export interface Redaction {
  text: string;
  /** How many pieces were replaced (0: the text is unchanged). */
  redactions: number;
}

/** The comment with e-mails, DPI/CUI, NIT and phone numbers replaced by a bracketed note. Pure. */
export function redactPersonalData(input: string): Redaction {
  let redactions = 0;
  let text = input;
  for (const { pattern, replacement } of RULES) {
    text = text.replace(pattern, () => {
      redactions += 1;
      return replacement;
    });
  }
  return { text, redactions };
}
