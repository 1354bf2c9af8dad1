import { HttpStatus, ParseUUIDPipe } from '@nestjs/common';
import { AppException } from '../errors/app.exception';
import { ErrorCode } from '../errors/error-code';

/** Path ids must be UUIDs; anything else is a 400 in the shared shape, not a database error. */
export const uuidPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, 'El identificador de la ruta no es un UUID válido.'),
});
