import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/** Turns body-parser failures into AppExceptions before Nest sees them, so they keep a precise code. */
export function bodyParserErrorToAppException(err: unknown): unknown {
  const e = err as BodyParserError;
  switch (e?.type) {
    case 'entity.parse.failed':
      return AppException.badRequest('El cuerpo de la solicitud no es JSON válido.', null, ErrorCode.MalformedJson);
    case 'entity.too.large':
      return new AppException(
        HttpStatus.PAYLOAD_TOO_LARGE,
        ErrorCode.PayloadTooLarge,
        'El cuerpo de la solicitud excede el tamaño permitido.',
        { limitBytes: e.limit ?? null },
      );
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ErrorCode.UnsupportedMediaType,
        'Codificación del cuerpo no admitida; use UTF-8.',
      );
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return AppException.badRequest('El cuerpo de la solicitud llegó incompleto o es inválido.');
    default:
      return err;
  }
}

export const bodyParserErrors = (err: unknown, _req: Request, _res: Response, next: NextFunction): void =>
  next(bodyParserErrorToAppException(err));
