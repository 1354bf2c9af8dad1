import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code';

/**
 * The one exception type services throw. `message` is Spanish, for people; `code` is for machines;
 * `details` carries located problems (field, row, current version…).
 */
export class AppException extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    message: string,
    readonly details: unknown = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppException';
  }

  static notFound(what: string, details: unknown = null): AppException {
    return new AppException(HttpStatus.NOT_FOUND, ErrorCode.NotFound, `${what} no existe o no está a su alcance.`, details);
  }

  static forbidden(message = 'Su rol no permite esta operación.'): AppException {
    return new AppException(HttpStatus.FORBIDDEN, ErrorCode.Forbidden, message);
  }

  static badRequest(message: string, details: unknown = null, code = ErrorCode.BadRequest): AppException {
    return new AppException(HttpStatus.BAD_REQUEST, code, message, details);
  }

  static conflict(message: string, details: unknown = null, code = ErrorCode.Conflict): AppException {
    return new AppException(HttpStatus.CONFLICT, code, message, details);
  }

  static unauthenticated(message = 'Debe iniciar sesión.', code = ErrorCode.Unauthenticated): AppException {
    return new AppException(HttpStatus.UNAUTHORIZED, code, message);
  }

  static rateLimited(retryAfterSeconds: number, message = 'Demasiados intentos. Espere antes de volver a intentarlo.'): AppException {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new AppException(
      HttpStatus.TOO_MANY_REQUESTS,
      ErrorCode.RateLimited,
      message,
      { retryAfterSeconds: seconds },
      {
        'Retry-After': String(seconds),
      },
    );
  }
}
