import { etagOf, isNotModified, newestRowTime } from '../public-validators';

describe('public validators', () => {
  it('the ETag is a digest of the representation: equal bodies, equal tags; any difference, another tag', () => {
    expect(etagOf('{"a":1}')).toBe(etagOf(Buffer.from('{"a":1}')));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
    expect(etagOf('{"a":1}')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
  });

  it('Last-Modified comes from the newest row time the body carries, at any depth, ignoring other dates', () => {
    expect(
      newestRowTime({ items: [{ updatedAt: '2026-01-02T00:00:00.000Z' }, { updatedAt: '2026-03-01T00:00:00.000Z' }], asOf: '2027-01-01' }),
    ).toBe(Date.parse('2026-03-01T00:00:00.000Z'));
    expect(newestRowTime({ lastUpdate: '2026-05-05T10:00:00.000Z', trend: [{ date: '2026-06-01' }] })).toBe(
      Date.parse('2026-05-05T10:00:00.000Z'),
    );
    expect(newestRowTime({ name: 'sin fechas' })).toBeNull();
    expect(newestRowTime(null)).toBeNull();
  });

  it('If-None-Match wins over If-Modified-Since; weak and listed tags match; second precision for dates', () => {
    const v = { etag: '"abc"', lastModified: new Date('2026-11-30T10:00:00.900Z') };
    expect(isNotModified({ 'if-none-match': '"x", W/"abc"' }, v)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"x"', 'if-modified-since': 'Mon, 30 Nov 2026 11:00:00 GMT' }, v)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'Mon, 30 Nov 2026 10:00:00 GMT' }, v)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Mon, 30 Nov 2026 09:59:59 GMT' }, v)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'ayer' }, v)).toBe(false);
    expect(isNotModified({}, v)).toBe(false);
  });
});
