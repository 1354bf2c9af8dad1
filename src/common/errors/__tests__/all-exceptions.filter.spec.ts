import { BadRequestException, HttpStatus, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { bodyParserErrorToAppException } from '../../http/body-parser-errors';
import { AppException } from '../app.exception';
import { toErrorBody } from '../all-exceptions.filter';

describe('toErrorBody', () => {
  it('keeps an AppException as it is, with its headers', () => {
    const { body, headers } = toErrorBody(AppException.rateLimited(12.2), 'r1');
    expect(body).toEqual({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.stringContaining('Demasiados'),
      details: { retryAfterSeconds: 13 },
      requestId: 'r1',
    });
    expect(headers).toEqual({ 'Retry-After': '13' });
  });

  it('turns unknown errors into a 500 that leaks nothing', () => {
    const { body } = toErrorBody(new Error('password=secreto at db.ts:12'), 'r2');
    expect(body.statusCode).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secreto');
  });

  it('maps Nest HTTP exceptions to Spanish messages', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /x'), 'r').body).toMatchObject({
      statusCode: 404,
      code: 'ROUTE_NOT_FOUND',
      message: 'La ruta solicitada no existe.',
    });
    expect(toErrorBody(new BadRequestException('Unexpected token'), 'r').body.message).toBe('La solicitud no es válida.');
  });

  it('maps constraint violations that slip past the services to 4xx', () => {
    const unique = new QueryFailedError('INSERT', [], Object.assign(new Error('dup'), { code: '23505', constraint: 'UQ_x' }));
    expect(toErrorBody(unique, 'r').body).toMatchObject({ statusCode: 409, details: { constraint: 'UQ_x' } });
    const check = new QueryFailedError('UPDATE', [], Object.assign(new Error('chk'), { code: '23514', constraint: 'CHK_y' }));
    expect(toErrorBody(check, 'r').body.statusCode).toBe(HttpStatus.BAD_REQUEST);
  });

  it.each([
    ['22021', 'NUL byte in text'],
    ['22P02', 'invalid text for a type'],
    ['22003', 'number out of range'],
    ['22001', 'text too long'],
    ['22007', 'bad date'],
    ['22008', 'date out of range'],
    ['23503', 'foreign key'],
    ['23P01', 'exclusion'],
  ])("maps PostgreSQL %s (%s, the client's data) to 400, never 500", (code) => {
    const err = new QueryFailedError('INSERT', [], Object.assign(new Error('x'), { code }));
    const { body } = toErrorBody(err, 'r');
    expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(body.message).toMatch(/[áéíóú]|no es válido|admiten|reglas/);
  });

  it('names the field of a NOT NULL violation in Spanish', () => {
    const err = new QueryFailedError('UPDATE', [], Object.assign(new Error('null'), { code: '23502', column: 'fee_gtq' }));
    expect(toErrorBody(err, 'r').body).toMatchObject({
      statusCode: 400,
      message: 'El campo feeGtq no puede quedar vacío (null).',
      details: [{ field: 'feeGtq', messages: ['no puede ser nulo'] }],
    });
  });

  it.each([
    [
      'PostgreSQL restarting (57P01 admin shutdown)',
      new QueryFailedError(
        'SELECT',
        [],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ],
    ['PostgreSQL starting up (57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    [
      'PostgreSQL out of connections (53300)',
      new QueryFailedError('SELECT', [], Object.assign(new Error('sorry, too many clients already'), { code: '53300' })),
    ],
    ['PostgreSQL connection refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['node-postgres connection lost', new QueryFailedError('SELECT', [], new Error('Connection terminated unexpectedly'))],
    ['ioredis offline', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    [
      'ioredis retries exhausted',
      Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' }),
    ],
    [
      'refused connection behind an AggregateError',
      new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'connect failed'),
    ],
  ])('answers 503 with Retry-After when a dependency is unreachable: %s', (_what, error) => {
    const { body, headers } = toErrorBody(error, 'r');
    expect(body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(headers).toEqual({ 'Retry-After': '5' });
  });

  it.each([
    ['40P01', 'deadlock detected'],
    ['40001', 'could not serialize access'],
  ])('answers 503 with Retry-After when a concurrent write aborted the transaction (%s, %s)', (code, message) => {
    const { body, headers } = toErrorBody(new QueryFailedError('UPDATE', [], Object.assign(new Error(message), { code })), 'r');
    expect(body).toMatchObject({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('Vuelva a intentarlo') });
    expect(headers).toEqual({ 'Retry-After': '1' });
  });

  it('still answers 500 for server-side database failures', () => {
    // A missing table or an internal error is a bug, not an outage (53300, too many connections, is an outage: 503).
    expect(toErrorBody(new QueryFailedError('SELECT', [], Object.assign(new Error('x'), { code: '42P01' })), 'r').body.statusCode).toBe(
      500,
    );
    expect(toErrorBody(new QueryFailedError('SELECT', [], Object.assign(new Error('x'), { code: 'XX000' })), 'r').body.statusCode).toBe(
      500,
    );
  });

  it('maps body-parser failures to precise codes', () => {
    expect(toErrorBody(bodyParserErrorToAppException({ type: 'entity.parse.failed' }), 'r').body.code).toBe('MALFORMED_JSON');
    expect(toErrorBody(bodyParserErrorToAppException({ type: 'entity.too.large', limit: 10 }), 'r').body).toMatchObject({
      statusCode: 413,
      details: { limitBytes: 10 },
    });
  });
});
