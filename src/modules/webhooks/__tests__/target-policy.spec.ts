import { isInternalHostname, isPublicAddress, ResolvedAddress, TargetRefusedError, vetTarget, webhookUrlProblem } from '../target-policy';

const strict = { allowPrivateTargets: false, allowedPorts: [443] };
const relaxed = { allowPrivateTargets: true, allowedPorts: [443] };

describe('isPublicAddress', () => {
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '200.6.193.10',
    '100.63.255.255',
    '100.128.0.0',
    '172.15.255.255',
    '172.32.0.0',
    '192.169.0.1',
    '11.0.0.1',
    '223.255.255.254',
    '198.20.0.1',
    '2001:4860:4860::8888',
    '2606:4700:4700::1111',
    '2800:3f0:4005::200e',
    '::ffff:8.8.8.8',
    '::ffff:0808:0808',
    '64:ff9b::808:808',
    '[2001:4860:4860::8888]',
  ])('%s is public', (ip) => expect(isPublicAddress(ip)).toBe(true));

  it.each([
    // IPv4: unspecified, private, CGNAT, loopback, link-local (metadata), protocol/doc/benchmark ranges, multicast, reserved, broadcast
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '100.127.255.254',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.2.1',
    '192.88.99.1',
    '192.168.1.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    // IPv6: unspecified, loopback, ULA, link-local, site-local, multicast, documentation, 6to4, Teredo, discard
    '::',
    '::1',
    '[::1]',
    'fc00::1',
    'fd12:3456:789a::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1',
    'ff02::1',
    'ff05::1:3',
    '2001:db8::1',
    '2002:c0a8:101::1',
    '2001:0:4136:e378::1',
    '100::1',
    '3fff::1',
    // IPv4 inside IPv6: mapped, compatible, NAT64
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:7f00:1]',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '::ffff:0.0.0.0',
    // IPv4-translated (::ffff:0:0/96, RFC 2765): loopback, metadata, private
    '::ffff:0:7f00:1',
    '::ffff:0:127.0.0.1',
    '[::ffff:0:a9fe:a9fe]',
    '0:0:0:0:ffff:0:a00:1',
    '::ffff:0:0.0.0.0',
    '::ffff:0:808:808', // not routable on the Internet at all
    '::127.0.0.1',
    '::a00:1',
    '64:ff9b::a00:1',
    '64:ff9b::127.0.0.1',
    '64:ff9b:1::a00:1',
    '0:0:0:0:0:ffff:c0a8:0101',
    // not addresses at all
    '',
    'localhost',
    'example.com',
    '999.1.1.1',
    '1.2.3',
    'fe80::zz',
  ])('%s is not public', (ip) => expect(isPublicAddress(ip)).toBe(false));
});

describe('isInternalHostname', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    'localhost.',
    'api.localhost',
    'metadata.google.internal',
    'printer.local',
    'nas.home.arpa',
    'intranet',
    'localhost.localdomain',
  ])('%s is internal', (h) => expect(isInternalHostname(h)).toBe(true));
  it.each(['example.com', 'hooks.agexport.org.gt', 'localhost.example.com', 'internal.example.com'])('%s is not internal', (h) =>
    expect(isInternalHostname(h)).toBe(false),
  );
});

describe('webhookUrlProblem', () => {
  it.each([
    'https://hooks.agexport.org.gt/simplifica',
    'https://hooks.example.com:443/x?y=1',
    'https://8.8.8.8/hook',
    'https://[2001:4860:4860::8888]/hook',
  ])('accepts %s', (url) => expect(webhookUrlProblem(url, strict)).toBeNull());

  it.each([
    ['http://hooks.example.com/x', /https/],
    ['ftp://hooks.example.com/x', /https/],
    ['https://user:pass@hooks.example.com/x', /usuario ni contraseña/],
    ['https://token@hooks.example.com/x', /usuario ni contraseña/],
    ['https://127.0.0.1/hook', /no pública \(127\.0\.0\.1\)/],
    ['https://2130706433/hook', /no pública \(127\.0\.0\.1\)/], // decimal IPv4, normalised by the URL parser
    ['https://0x7f.1/hook', /no pública/],
    ['https://[::1]/hook', /no pública/],
    ['https://[::ffff:127.0.0.1]/hook', /no pública/],
    ['https://169.254.169.254/latest/meta-data', /no pública/],
    ['https://10.1.2.3/hook', /no pública/],
    ['https://100.64.1.1/hook', /no pública/],
    ['https://[fd00::1]/hook', /no pública/],
    ['https://localhost/hook', /nombre interno \(localhost\)/],
    ['https://localhost./hook', /nombre interno/],
    ['https://app.localhost:3000/hook', /nombre interno/],
    ['https://metadata.google.internal/computeMetadata', /nombre interno/],
    ['https://[::ffff:0:7f00:1]/hook', /no pública/],
    ['https://hooks.example.com:8443/x', /puerto 8443/],
    ['https://hooks.example.com:22/x', /puerto 22/],
    ['https://8.8.8.8:6379/x', /puerto 6379/],
    ['no es una url', /no es válida/],
  ])('refuses %s', (url, reason) => expect(webhookUrlProblem(url, strict)).toMatch(reason));

  it('takes its ports from the configured list', () => {
    expect(webhookUrlProblem('https://hooks.example.com:8443/x', { allowPrivateTargets: false, allowedPorts: [443, 8443] })).toBeNull();
    expect(webhookUrlProblem('https://hooks.example.com/x', { allowPrivateTargets: false, allowedPorts: [8443] })).toMatch(/puerto 443/);
  });

  it('with private targets allowed (development, tests) accepts http and loopback, never credentials or other schemes', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', relaxed)).toBeNull();
    expect(webhookUrlProblem('https://localhost/hook', relaxed)).toBeNull();
    expect(webhookUrlProblem('http://u:p@127.0.0.1/hook', relaxed)).toMatch(/usuario/);
    expect(webhookUrlProblem('file:///etc/passwd', relaxed)).toMatch(/https/);
  });
});

describe('vetTarget', () => {
  const resolver = (answers: Record<string, string[]>) => {
    const calls: string[] = [];
    const lookup = async (host: string): Promise<ResolvedAddress[]> => {
      calls.push(host);
      return (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    };
    return { lookup, calls };
  };

  it('returns every address of a host that resolves only to public addresses', async () => {
    const { lookup } = resolver({ 'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] });
    await expect(vetTarget(new URL('https://hooks.example.com/x'), strict, lookup)).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    ]);
  });

  it('refuses when ANY resolved address is not public (a name pointing inside, or a mixed answer)', async () => {
    const { lookup } = resolver({
      'evil.example.com': ['93.184.216.34', '10.0.0.5'],
      'meta.example.com': ['169.254.169.254'],
      'v6.example.com': ['::ffff:127.0.0.1'],
    });
    await expect(vetTarget(new URL('https://evil.example.com/x'), strict, lookup)).rejects.toThrow(TargetRefusedError);
    await expect(vetTarget(new URL('https://evil.example.com/x'), strict, lookup)).rejects.toThrow(/no pública \(10\.0\.0\.5\)/);
    await expect(vetTarget(new URL('https://meta.example.com/x'), strict, lookup)).rejects.toThrow(TargetRefusedError);
    await expect(vetTarget(new URL('https://v6.example.com/x'), strict, lookup)).rejects.toThrow(TargetRefusedError);
  });

  it('refuses a URL the policy refuses without resolving it, and does not resolve IP literals', async () => {
    const { lookup, calls } = resolver({});
    await expect(vetTarget(new URL('http://hooks.example.com/x'), strict, lookup)).rejects.toThrow(TargetRefusedError);
    await expect(vetTarget(new URL('https://127.0.0.1/x'), strict, lookup)).rejects.toThrow(TargetRefusedError);
    await expect(vetTarget(new URL('https://8.8.8.8/x'), strict, lookup)).resolves.toEqual([{ address: '8.8.8.8', family: 4 }]);
    expect(calls).toEqual([]);
  });

  it('fails (retryably, not as a refusal) when the name does not resolve', async () => {
    const { lookup } = resolver({});
    const err = await vetTarget(new URL('https://nowhere.example.com/x'), strict, lookup).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TargetRefusedError);
  });

  it('lets private addresses through only when allowed', async () => {
    const { lookup } = resolver({ 'receiver.test': ['127.0.0.1'] });
    await expect(vetTarget(new URL('http://receiver.test/x'), relaxed, lookup)).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
