import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { capitalise } from '../../common/glossary/glossary';
import { flattenValidationErrors } from '../../common/validation/validation-pipe';

/**
 * Form fields as the `form/*` partials render them (GOV.UK Frontend's markup): label, hint, the value the person
 * entered and the server's message beside the field. Pages build these; templates only draw them.
 */
export interface Option {
  value: string;
  text: string;
  selected: boolean;
}

export interface Field {
  id: string;
  name: string;
  label: string;
  hint: string | null;
  /** The server's message for this field (Spanish), shown beside it and in the error summary. */
  error: string | null;
  value: string;
  type: string;
  options: Option[] | null;
  checked: boolean;
  /** GOV.UK width class suffix ("20", "10", "one-half"…) or null. */
  width: string | null;
}

/** Messages by field name, in the order the form shows them. */
export type FieldErrors = Record<string, string>;

const base = (name: string, label: string, errors: FieldErrors, opts: { hint?: string | null; id?: string } = {}) => ({
  id: opts.id ?? `f-${name}`,
  name,
  label,
  hint: opts.hint ?? null,
  error: errors[name] ?? null,
});

export function textField(
  name: string,
  label: string,
  value: unknown,
  errors: FieldErrors,
  opts: { hint?: string | null; type?: string; width?: string | null } = {},
): Field {
  return {
    ...base(name, label, errors, opts),
    value: value === undefined || value === null ? '' : String(value),
    type: opts.type ?? 'text',
    options: null,
    checked: false,
    width: opts.width ?? null,
  };
}

/** A select; the first option ("Todos", "Todas"…) stands for "no filter" (empty value). */
export function selectField(
  name: string,
  label: string,
  choices: Array<{ value: string; text: string }>,
  value: unknown,
  errors: FieldErrors,
  opts: { hint?: string | null; any?: string } = {},
): Field {
  const current = value === undefined || value === null ? '' : String(value);
  const all = opts.any === undefined ? choices : [{ value: '', text: opts.any }, ...choices];
  return {
    ...base(name, label, errors, opts),
    value: current,
    type: 'select',
    options: all.map((c) => ({ ...c, selected: c.value === current })),
    checked: false,
    width: null,
  };
}

export function checkboxField(
  name: string,
  label: string,
  checked: boolean,
  errors: FieldErrors,
  opts: { hint?: string | null; value?: string } = {},
): Field {
  return { ...base(name, label, errors, opts), value: opts.value ?? 'true', type: 'checkbox', options: null, checked, width: null };
}

/** The error summary's entries (links to each field with a message), empty when the form has none. */
export const errorList = (fields: Field[]): Array<{ href: string; text: string }> =>
  fields.filter((f) => f.error).map((f) => ({ href: `#${f.id}`, text: f.error as string }));

/**
 * Reads a query string into a DTO with the API's own validation rules and Spanish messages, leniently: unknown
 * parameters (a campaign tag on a shared link) are ignored, and each invalid field is dropped from the result and
 * reported by name, so the page still answers and shows the message beside the field.
 */
export function readQuery<T extends object>(cls: new () => T, raw: Record<string, unknown>): { value: T; errors: FieldErrors } {
  const picked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const one = Array.isArray(v) ? v[0] : v;
    if (typeof one === 'string' && one !== '') picked[k] = one;
  }
  const value = plainToInstance(cls, picked);
  const errors: FieldErrors = {};
  for (const problem of flattenValidationErrors(validateSync(value, { whitelist: true, forbidUnknownValues: false }))) {
    errors[problem.field] = `${capitalise(problem.messages[0])}.`;
    delete (value as Record<string, unknown>)[problem.field];
  }
  return { value, errors };
}
