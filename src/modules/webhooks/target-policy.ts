import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may point: public HTTPS only (SSRF defence). Pure functions, used when a subscription is created
 * and again before every delivery, against each address the host resolves to.
 */

/** IPv4 ranges that are not globally reachable unicast (RFC 6890 special-purpose registry and friends). */
const IPV4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT (shared address space)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];

/** IPv6 ranges that are not globally reachable unicast. IPv4-mapped/-compatible and NAT64 addresses are checked by their IPv4 part. */
const IPV6_BLOCKED: Array<[string, number]> = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::ffff:0:0:0', 96], // IPv4-translated (RFC 2765 SIIT): never routable on the Internet, and a way to name an IPv4 target
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, …)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (tunnels to an arbitrary IPv4 address)
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // segment routing SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

const ipv4Blocked = new BlockList();
for (const [net, prefix] of IPV4_BLOCKED) ipv4Blocked.addSubnet(net, prefix, 'ipv4');
const ipv6Blocked = new BlockList();
for (const [net, prefix] of IPV6_BLOCKED) ipv6Blocked.addSubnet(net, prefix, 'ipv6');

/** The 8 groups of an IPv6 address as numbers (handles "::" and a dotted IPv4 tail). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === null ? [] : new Array(8 - h.length - t.length).fill('0');
  return [...h, ...zeros, ...t].map((g) => parseInt(g, 16));
}

/** The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96, 64:ff9b:1::/48). */
function embeddedIpv4(groups: number[]): string | null {
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zero(0, 5) && groups[5] === 0xffff) return v4(groups[6], groups[7]);
  if (zero(0, 6) && (groups[6] !== 0 || groups[7] > 1)) return v4(groups[6], groups[7]);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6], groups[7]);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups[2] === 1) return v4(groups[6], groups[7]);
  return null;
}

/** True only for a globally routable unicast IP address; anything unparsable is not public. */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets of a URL host, IPv6 zone id
  const family = isIP(bare);
  if (family === 4) return !ipv4Blocked.check(bare, 'ipv4');
  if (family !== 6) return false;
  const groups = ipv6Groups(bare);
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g))) return false;
  const v4 = embeddedIpv4(groups);
  if (v4 !== null) return !ipv4Blocked.check(v4, 'ipv4');
  return !ipv6Blocked.check(bare, 'ipv6');
}

/** Host names that never leave the machine or the private network, whatever DNS says. */
export function isInternalHostname(host: string): boolean {
  const h = host.toLowerCase().replace(/\.+$/, '');
  if (h === '' || h === 'localhost' || h === 'localhost.localdomain') return true;
  return ['.localhost', '.internal', '.local', '.home.arpa', '.localdomain'].some((suffix) => h.endsWith(suffix)) || !h.includes('.');
}

export interface TargetPolicy {
  /** Development and tests only (refused in production): allow http and private/loopback targets, on any port. */
  allowPrivateTargets: boolean;
  /** TCP ports a target may use (WEBHOOK_ALLOWED_PORTS, default 443): no webhook reaches SSH, Redis, SMTP or an admin port. */
  allowedPorts: readonly number[];
}

/**
 * Why a webhook URL is refused (a Spanish sentence for the partner), or null when it is acceptable.
 * Checks the scheme, credentials, and a literal or reserved host; names resolved by DNS are checked at delivery.
 */
export function webhookUrlProblem(raw: string, policy: TargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'La URL del webhook no es válida.';
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivateTargets && url.protocol === 'http:')) {
    return 'La URL del webhook debe usar https://.';
  }
  if (url.username || url.password)
    return 'La URL del webhook no puede llevar usuario ni contraseña; autentique las entregas con la firma.';
  if (policy.allowPrivateTargets) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && !isPublicAddress(host))
    return `La URL del webhook apunta a una dirección no pública (${host}); use una dirección accesible desde Internet.`;
  if (!isIP(host) && isInternalHostname(host))
    return `La URL del webhook apunta a un nombre interno (${host}); use un nombre de dominio público.`;
  const port = Number(url.port || 443);
  if (!policy.allowedPorts.includes(port)) {
    return `La URL del webhook usa el puerto ${port}; solo se admiten los puertos ${policy.allowedPorts.join(', ')}.`;
  }
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Refusal of a delivery target: permanent, never retried. */
export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

/**
 * The addresses a delivery may connect to: the URL must pass `webhookUrlProblem`, and EVERY address the host
 * resolves to must be public (one private answer is enough to refuse: DNS may hand out either). The caller connects
 * to these addresses only, so a second resolution (DNS rebinding) cannot switch the target.
 */
export async function vetTarget(
  url: URL,
  policy: TargetPolicy,
  lookupAll: (host: string) => Promise<ResolvedAddress[]>,
): Promise<ResolvedAddress[]> {
  const problem = webhookUrlProblem(url.href, policy);
  if (problem) throw new TargetRefusedError(problem);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await lookupAll(host);
  if (!addresses.length) throw new Error(`No se pudo resolver ${host}`);
  if (!policy.allowPrivateTargets) {
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) throw new TargetRefusedError(`${host} resuelve a una dirección no pública (${refused.address}); la entrega se rechazó.`);
  }
  return addresses;
}
