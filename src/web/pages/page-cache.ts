import { Injectable } from '@nestjs/common';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** A rendered response, and its compressed forms once asked for (compressed once, served many times). */
export interface RenderedPage {
  status: number;
  type: string;
  identity: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

const MAX_ENTRIES = 1000;
const MAX_BYTES = 64 * 1024 * 1024;

/** Brotli at quality 9: within a few per cent of the best size at a fraction of its time (pages are compressed once per data version). */
export function compressed(page: RenderedPage, encoding: 'br' | 'gzip'): Buffer {
  if (encoding === 'br')
    page.br ??= brotliCompressSync(page.identity, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: page.identity.length },
    });
  else page.gzip ??= gzipSync(page.identity, { level: 8 });
  return encoding === 'br' ? page.br! : page.gzip!;
}

/**
 * Pages of the current data version, by URL. The key starts with the data version, so a change of public data
 * makes every entry unreachable; the oldest entries go first when either bound (entries, bytes) is reached.
 */
@Injectable()
export class PageCache {
  private readonly entries = new Map<string, RenderedPage>();
  private bytes = 0;

  get(key: string): RenderedPage | undefined {
    return this.entries.get(key);
  }

  set(key: string, page: RenderedPage): void {
    const size = page.identity.length * 2;
    if (size > MAX_BYTES / 8 || this.entries.has(key)) return;
    while (this.entries.size && (this.entries.size >= MAX_ENTRIES || this.bytes + size > MAX_BYTES)) {
      const [oldest, entry] = this.entries.entries().next().value as [string, RenderedPage];
      this.entries.delete(oldest);
      this.bytes -= entry.identity.length * 2;
    }
    this.entries.set(key, page);
    this.bytes += size;
  }
}
