import { HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { FormRefusal, refusalOf } from './forms';

/**
 * Reads a multipart form (file uploads) inside a page handler, after the session middleware checked the CSRF token
 * from the action URL (ADR 0010). Limit breaches and malformed bodies become AppExceptions (400/413) that
 * `refusalOf` renders beside the field, instead of an error page.
 */
export async function readMultipart(
  req: Request,
  res: Response,
  handler: ReturnType<multer.Multer['fields']>,
  tooLarge: (field: string | undefined) => AppException,
): Promise<void> {
  if (!req.is('multipart/form-data')) {
    throw AppException.badRequest('El formulario debe enviarse con sus archivos (multipart/form-data).', null, ErrorCode.ValidationFailed);
  }
  await new Promise<void>((resolve, reject) =>
    handler(req, res, (err: unknown) => {
      if (!err) return resolve();
      if (err instanceof AppException) return reject(err);
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return reject(tooLarge(err.field));
        return reject(
          AppException.badRequest(
            `El formulario enviado no se pudo leer (${err.code}).`,
            err.field ? [{ field: err.field, messages: ['no se pudo leer'] }] : null,
            ErrorCode.ValidationFailed,
          ),
        );
      }
      reject(AppException.badRequest('El formulario llegó incompleto o mal formado; vuelva a enviarlo.', null, ErrorCode.ValidationFailed));
    }),
  );
}

/** The one file of a field, if any came with content. */
export function fileOf(req: Request, field: string): Express.Multer.File | undefined {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  const f = files?.[field]?.[0];
  return f && f.size > 0 ? f : undefined;
}

/** `refusalOf` for upload forms: a file over the limit (413) is also a message beside its field, not an error page. */
export function uploadRefusal(e: unknown): FormRefusal {
  if (e instanceof AppException && e.status === HttpStatus.PAYLOAD_TOO_LARGE) {
    const r = refusalOf(AppException.badRequest(e.message, e.details, ErrorCode.ValidationFailed));
    return { ...r, status: HttpStatus.PAYLOAD_TOO_LARGE, summary: Object.keys(r.errors).length ? null : e.message };
  }
  return refusalOf(e);
}
