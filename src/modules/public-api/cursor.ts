import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';

/** Opaque keyset cursor: base64url of a JSON array holding the sort key of the last row served. */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with `arity` string/number parts; anything else → 400. */
export function decodeCursor(raw: string | undefined, arity: number, field = 'cursor'): Array<string | number> | null {
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== arity ||
    !parsed.every((p) => typeof p === 'string' || (typeof p === 'number' && Number.isFinite(p)))
  ) {
    throw invalidCursor(field);
  }
  return parsed as Array<string | number>;
}

export const invalidCursor = (field = 'cursor'): AppException =>
  AppException.badRequest(
    `El ${field} no es válido; use el valor devuelto por la página anterior.`,
    [{ field, messages: [`${field} no es un cursor válido`] }],
    ErrorCode.ValidationFailed,
  );
