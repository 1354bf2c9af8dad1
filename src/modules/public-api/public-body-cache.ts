import { Injectable } from '@nestjs/common';
import { Precompressed } from '../../common/http/precompressed';
import { ResourceValidators } from './public-validators';

const BODY_CACHE_ENTRIES = 500;
const BODY_CACHE_BYTES = 64 * 1024 * 1024;

export interface CachedBody {
  body: Buffer;
  validators: ResourceValidators;
  /** The body with its compressed forms once made (shared with the cache in front of the router). */
  forms: Precompressed;
}

/** Bodies of JSON responses and their validators, keyed by data version and URL: a new version makes every entry unreachable. */
@Injectable()
export class PublicBodyCache {
  private readonly entries = new Map<string, CachedBody>();
  private bytes = 0;

  get(key: string): CachedBody | undefined {
    return this.entries.get(key);
  }

  /** Oldest entries go first when either bound (entries, bytes) would be exceeded. */
  set(key: string, body: Buffer, validators: ResourceValidators, forms: Precompressed = { identity: body }): void {
    if (body.length > BODY_CACHE_BYTES / 8 || this.entries.has(key)) return;
    while (this.entries.size && (this.entries.size >= BODY_CACHE_ENTRIES || this.bytes + body.length > BODY_CACHE_BYTES)) {
      const [oldest, entry] = this.entries.entries().next().value as [string, CachedBody];
      this.entries.delete(oldest);
      this.bytes -= entry.body.length;
    }
    this.entries.set(key, { body, validators, forms });
    this.bytes += body.length;
  }
}
