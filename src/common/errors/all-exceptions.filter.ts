import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { QueryFailedError } from 'typeorm';
import { isConcurrencyFailure } from '../../database/sql-helpers';
import { requestIdOf } from '../http/request-id';
import { AppException } from './app.exception';
import { DEPENDENCY_RETRY_AFTER_SECONDS, isDependencyUnavailable } from './dependency-unavailable';
import { ErrorCode } from './error-code';
import { ErrorBody } from './error-body';
import { HTML_ERROR_PAGES, HtmlErrorPages } from './html-error-pages';

const STATUS_CODES: Partial<Record<number, { code: ErrorCode; message: string }>> = {
  400: { code: ErrorCode.BadRequest, message: 'La solicitud no es válida.' },
  401: { code: ErrorCode.Unauthenticated, message: 'Debe iniciar sesión.' },
  403: { code: ErrorCode.Forbidden, message: 'Su rol no permite esta operación.' },
  404: { code: ErrorCode.RouteNotFound, message: 'La ruta solicitada no existe.' },
  405: { code: ErrorCode.BadRequest, message: 'Método no permitido en esta ruta.' },
  409: { code: ErrorCode.Conflict, message: 'La operación entra en conflicto con el estado actual.' },
  413: { code: ErrorCode.PayloadTooLarge, message: 'El cuerpo de la solicitud excede el tamaño permitido.' },
  415: { code: ErrorCode.UnsupportedMediaType, message: 'Tipo de contenido no admitido.' },
  429: { code: ErrorCode.RateLimited, message: 'Demasiadas solicitudes. Espere antes de volver a intentarlo.' },
  503: { code: ErrorCode.ServiceUnavailable, message: 'Servicio no disponible temporalmente.' },
};

/** Seconds a client is told to wait after a write aborted by a concurrent one (the other is done by then). */
const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

/** Maps every failure — ours, Nest's, unknown — to the shared error shape. Unknown errors never leak details. */
export function toErrorBody(exception: unknown, requestId: string): { body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof AppException) {
    return {
      body: { statusCode: exception.status, code: exception.code, message: exception.message, details: exception.details, requestId },
      headers: exception.headers,
    };
  }
  if (exception instanceof QueryFailedError) {
    const mapped = clientDataError(exception.driverError as PgError, requestId);
    if (mapped) return mapped;
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const known = STATUS_CODES[status] ?? { code: ErrorCode.BadRequest, message: 'La solicitud no es válida.' };
    // The health check's 503 says which dependency is down; keep that report.
    const details = status === HttpStatus.SERVICE_UNAVAILABLE ? exception.getResponse() : null;
    return plain(status, known.code, known.message, details, requestId);
  }
  // Aborted by a concurrent write even after Database.run's attempts: nothing was written, the client may retry.
  if (isConcurrencyFailure(exception)) {
    const busy = plain(
      503,
      ErrorCode.ServiceUnavailable,
      'La operación coincidió con otra sobre los mismos datos y no se guardó. Vuelva a intentarlo.',
      null,
      requestId,
    );
    return { ...busy, headers: { 'Retry-After': String(CONCURRENCY_RETRY_AFTER_SECONDS) } };
  }
  // PostgreSQL or Redis unreachable (restart, failover): temporary, the client may retry; never a 500.
  if (isDependencyUnavailable(exception)) {
    const unavailable = plain(
      503,
      ErrorCode.ServiceUnavailable,
      'Servicio no disponible temporalmente. Vuelva a intentarlo en unos segundos.',
      null,
      requestId,
    );
    return { ...unavailable, headers: { 'Retry-After': String(DEPENDENCY_RETRY_AFTER_SECONDS) } };
  }
  const status = (exception as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const known = STATUS_CODES[status] ?? { code: ErrorCode.BadRequest, message: 'La solicitud no es válida.' };
    return plain(status, known.code, known.message, null, requestId);
  }
  return plain(
    500,
    ErrorCode.Internal,
    'Ocurrió un error interno. Si persiste, comuníquese con soporte indicando el requestId.',
    null,
    requestId,
  );
}

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * Safety net: services and DTOs check the client's data first, but whatever PostgreSQL still refuses because of it is
 * the client's mistake (4xx), never a crash: integrity rules (class 23) and malformed values (class 22: NUL bytes,
 * numbers out of range, invalid text for a type, too-long text, bad dates).
 */
function clientDataError(pg: PgError, requestId: string) {
  const code = pg.code ?? '';
  if (code === '23505')
    return plain(409, ErrorCode.Conflict, 'Ya existe un registro con esos datos.', { constraint: pg.constraint ?? null }, requestId);
  if (code === '23502') {
    const field = pg.column ? camel(pg.column) : null;
    return plain(
      400,
      ErrorCode.ValidationFailed,
      field ? `El campo ${field} no puede quedar vacío (null).` : 'Falta un dato obligatorio.',
      field ? [{ field, messages: ['no puede ser nulo'] }] : null,
      requestId,
    );
  }
  if (code.startsWith('23'))
    return plain(
      400,
      ErrorCode.ValidationFailed,
      'Los datos no cumplen las reglas de integridad.',
      { constraint: pg.constraint ?? null },
      requestId,
    );
  if (code === '22021' || code === '22P05')
    return plain(
      400,
      ErrorCode.ValidationFailed,
      'La solicitud contiene caracteres que no se admiten (por ejemplo, el carácter nulo).',
      null,
      requestId,
    );
  if (code.startsWith('22'))
    return plain(
      400,
      ErrorCode.ValidationFailed,
      'Un valor de la solicitud no es válido (formato, longitud o rango).',
      { sqlState: code },
      requestId,
    );
  return null;
}

function plain(statusCode: number, code: ErrorCode, message: string, details: unknown, requestId: string) {
  return { body: { statusCode, code, message, details, requestId }, headers: {} };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    private readonly logger: PinoLogger,
    @Optional() @Inject(HTML_ERROR_PAGES) private readonly pages?: HtmlErrorPages,
  ) {
    this.logger.setContext(AllExceptionsFilter.name);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const requestId = requestIdOf(req, res);
    const { body, headers } = toErrorBody(exception, requestId);
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn({ err: exception, requestId }, 'dependency unavailable');
    } else if (body.statusCode >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error({ err: exception, requestId }, 'Unhandled error');
    }
    if (res.headersSent) return;
    // Pages fail as pages (Spanish HTML with the request id); the API keeps its JSON shape.
    if (this.pages?.wants(req)) {
      try {
        return this.pages.send(res, body, headers);
      } catch (e) {
        this.logger.error({ err: e, requestId }, 'error page failed; answering JSON');
        if (res.headersSent) return;
      }
    }
    res.status(body.statusCode).set(headers).json(body);
  }
}
