import { timingSafeEqual } from 'node:crypto';
import { keyedHash } from '../../../common/crypto/keyed-hash';

/**
 * The pure parts of the anonymous forms' protections (ADR 0011): keyed hashes, the signed per-form token, signed
 * values for cookies, and the same-origin check. No Nest, no I/O: unit tested in __tests__.
 */

const equal = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * A token for one form about one subject, issued at `nowMs`: `<issued at, base 36>.<HMAC(form|subject|issued at)>`.
 * It holds nothing about the visitor, so the page that carries it can be cached and compressed once for everyone.
 */
export function issueFormToken(key: string | Buffer, form: string, subject: string, nowMs: number): string {
  const issued = Math.floor(nowMs / 1000).toString(36);
  return `${issued}.${keyedHash(key, 'form', form, subject, issued).slice(0, 32)}`;
}

export type FormTokenCheck = 'ok' | 'invalid' | 'expired';

/** Whether `token` was issued by this server for this form and subject, and not longer than `maxAgeMs` ago. */
export function verifyFormToken(
  key: string | Buffer,
  token: unknown,
  form: string,
  subject: string,
  nowMs: number,
  maxAgeMs: number,
): FormTokenCheck {
  if (typeof token !== 'string' || token.length > 64) return 'invalid';
  const m = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!m) return 'invalid';
  if (!equal(m[2], keyedHash(key, 'form', form, subject, m[1]).slice(0, 32))) return 'invalid';
  const issuedMs = parseInt(m[1], 36) * 1000;
  // a token from the future (clock skew between replicas aside) is not one we issued
  if (issuedMs > nowMs + 5 * 60_000) return 'invalid';
  return nowMs - issuedMs > maxAgeMs ? 'expired' : 'ok';
}

/** `value.signature`, for a cookie the browser keeps but must not be able to forge. */
export function signValue(key: string | Buffer, name: string, value: string): string {
  return `${value}.${keyedHash(key, 'cookie', name, value).slice(0, 32)}`;
}

/** The value of a signed cookie, or null when missing, malformed or forged. */
export function unsignValue(key: string | Buffer, name: string, signed: string | undefined): string | null {
  if (!signed) return null;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return null;
  const value = signed.slice(0, dot);
  return equal(signed.slice(dot + 1), keyedHash(key, 'cookie', name, value).slice(0, 32)) ? value : null;
}

/** The request's cookies (RFC 6265 pairs; a malformed percent-encoding keeps the raw value). */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = pair.slice(0, eq).trim();
    if (!name) continue;
    let value = pair.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      /* keep raw */
    }
    if (!(name in out)) out[name] = value;
  }
  return out;
}

/** The origin (scheme://host[:port]) of a URL, or null when it is not an absolute http(s) URL. */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The same-origin check of a state-changing request (OWASP "verifying origin with standard headers"): the Origin
 * header, or the Referer's origin when a browser sent no Origin, must be one of `allowed`. Neither header: refused
 * (every browser in use sends Origin on a cross-site form POST, so its absence is a script, not a person).
 */
export function sameOrigin(origin: string | undefined, referer: string | undefined, allowed: readonly string[]): boolean {
  const from = origin && origin !== 'null' ? originOf(origin) : originOf(referer);
  return from !== null && allowed.includes(from);
}
