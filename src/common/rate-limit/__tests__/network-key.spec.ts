import { createHmac } from 'node:crypto';
import { keyedHash } from '../../crypto/keyed-hash';
import { AppConfig } from '../../../config/app-config';
import { dailyNetworkKey, NetworkKeys } from '../network-key';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const noon = Date.UTC(2026, 10, 30, 12, 0, 0);
const derivedSecret = () => createHmac('sha256', 'x'.repeat(40)).update('simplifica:anonymous-forms:network').digest();

describe('dailyNetworkKey / NetworkKeys', () => {
  it("is the anonymous forms' keyed hash of the address for the UTC day (their keys do not change)", () => {
    expect(dailyNetworkKey(secret, '203.0.113.7', noon)).toBe(keyedHash(secret, 'net', '2026-11-30', '203.0.113.7').slice(0, 32));
  });

  it('holds nothing of the address, is stable within the day and unrelated the next day', () => {
    const config = { auth: { jwtSecret: 'x'.repeat(40) } } as unknown as AppConfig;
    const keys = new NetworkKeys(config);
    const key = keys.of('203.0.113.7', noon);
    expect(key).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(key).not.toContain('203');
    expect(keys.of('203.0.113.7', noon + 3_600_000)).toBe(key);
    expect(keys.of('203.0.113.8', noon)).not.toBe(key);
    expect(keys.of('203.0.113.7', Date.UTC(2026, 10, 30, 23, 59, 59, 999))).toBe(key);
    expect(keys.of('203.0.113.7', Date.UTC(2026, 11, 1))).toBe(dailyNetworkKey(derivedSecret(), '203.0.113.7', Date.UTC(2026, 11, 1)));
    expect(keys.of('203.0.113.7', noon + 86_400_000)).not.toBe(key);
    expect(keys.of('203.0.113.7', noon)).toBe(key);
    expect(keys.of(undefined, noon)).toBe(keys.of('unknown', noon));
    expect(key).toBe(dailyNetworkKey(derivedSecret(), '203.0.113.7', noon));
  });
});
