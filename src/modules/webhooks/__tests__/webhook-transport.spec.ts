import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ResolvedAddress, TargetRefusedError } from '../target-policy';
import { postWebhook } from '../webhook-transport';

/** The delivery transport against a real local HTTP server (loopback only, hence allowPrivateTargets where it must connect). */
describe('postWebhook', () => {
  let server: http.Server;
  let port: number;
  const hits: Array<{ host?: string; body: string; url?: string }> = [];
  let answer = 200;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hits.push({ host: req.headers.host, body, url: req.url });
        if (answer === 302) res.writeHead(302, { Location: `http://127.0.0.1:${port}/elsewhere` }).end();
        else res.writeHead(answer).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    hits.length = 0;
    answer = 200;
  });

  const resolverTo = (address: string) => {
    const calls: string[] = [];
    return { calls, lookupAll: async (host: string): Promise<ResolvedAddress[]> => (calls.push(host), [{ address, family: 4 }]) };
  };

  it('connects to the vetted address, resolving the name once (a second DNS answer cannot switch the target)', async () => {
    const { calls, lookupAll } = resolverTo('127.0.0.1');
    const status = await postWebhook(`http://receiver.invalid:${port}/hook`, { 'Content-Type': 'application/json' }, '{"a":1}', {
      allowPrivateTargets: true,
      allowedPorts: [443],
      timeoutMs: 5000,
      lookupAll,
    });
    expect(status).toBe(200);
    expect(calls).toEqual(['receiver.invalid']);
    // receiver.invalid never resolves through the system resolver: the request got here through the pinned address.
    expect(hits).toEqual([{ host: `receiver.invalid:${port}`, body: '{"a":1}', url: '/hook' }]);
  });

  it('does not follow redirects', async () => {
    answer = 302;
    const status = await postWebhook(`http://127.0.0.1:${port}/hook`, {}, '{}', {
      allowPrivateTargets: true,
      allowedPorts: [443],
      timeoutMs: 5000,
    });
    expect(status).toBe(302);
    expect(hits.map((h) => h.url)).toEqual(['/hook']);
  });

  it('refuses a name resolving to a private address before connecting', async () => {
    const { lookupAll } = resolverTo('127.0.0.1');
    await expect(
      postWebhook(`https://receiver.example.com:${port}/hook`, {}, '{}', {
        allowPrivateTargets: false,
        allowedPorts: [443],
        timeoutMs: 5000,
        lookupAll,
      }),
    ).rejects.toThrow(TargetRefusedError);
    await expect(
      postWebhook(`http://127.0.0.1:${port}/hook`, {}, '{}', { allowPrivateTargets: false, allowedPorts: [443], timeoutMs: 5000 }),
    ).rejects.toThrow(TargetRefusedError);
    expect(hits).toEqual([]);
  });
});
