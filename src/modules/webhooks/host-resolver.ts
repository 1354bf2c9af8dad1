import { Injectable } from '@nestjs/common';
import { lookup as dnsLookup } from 'node:dns/promises';
import { ResolvedAddress } from './target-policy';

/** Name resolution for webhook targets (every address of a host); a provider so tests can answer for names of their own. */
@Injectable()
export class HostResolver {
  lookupAll(host: string): Promise<ResolvedAddress[]> {
    return dnsLookup(host, { all: true, verbatim: true });
  }
}
