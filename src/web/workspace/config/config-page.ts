import type { Request, Response } from 'express';
import { Breadcrumb } from '../../views/view-engine';
import { errorList, Field, FieldErrors } from '../../forms/form-fields';
import { WorkspaceResponder } from '../workspace-responder';
import './reveal-once';

/**
 * The configuration pages are built from a few blocks (text, facts, a table, a form, a confirmation, a side-by-side
 * comparison, a secret shown once) drawn by one view, `workspace/config/page`. The view runs in strict mode, so every
 * block carries all of its keys: build them only with the functions below.
 */
export const CONFIG_BASE = '/app/configuracion';

export interface PostSpec {
  action: string;
  submit: string;
  /** Visually hidden words after the button text (which row a button acts on, for screen readers). */
  hiddenLabel: string | null;
  hidden: Array<{ name: string; value: string }>;
  fields: Field[];
  cancel: string | null;
  warning: boolean;
  secondary: boolean;
  inline: boolean;
}

export interface Cell {
  text: string;
  href: string | null;
  tag: string | null;
  tagColour: string | null;
  post: PostSpec | null;
}

export interface TableSpec {
  id: string;
  caption: string;
  headers: string[];
  rows: Array<{ cells: Cell[] }>;
  empty: string;
  pagination: { previous: string | null; next: string | null; page: number; pages: number } | null;
}

export interface CompareRow {
  what: string;
  left: string;
  right: string;
  changed: boolean;
  change: string;
  colour: string;
}

export interface Block {
  kind: 'text' | 'heading' | 'warning' | 'links' | 'facts' | 'secret' | 'form' | 'search' | 'table' | 'compare';
  text: string | null;
  id: string | null;
  links: Array<{ text: string; href: string; description: string | null }>;
  facts: Array<{ key: string; value: string }>;
  secret: string | null;
  form: PostSpec | null;
  search: { action: string; label: string; fields: Field[] } | null;
  table: TableSpec | null;
  compare: { id: string; caption: string; what: string; left: string; right: string; rows: CompareRow[] } | null;
}

const empty: Omit<Block, 'kind'> = {
  text: null,
  id: null,
  links: [],
  facts: [],
  secret: null,
  form: null,
  search: null,
  table: null,
  compare: null,
};

export const text = (t: string): Block => ({ ...empty, kind: 'text', text: t });
export const heading = (t: string, id: string): Block => ({ ...empty, kind: 'heading', text: t, id });
export const warning = (t: string): Block => ({ ...empty, kind: 'warning', text: t });
export const links = (items: ReadonlyArray<{ text: string; href: string; description?: string | null }>): Block => ({
  ...empty,
  kind: 'links',
  links: items.map((i) => ({ text: i.text, href: i.href, description: i.description ?? null })),
});
export const facts = (rows: Array<{ key: string; value: string }>): Block => ({ ...empty, kind: 'facts', facts: rows });
/** A secret shown on this response only (the caller makes sure it is never shown again). */
export const secret = (title: string, value: string, id = 'secreto'): Block => ({
  ...empty,
  kind: 'secret',
  text: title,
  secret: value,
  id,
});
export const search = (action: string, label: string, fields: Field[]): Block => ({
  ...empty,
  kind: 'search',
  search: { action, label, fields },
});
export const compare = (spec: NonNullable<Block['compare']>): Block => ({ ...empty, kind: 'compare', compare: spec });

/**
 * A version beside the one in force (maturity models, methodologies): a heading, how many rows change (`counted(n)`, or
 * `none` when nothing does), and the side-by-side table.
 */
export function comparedWithInForce(spec: {
  inForce: number;
  version: number;
  caption: string;
  what: string;
  rows: CompareRow[];
  counted: (n: number) => string;
  none: string;
}): Block[] {
  const changes = spec.rows.filter((r) => r.changed).length;
  return [
    heading(`Comparación con la versión vigente (v${spec.inForce})`, 'comparacion'),
    text(changes ? `${spec.counted(changes)} respecto de la versión vigente.` : spec.none),
    compare({
      id: 'comparacion-tabla',
      caption: spec.caption,
      what: spec.what,
      left: `Vigente (v${spec.inForce})`,
      right: `Esta versión (v${spec.version})`,
      rows: spec.rows,
    }),
  ];
}

export function post(action: string, submit: string, opts: Partial<Omit<PostSpec, 'action' | 'submit'>> = {}): PostSpec {
  return {
    action,
    submit,
    hiddenLabel: opts.hiddenLabel ?? null,
    hidden: opts.hidden ?? [],
    fields: opts.fields ?? [],
    cancel: opts.cancel ?? null,
    warning: opts.warning ?? false,
    secondary: opts.secondary ?? false,
    inline: opts.inline ?? false,
  };
}
export const form = (spec: PostSpec): Block => ({ ...empty, kind: 'form', form: spec });

export const cell = (t: string, opts: Partial<Omit<Cell, 'text'>> = {}): Cell => ({
  text: t,
  href: opts.href ?? null,
  tag: opts.tag ?? null,
  tagColour: opts.tagColour ?? (opts.tag ? 'grey' : null),
  post: opts.post ?? null,
});

export function table(spec: Omit<TableSpec, 'pagination' | 'rows'> & { rows: Cell[][]; pagination?: TableSpec['pagination'] }): Block {
  return { ...empty, kind: 'table', table: { ...spec, rows: spec.rows.map((cells) => ({ cells })), pagination: spec.pagination ?? null } };
}

/** Page links for a list of `total` items shown `size` at a time (null when one page holds them all). */
export function paginate(
  path: string,
  page: number,
  size: number,
  total: number,
  query: Record<string, string> = {},
): TableSpec['pagination'] {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return null;
  const link = (p: number) => {
    const q = new URLSearchParams({ ...Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '')), pagina: String(p) });
    return `${path}?${q.toString()}`;
  };
  return { previous: page > 1 ? link(page - 1) : null, next: page < pages ? link(page + 1) : null, page, pages };
}

/** `?pagina=` as a page number (1 when absent or not a number). */
export const pageParam = (raw: unknown): number => {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
};

export interface ConfigPage {
  heading: string;
  caption?: string | null;
  title?: string;
  /** Below "Configuración"; null on the index itself. */
  breadcrumbs?: Breadcrumb[] | null;
  blocks: Block[];
  /** Fields of the page's form, for the error summary (links to each field with a message). */
  fields?: Field[];
  summary?: string | null;
}

/** Draws a configuration page (section "Configuración", breadcrumbs from the index). */
export function renderConfig(pages: WorkspaceResponder, req: Request, res: Response, page: ConfigPage, status = 200): void {
  // A secret kept for reveal is shown by the page the creation redirected to, or never: no other page keeps it around.
  if (req.session?.revealOnce) delete req.session.revealOnce;
  pages.html(
    req,
    res,
    'workspace/config/page',
    {
      heading: page.heading,
      caption: page.caption ?? null,
      blocks: page.blocks,
      errors: errorList(page.fields ?? []),
      summary: page.summary ?? null,
    },
    {
      title: page.title ?? page.heading,
      section: 'configuracion',
      breadcrumbs: page.breadcrumbs === null ? [] : [{ text: 'Configuración', href: CONFIG_BASE }, ...(page.breadcrumbs ?? [])],
    },
    status,
  );
}

/** Messages by field of a refusal, keeping only those the form shows (others go to the summary). */
export const onlyFields = (errors: FieldErrors, names: readonly string[]): FieldErrors =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => names.includes(k)));

/** A group of checkboxes (several values under one name), ticked by `chosen`. */
export function checkboxesField(
  name: string,
  labelText: string,
  choices: Array<{ value: string; text: string }>,
  chosen: readonly string[],
  errors: FieldErrors,
  hint: string | null = null,
): Field {
  const set = new Set(chosen);
  return {
    id: `f-${name}`,
    name,
    label: labelText,
    hint,
    error: errors[name] ?? null,
    value: '',
    type: 'checkboxes',
    options: choices.map((c) => ({ ...c, selected: set.has(c.value) })),
    checked: false,
    width: null,
  };
}
