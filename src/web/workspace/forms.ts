import { HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { capitalise } from '../../common/glossary/glossary';
import { flattenValidationErrors } from '../../common/validation/validation-pipe';
import { FieldErrors } from '../forms/form-fields';
import type { WorkspaceResponder } from './workspace-responder';

/** A posted form: what the person typed (to show it again), the DTO when valid, and the messages by field. */
export interface PostedForm<T> {
  /** The raw strings, kept for re-display (never a password: callers blank those). */
  values: Record<string, string>;
  /** The DTO, validated with the API's own rules; null when some field is invalid. */
  dto: T | null;
  errors: FieldErrors;
}

const sentence = (message: string): string => {
  const m = capitalise(message.trim());
  return /[.!?]$/.test(m) ? m : `${m}.`;
};

/**
 * Reads a url-encoded form into the API's DTO with the API's validation rules and Spanish messages, so a page never
 * keeps a second copy of a rule. `_csrf` and fields the DTO does not declare are ignored; each problem is reported
 * beside its field.
 */
export function readForm<T extends object>(cls: new () => T, body: unknown, fields?: readonly string[]): PostedForm<T> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (k === '_csrf' || (fields && !fields.includes(k))) continue;
    const one = Array.isArray(v) ? v[0] : v;
    if (typeof one === 'string') values[k] = one;
  }
  const dto = plainToInstance(cls, { ...values });
  const errors: FieldErrors = {};
  for (const p of flattenValidationErrors(validateSync(dto, { whitelist: true, forbidUnknownValues: false }))) {
    errors[p.field] ??= sentence(p.messages[0]);
  }
  return { values, dto: Object.keys(errors).length ? null : dto, errors };
}

/** Validates a DTO built by the page (checkbox lists, radios) with its class-validator rules: messages by field. */
export function validateDto(dto: object): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of flattenValidationErrors(validateSync(dto, { whitelist: true, forbidUnknownValues: false })))
    errors[p.field] ??= sentence(p.messages[0]);
  return errors;
}

/** A form value that may come once or repeated (checkboxes): always a list of strings. */
export const listOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

/** How a form field reads into the API's DTO. */
export type FieldKind = 'text' | 'int' | 'money' | 'bool' | 'list' | 'date';

/**
 * The plain object a DTO is built from, out of a posted form: numbers from digits (other text is passed through, so
 * the DTO's own rule reports it), checkboxes as booleans or lists. An empty box is "no data": left out on create and
 * sent as null on update (unknown is not zero). `values` keeps what was typed, to show the form again.
 */
export function formObject(
  body: unknown,
  spec: Record<string, FieldKind>,
  mode: 'create' | 'update',
): { plain: Record<string, unknown>; values: Record<string, string | string[]> } {
  const b = (body ?? {}) as Record<string, unknown>;
  const plain: Record<string, unknown> = {};
  const values: Record<string, string | string[]> = {};
  for (const [name, kind] of Object.entries(spec)) {
    if (kind === 'list') {
      const list = listOf(b[name]);
      values[name] = list;
      plain[name] = list;
      continue;
    }
    if (kind === 'bool') {
      const on = listOf(b[name]).includes('true');
      values[name] = on ? 'true' : '';
      plain[name] = on;
      continue;
    }
    const raw = listOf(b[name])[0] ?? '';
    values[name] = raw;
    const text = raw.trim();
    if (text === '') {
      if (mode === 'update') plain[name] = null;
      continue;
    }
    plain[name] = kind === 'int' && /^-?\d+$/.test(text) ? Number(text) : text;
  }
  return { plain, values };
}

/** Builds and validates a DTO from a form object: the DTO, or the messages by field. */
export function dtoFrom<T extends object>(cls: new () => T, plain: Record<string, unknown>): { dto: T | null; errors: FieldErrors } {
  const dto = plainToInstance(cls, plain);
  const errors = validateDto(dto);
  return { dto: Object.keys(errors).length ? null : dto, errors };
}

/** A refusal the person can act on, rendered on the form: messages by field and one for the whole form. */
export interface FormRefusal {
  status: number;
  errors: FieldErrors;
  /** A message not tied to one field (rate limits, a spent link, a conflict). */
  summary: string | null;
}

const FORM_STATUSES = new Set<number>([
  HttpStatus.BAD_REQUEST,
  HttpStatus.UNAUTHORIZED,
  HttpStatus.CONFLICT,
  HttpStatus.UNPROCESSABLE_ENTITY,
  HttpStatus.TOO_MANY_REQUESTS,
]);

const isVersionConflict = (e: unknown): boolean => e instanceof AppException && e.code === ErrorCode.VersionConflict;

/**
 * What a service's refusal means for a form: AppExceptions of 400/401/409/422/429 become messages (their
 * `details: [{ field, messages }]` beside each field, the rest above the form). Anything else is rethrown (a 404 stays
 * a 404 page, a bug stays a 500).
 */
export function refusalOf(e: unknown): FormRefusal {
  if (!(e instanceof AppException) || !FORM_STATUSES.has(e.status)) throw e;
  const errors: FieldErrors = {};
  const details = Array.isArray(e.details) ? (e.details as Array<{ field?: unknown; messages?: unknown }>) : [];
  for (const d of details) {
    if (typeof d?.field === 'string' && Array.isArray(d.messages) && typeof d.messages[0] === 'string')
      errors[d.field] ??= sentence(d.messages[0]);
  }
  // A refusal about one field (`details: { field }`, e.g. a code already taken): its message goes beside that field.
  const one = !Array.isArray(e.details) ? (e.details as { field?: unknown } | undefined)?.field : undefined;
  if (typeof one === 'string' && !isVersionConflict(e)) return { status: e.status, errors: { [one]: sentence(e.message) }, summary: null };
  return { status: e.status, errors, summary: Object.keys(errors).length && e.status === HttpStatus.BAD_REQUEST ? null : e.message };
}

/** Where a successful form post goes (303 See Other) and the one-time notice shown there. */
export interface FormDone {
  to: string;
  notice: string;
}

/** The steps of a form post that `submitForm` runs in order. */
export interface FormSteps<T> {
  /** The service call (the same one the API makes): where to go afterwards and the notice. */
  act: (dto: T) => Promise<FormDone>;
  /** The form again: at 400 with the messages beside the fields when it does not validate, or with the service's refusal. */
  render: (errors: FieldErrors, summary: string | null, status: number) => unknown;
  /** The form again after the service refused, when that differs from `render` (the record is read again: it may have moved). */
  renderRefused?: (errors: FieldErrors, summary: string | null, status: number) => unknown;
  /**
   * A stale `version` (409, someone saved first): the message shown above the form instead of the service's, or the
   * page drawn instead of the form (both versions side by side).
   */
  conflict?: string | (() => unknown);
}

/**
 * The one way a workspace page handles a form post: the form read into the API's DTO (`dtoFrom` / `readForm`) → the
 * page again at 400 with the messages beside the fields, or the service call → 303 to `to` with the notice, or the
 * service's refusal on the form (`refusalOf`: 400/401/409/422/429; anything else is rethrown, so a 404 stays a 404
 * page), with the conflict message or page when the version was stale.
 */
export async function submitForm<T extends object>(
  pages: WorkspaceResponder,
  req: Request,
  res: Response,
  form: { dto: T | null; errors: FieldErrors },
  steps: FormSteps<T>,
): Promise<void> {
  if (!form.dto) {
    await steps.render(form.errors, null, HttpStatus.BAD_REQUEST);
    return;
  }
  let done: FormDone;
  try {
    done = await steps.act(form.dto);
  } catch (e) {
    const stale = isVersionConflict(e);
    if (stale && typeof steps.conflict === 'function') {
      await steps.conflict();
      return;
    }
    const r = refusalOf(e);
    const summary = stale && typeof steps.conflict === 'string' ? steps.conflict : r.summary;
    await (steps.renderRefused ?? steps.render)(r.errors, summary, r.status);
    return;
  }
  pages.redirect(res, done.to, req, done.notice);
}

/** The steps of a button that acts without fields (send, resend, revise): see `submitAction`. */
export interface ActionSteps {
  /** The service call: where to go afterwards and the notice. */
  act: () => Promise<FormDone>;
  /** Where a refusal sends the person back to, with the service's message (there is no field to show it beside). */
  back: string;
  /** The notice when the refusal carries no message. */
  failed: string;
  /** The notice instead of the service's when the row's `version` was stale (someone saved first). */
  conflict?: string;
}

/**
 * The one way a workspace page handles a button post: the service call → 303 to `to` with the notice, or its refusal
 * (`refusalOf`: anything but 400/401/409/422/429 is rethrown) → 303 back with the refusal's message (a message about
 * one field included: there is no form to show it beside).
 */
export async function submitAction(pages: WorkspaceResponder, req: Request, res: Response, steps: ActionSteps): Promise<void> {
  let done: FormDone;
  try {
    done = await steps.act();
  } catch (e) {
    const stale = isVersionConflict(e);
    const r = refusalOf(e);
    pages.redirect(res, steps.back, req, (stale && steps.conflict) || r.summary || Object.values(r.errors)[0] || steps.failed);
    return;
  }
  pages.redirect(res, done.to, req, done.notice);
}
