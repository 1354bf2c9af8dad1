import type { Request } from 'express';
import Redis from 'ioredis';
import { REDIS } from '../../src/redis/redis-token';
import { FORM_TOKEN_FIELD, HONEYPOT_FIELD, AnonymousForms } from '../../src/web/public/anonymous-forms/anonymous-forms.service';
import { createTestApp, TestApp } from '../helpers/test-app';

/** A request as express presents it to a handler, with only what the protections read. */
const fakeRequest = (o: { ip: string; origin?: string; referer?: string; body?: Record<string, unknown>; cookie?: string }): Request => {
  const headers: Record<string, string | undefined> = { host: 'simplifica.test', origin: o.origin, referer: o.referer, cookie: o.cookie };
  return {
    ip: o.ip,
    protocol: 'http',
    secure: false,
    body: o.body ?? {},
    headers,
    socket: {},
    get: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
};

describe('Anonymous public forms: shared protections (ADR 0011)', () => {
  let t: TestApp;
  let forms: AnonymousForms;
  let redis: Redis;
  const subject = `s-${Date.now()}`;

  beforeAll(async () => {
    t = await createTestApp();
    forms = t.app.get(AnonymousForms);
    redis = t.app.get(REDIS);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('accepts a same-origin post with its token and an empty honeypot; refuses other origins, tokens and a filled honeypot', () => {
    const { token } = forms.protection('test', subject);
    const body = { [FORM_TOKEN_FIELD]: token, [HONEYPOT_FIELD]: '' };
    const ok = (r: Request) => forms.verify(r, 'test', subject);
    expect(ok(fakeRequest({ ip: '198.51.100.1', origin: 'http://simplifica.test', body }))).toEqual({ ok: true });
    expect(ok(fakeRequest({ ip: '198.51.100.1', referer: 'http://simplifica.test/transparencia', body }))).toEqual({ ok: true });
    expect(ok(fakeRequest({ ip: '198.51.100.1', origin: 'https://otro.example', body }))).toEqual({ ok: false, reason: 'origin' });
    expect(ok(fakeRequest({ ip: '198.51.100.1', body }))).toEqual({ ok: false, reason: 'origin' });
    expect(forms.verify(fakeRequest({ ip: '198.51.100.1', origin: 'http://simplifica.test', body }), 'test', 'otro')).toEqual({
      ok: false,
      reason: 'token',
    });
    expect(
      ok(fakeRequest({ ip: '198.51.100.1', origin: 'http://simplifica.test', body: { ...body, [HONEYPOT_FIELD]: 'http://spam' } })),
    ).toEqual({ ok: false, reason: 'honeypot' });
    const old = forms.protection('test', subject, Date.now() - 8 * 86_400_000).token;
    expect(ok(fakeRequest({ ip: '198.51.100.1', origin: 'http://simplifica.test', body: { ...body, [FORM_TOKEN_FIELD]: old } }))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('limits per network and per subject in Redis, keyed by a hash that never contains the address', async () => {
    const limits = { perNetwork: { max: 2, windowMs: 60_000 }, perSubject: { max: 3, windowMs: 60_000 } };
    const a = fakeRequest({ ip: '198.51.100.23' });
    const b = fakeRequest({ ip: '198.51.100.24' });
    expect(await forms.limit(a, 'test', subject, limits)).toEqual({ ok: true });
    expect(await forms.limit(a, 'test', subject, limits)).toEqual({ ok: true });
    expect(await forms.limit(a, 'test', subject, limits)).toMatchObject({ ok: false, which: 'network' });
    expect(await forms.limit(b, 'test', subject, limits)).toMatchObject({ ok: false, which: 'subject' });
    expect(forms.networkKey(a)).not.toBe(forms.networkKey(b));
    const keys = await redis.keys('*');
    expect(keys.filter((k) => k.includes(forms.networkKey(a))).length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes('198.51.100.23'))).toBe(false);
  });

  it('claims once per network until released', async () => {
    const a = fakeRequest({ ip: '198.51.100.30' });
    expect(await forms.claimOnce(a, 'test', subject, 60_000)).toBe(true);
    expect(await forms.claimOnce(a, 'test', subject, 60_000)).toBe(false);
    expect(await forms.claimOnce(fakeRequest({ ip: '198.51.100.31' }), 'test', subject, 60_000)).toBe(true);
    await forms.releaseOnce(a, 'test', subject);
    expect(await forms.claimOnce(a, 'test', subject, 60_000)).toBe(true);
  });

  it('reads back a signed cookie it set, and nothing forged', () => {
    const set: string[] = [];
    const res = { cookie: (name: string, value: string) => set.push(`${name}=${value}`) } as never;
    forms.setSignedCookie(fakeRequest({ ip: '198.51.100.1' }), res, 'sf_prueba', '2026-11-30', { maxAgeMs: 1000, path: '/' });
    expect(forms.readSignedCookie(fakeRequest({ ip: '198.51.100.1', cookie: set[0] }), 'sf_prueba')).toBe('2026-11-30');
    expect(forms.readSignedCookie(fakeRequest({ ip: '198.51.100.1', cookie: 'sf_prueba=2026-11-30.abc' }), 'sf_prueba')).toBeNull();
  });
});
