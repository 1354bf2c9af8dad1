import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Observable } from 'rxjs';
import { AppException } from '../../../common/errors/app.exception';
import { ErrorCode } from '../../../common/errors/error-code';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = '20 MB';
const UPLOAD_FIELDS = ['file', 'tramites', 'requisitos'] as const;
type UploadField = (typeof UPLOAD_FIELDS)[number];
export type UploadedSpreadsheet = Partial<Record<UploadField, Express.Multer.File[]>>;

const EXPECTED = 'Envíe «file» (un libro XLSX) o «tramites» y «requisitos» (dos archivos CSV).';

export const tooLarge = (): AppException =>
  new AppException(
    HttpStatus.PAYLOAD_TOO_LARGE,
    ErrorCode.PayloadTooLarge,
    `El archivo excede el tamaño máximo de ${MAX_UPLOAD_LABEL}. Divida el inventario en varios archivos.`,
    { limitBytes: MAX_UPLOAD_BYTES },
  );

/** multer's and busboy's failures, in the shared error shape with Spanish messages. */
function uploadError(err: unknown): AppException {
  if (err instanceof AppException) return err;
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return tooLarge();
      case 'LIMIT_UNEXPECTED_FILE':
        return AppException.badRequest(
          `Campo de archivo no admitido${err.field ? `: «${err.field}»` : ''}. ${EXPECTED}`,
          [{ field: err.field ?? null, messages: ['campo no admitido'] }],
          ErrorCode.ValidationFailed,
        );
      default:
        return AppException.badRequest(
          `El formulario enviado excede los límites admitidos (${err.code}). ${EXPECTED}`,
          null,
          ErrorCode.ValidationFailed,
        );
    }
  }
  return AppException.badRequest(`El formulario multipart está incompleto o mal formado. ${EXPECTED}`);
}

/** Room for the multipart envelope (boundaries, part headers, the dryRun field) besides the files themselves. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Multer storage that keeps files in memory but counts every byte of every file of the request as it arrives: once the
 * total passes MAX_UPLOAD_BYTES the upload stops with 413, so a request never holds more than the limit (plus one
 * chunk), whatever the number of files.
 */
export class BoundedMemoryStorage implements multer.StorageEngine {
  private readonly received = new WeakMap<object, number>();

  constructor(private readonly maxBytes = MAX_UPLOAD_BYTES) {}

  _handleFile(req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: unknown, info?: Partial<Express.Multer.File>) => {
      if (done) return;
      done = true;
      cb(error, info);
    };
    file.stream.on('data', (chunk: Buffer) => {
      if (done) return;
      const total = (this.received.get(req) ?? 0) + chunk.length;
      this.received.set(req, total);
      if (total > this.maxBytes) {
        chunks.length = 0;
        file.stream.resume(); // drain what is left of this part without keeping it
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    file.stream.on('error', (e: unknown) => finish(e));
    file.stream.on('end', () => finish(undefined, { buffer: Buffer.concat(chunks, size), size }));
  }

  _removeFile(_req: Request, file: Express.Multer.File, cb: (error: Error | null) => void): void {
    (file as { buffer?: Buffer }).buffer = undefined;
    cb(null);
  }
}

/**
 * Receives the spreadsheet upload in memory, at most 20 MB for all the files together (counted as the parts arrive;
 * a declared Content-Length over the limit is refused before reading anything), before the validation pipe sees the
 * text fields. Anything but multipart/form-data is refused here.
 */
@Injectable()
export class SpreadsheetUploadInterceptor implements NestInterceptor {
  private readonly upload = multer({
    storage: new BoundedMemoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 3, fields: 10, fieldSize: 1024, parts: 20 },
    defParamCharset: 'utf8',
  }).fields(UPLOAD_FIELDS.map((name) => ({ name, maxCount: 1 })));

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!req.is('multipart/form-data')) {
      throw new AppException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ErrorCode.UnsupportedMediaType,
        `Envíe los archivos como multipart/form-data. ${EXPECTED}`,
      );
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + ENVELOPE_BYTES) {
      res.setHeader('Connection', 'close'); // do not wait for (or read) a body that will be refused
      throw tooLarge();
    }
    await new Promise<void>((resolve, reject) => this.upload(req, res, (err: unknown) => (err ? reject(uploadError(err)) : resolve())));
    return next.handle();
  }
}
