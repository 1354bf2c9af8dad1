/**
 * The reference of issue 17's goal 1 (shared/baselines/http/bare-mirror.js, here able to mirror a compressed body):
 * bare node:http serving the exact bytes of one response of the product, fetched once at start with the same request
 * headers the load will send (Accept-Encoding included), with its Content-Type, Content-Encoding and strong ETag,
 * answering 304 to an If-None-Match equal to that ETag. "How fast could this very response be served on this machine."
 *
 *   node bare-mirror.js <source-url> <port> [<header-json>]   → prints "ready <bytes> <port>"
 */
import http from 'node:http';

export interface Fetched {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

/** One GET, body as raw bytes (never decompressed). */
export function fetchRaw(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: Number(process.hrtime.bigint() - t0) / 1e6,
          }),
        );
      })
      .on('error', reject);
  });
}

async function serve(src: string, port: number, headers: Record<string, string>): Promise<void> {
  const r = await fetchRaw(src, headers);
  if (r.status !== 200) throw new Error(`${src} answered ${r.status}`);
  const body = r.body;
  const etag = String(r.headers.etag);
  const head: Record<string, string | number> = { 'content-type': String(r.headers['content-type']), 'content-length': body.length, etag };
  if (r.headers['content-encoding']) head['content-encoding'] = String(r.headers['content-encoding']);
  const server = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, head);
    res.end(body);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.stdout.write(`ready ${body.length} ${address.port}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

if (require.main === module) {
  const [src, port, headers] = process.argv.slice(2);
  serve(src, Number(port ?? 0), headers ? (JSON.parse(headers) as Record<string, string>) : {}).catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
}
