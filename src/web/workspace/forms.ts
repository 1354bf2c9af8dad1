import { HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppException } from '../../common/errors/app.exception';
import { capitalise } from '../../common/glossary/glossary';
import { flattenValidationErrors } from '../../common/http/validation';
import { FieldErrors } from '../forms/form-fields';

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

/** A refusal the person can act on, rendered on the form: messages by field and one for the whole form. */
export interface FormRefusal {
  status: number;
  errors: FieldErrors;
  /** A message not tied to one field (rate limits, a spent link, a conflict). */
  summary: string | null;
}

const FORM_STATUSES = new Set<number>([HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED, HttpStatus.CONFLICT, HttpStatus.UNPROCESSABLE_ENTITY, HttpStatus.TOO_MANY_REQUESTS]);

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
    if (typeof d?.field === 'string' && Array.isArray(d.messages) && typeof d.messages[0] === 'string') errors[d.field] ??= sentence(d.messages[0]);
  }
  return { status: e.status, errors, summary: Object.keys(errors).length && e.status === HttpStatus.BAD_REQUEST ? null : e.message };
}
