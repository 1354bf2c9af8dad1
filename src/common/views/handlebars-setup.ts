import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { capitalise, GlossaryGroup, label, labelCap } from '../glossary/glossary';
import { formatDateTimeGt } from '../time/guatemala-time';

/** Partials shared by the e-mail templates and the pages (`{{> shared/product-line}}`). */
export const SHARED_PARTIALS_DIR = join(__dirname, 'partials');

type Hbs = typeof Handlebars;

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
const NUMBER = new Intl.NumberFormat('es-GT', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('es-GT', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const MONEY = new Intl.NumberFormat('es-GT', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const isNumeric = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

/** Formatting a person reads, in Spanish (Guatemala). Unknown values read "sin dato", never 0. */
export const format = {
  /** 1234567 → "1,234,567". */
  integer: (v: unknown): string => (isNumeric(v) ? NUMBER.format(Number(v)) : 'sin dato'),
  /** 72.456 → "72.5". */
  decimal: (v: unknown): string => (isNumeric(v) ? DECIMAL.format(Number(v)) : 'sin dato'),
  /** 1234.5 → "Q 1,234.50". */
  gtq: (v: unknown): string => (isNumeric(v) ? `Q ${MONEY.format(Number(v))}` : 'sin dato'),
  /** 0.456 → "46 %". */
  percent: (v: unknown): string => (isNumeric(v) ? `${NUMBER.format(Number(v) * 100)} %` : 'sin dato'),
  /** "2026-03-15" → "15 de marzo de 2026"; an ISO date-time (or a Date, as entities carry) is read in Guatemala's time zone. */
  date: (v: unknown): string => {
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'sin fecha' : formatDateTimeGt(v);
    if (typeof v !== 'string' || !v) return 'sin fecha';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (m) return `${Number(m[3])} de ${MONTHS[Number(m[2]) - 1]} de ${m[1]}`;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? 'sin fecha' : formatDateTimeGt(d);
  },
};

/**
 * Helpers shared by every Handlebars instance of the product (e-mails and pages), registered by name once:
 * the glossary (`{{glossary 'channel' code}}`, `glossaryCap`), formatting (`fmtInteger`, `fmtDecimal`, `fmtGtq`, `fmtPercent`,
 * `fmtDate`, `fmtCapitalise`) and a few
 * comparisons. None of them returns HTML; Handlebars escapes their output. Helper names never shadow a model
 * field (`label`, `date`…): Handlebars would call the helper instead of reading the field, hence the prefixes.
 */
export function registerSharedHelpers(hbs: Hbs): void {
  hbs.registerHelper('glossary', (group: GlossaryGroup, code: string) => label(group, code));
  hbs.registerHelper('glossaryCap', (group: GlossaryGroup, code: string) => labelCap(group, code));
  hbs.registerHelper('fmtCapitalise', (s: unknown) => capitalise(String(s ?? '')));
  hbs.registerHelper('fmtInteger', (v: unknown) => format.integer(v));
  hbs.registerHelper('fmtDecimal', (v: unknown) => format.decimal(v));
  hbs.registerHelper('fmtGtq', (v: unknown) => format.gtq(v));
  hbs.registerHelper('fmtPercent', (v: unknown) => format.percent(v));
  hbs.registerHelper('fmtDate', (v: unknown) => format.date(v));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerHelper('not', (a: unknown) => !a);
  hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  hbs.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  hbs.registerHelper('plural', (n: unknown, one: string, many: string) => (Number(n) === 1 ? one : many));
}

/**
 * A template compiled now (not on first use, as `hbs.compile` would), so a syntax error stops the boot.
 * The precompiled specification is code Handlebars generated from our own template files, never from input.
 */
export function precompile(hbs: Hbs, source: string, options: { strict: boolean; noEscape?: boolean }): HandlebarsTemplateDelegate {
  const spec = hbs.precompile(source, options) as string;
  return hbs.template(new Function(`return ${spec}`)()) as HandlebarsTemplateDelegate;
}

/** Registers every `*.hbs` of a folder as a partial named `<prefix><file name>` (precompiled). */
export function registerPartialsFrom(hbs: Hbs, dir: string, prefix = '', options: { strict: boolean } = { strict: true }): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      registerPartialsFrom(hbs, join(dir, entry.name), `${prefix}${entry.name}/`, options);
    } else if (entry.name.endsWith('.hbs')) {
      hbs.registerPartial(
        `${prefix}${entry.name.replace(/\.hbs$/, '')}`,
        precompile(hbs, readFileSync(join(dir, entry.name), 'utf8'), options),
      );
    }
  }
}
