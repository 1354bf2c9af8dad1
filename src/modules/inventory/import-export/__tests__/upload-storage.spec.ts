import { PassThrough } from 'node:stream';
import type { Request } from 'express';
import { AppException } from '../../../../common/errors/app.exception';
import { BoundedMemoryStorage } from '../upload.interceptor';

/** Feeds `bytes` into a part in 64 KiB chunks, as busboy would, and returns what the storage answered and how much it kept. */
function part(storage: BoundedMemoryStorage, req: object, bytes: number): Promise<{ error?: unknown; kept: number; fed: number }> {
  const stream = new PassThrough();
  const file = { fieldname: 'file', originalname: 'x.csv', stream } as unknown as Express.Multer.File;
  return new Promise((resolve) => {
    let fed = 0;
    storage._handleFile(req as Request, file, (error, info) => resolve({ error, kept: info?.buffer?.length ?? 0, fed }));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    for (let left = bytes; left > 0; left -= chunk.length) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      fed += piece.length;
      stream.write(piece);
    }
    stream.end();
  });
}

describe('BoundedMemoryStorage', () => {
  const MB = 1024 * 1024;

  it("keeps files while the request's total stays within the limit", async () => {
    const storage = new BoundedMemoryStorage(20 * MB);
    const req = {};
    expect(await part(storage, req, 8 * MB)).toMatchObject({ error: undefined, kept: 8 * MB });
    expect(await part(storage, req, 8 * MB)).toMatchObject({ error: undefined, kept: 8 * MB });
  });

  it('stops with 413 as soon as the files of one request together pass the limit, keeping nothing of the last part', async () => {
    const storage = new BoundedMemoryStorage(20 * MB);
    const req = {};
    expect((await part(storage, req, 12 * MB)).error).toBeUndefined();
    const second = await part(storage, req, 12 * MB);
    expect(second.error).toBeInstanceOf(AppException);
    expect((second.error as AppException).status).toBe(413);
    expect(second.kept).toBe(0);
    // a third part of the same request is refused at its first chunk
    expect((await part(storage, req, 1 * MB)).error).toBeInstanceOf(AppException);
    // another request has its own count
    expect((await part(storage, {}, 12 * MB)).error).toBeUndefined();
  });
});
