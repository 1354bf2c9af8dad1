import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ResolvedAddress, TargetPolicy, vetTarget } from './target-policy';

export interface PostOptions extends TargetPolicy {
  timeoutMs: number;
  /** Name resolution (tests inject one); defaults to the system resolver, every address. */
  lookupAll?: (host: string) => Promise<ResolvedAddress[]>;
}

const systemLookupAll = (host: string): Promise<ResolvedAddress[]> => dnsLookup(host, { all: true, verbatim: true });

/** A `lookup` for the socket that only ever answers with the vetted addresses (no second DNS query). */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return ((_host: string, options: { all?: boolean; family?: number }, callback: (...args: unknown[]) => void) => {
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const list = usable.length ? usable : addresses;
    if (options.all) callback(null, list);
    else callback(null, list[0].address, list[0].family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs a webhook to a vetted target: the URL and every resolved address pass the policy (else `TargetRefusedError`),
 * the socket connects to those addresses only (TLS still verifies the certificate against the host name), redirects
 * are not followed, and the response body is never read. Resolves with the HTTP status.
 */
export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<number> {
  const url = new URL(rawUrl);
  const addresses = await vetTarget(url, opts, opts.lookupAll ?? systemLookupAll);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(addresses),
        agent: false,
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
