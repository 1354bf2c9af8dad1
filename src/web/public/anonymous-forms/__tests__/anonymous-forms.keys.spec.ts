import { keyedHash } from '../../../../common/crypto/keyed-hash';
import { issueFormToken, parseCookies, sameOrigin, signValue, unsignValue, verifyFormToken } from '../anonymous-forms.keys';

const KEY = 'k'.repeat(32);
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const DAY = 86_400_000;

describe('anonymous forms: form token', () => {
  it('accepts a token for the same form and subject within its age', () => {
    const t = issueFormToken(KEY, 'rating', 'p1', NOW);
    expect(verifyFormToken(KEY, t, 'rating', 'p1', NOW + DAY, 7 * DAY)).toBe('ok');
  });
  it('refuses another subject, another form, another key, a tampered or missing token', () => {
    const t = issueFormToken(KEY, 'rating', 'p1', NOW);
    expect(verifyFormToken(KEY, t, 'rating', 'p2', NOW, DAY)).toBe('invalid');
    expect(verifyFormToken(KEY, t, 'report', 'p1', NOW, DAY)).toBe('invalid');
    expect(verifyFormToken('x'.repeat(32), t, 'rating', 'p1', NOW, DAY)).toBe('invalid');
    const [issued, sig] = t.split('.');
    expect(verifyFormToken(KEY, `${(parseInt(issued, 36) + 1).toString(36)}.${sig}`, 'rating', 'p1', NOW, DAY)).toBe('invalid');
    expect(verifyFormToken(KEY, undefined, 'rating', 'p1', NOW, DAY)).toBe('invalid');
    expect(verifyFormToken(KEY, ['a'], 'rating', 'p1', NOW, DAY)).toBe('invalid');
  });
  it('says expired past its age, and refuses a token issued in the future', () => {
    const t = issueFormToken(KEY, 'rating', 'p1', NOW);
    expect(verifyFormToken(KEY, t, 'rating', 'p1', NOW + 8 * DAY, 7 * DAY)).toBe('expired');
    expect(verifyFormToken(KEY, t, 'rating', 'p1', NOW - DAY, 7 * DAY)).toBe('invalid');
  });
});

describe('anonymous forms: signed values and cookies', () => {
  it('round-trips a signed value and refuses a forged one or one signed for another cookie name', () => {
    const s = signValue(KEY, 'sf_a', '2026-11-30');
    expect(unsignValue(KEY, 'sf_a', s)).toBe('2026-11-30');
    expect(unsignValue(KEY, 'sf_b', s)).toBeNull();
    expect(unsignValue(KEY, 'sf_a', s.replace('2026', '2027'))).toBeNull();
    expect(unsignValue(KEY, 'sf_a', undefined)).toBeNull();
    expect(unsignValue(KEY, 'sf_a', 'nodot')).toBeNull();
  });
  it('parses a Cookie header (first value wins, quoted and encoded values)', () => {
    expect(parseCookies('a=1; b="x%20y"; a=2; bad; =z')).toEqual({ a: '1', b: 'x y' });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies('c=%E0%A4%A')).toEqual({ c: '%E0%A4%A' });
  });
});

describe('anonymous forms: same origin and keyed hash', () => {
  const allowed = ['https://simplifica.gob.gt'];
  it('takes Origin first, the Referer only without Origin, and refuses neither', () => {
    expect(sameOrigin('https://simplifica.gob.gt', undefined, allowed)).toBe(true);
    expect(sameOrigin('https://evil.example', 'https://simplifica.gob.gt/x', allowed)).toBe(false);
    expect(sameOrigin(undefined, 'https://simplifica.gob.gt/transparencia/x', allowed)).toBe(true);
    expect(sameOrigin('null', 'https://simplifica.gob.gt/x', allowed)).toBe(true);
    expect(sameOrigin(undefined, undefined, allowed)).toBe(false);
    expect(sameOrigin('https://simplifica.gob.gt.evil.example', undefined, allowed)).toBe(false);
    expect(sameOrigin('javascript:alert(1)', undefined, allowed)).toBe(false);
  });
  it('gives a stable hash that does not contain the input and changes with the key', () => {
    const h = keyedHash(KEY, 'net', '2026-11-30', '203.0.113.7');
    expect(h).toBe(keyedHash(KEY, 'net', '2026-11-30', '203.0.113.7'));
    expect(h).not.toContain('203.0.113.7');
    expect(h).not.toBe(keyedHash('y'.repeat(32), 'net', '2026-11-30', '203.0.113.7'));
    expect(h).not.toBe(keyedHash(KEY, 'net', '2026-12-01', '203.0.113.7'));
  });
});
