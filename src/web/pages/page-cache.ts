import { Injectable } from '@nestjs/common';
import { Precompressed } from '../../common/http/precompressed';

export { compressed } from '../../common/http/precompressed';

/** A rendered response, and its compressed forms once asked for (compressed once, served many times). */
export interface RenderedPage extends Precompressed {
  status: number;
  type: string;
}

const MAX_ENTRIES = 1000;
const MAX_BYTES = 64 * 1024 * 1024;

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
