import { etagOf, isNotModified, newestRowTime } from '../public-validators';
import { exportValidators } from '../public-export-access.middleware';
import { isOlderVersion, versionOfTheDay } from '../public-cache-version';

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

describe('the public data version of the day', () => {
  const stored = { version: '1790000000000', modifiedAt: new Date('2026-11-29T20:00:00Z') };
  it('changes with the stored counter and with the day in Guatemala (UTC−6), not within a day', () => {
    const morning = versionOfTheDay(stored, new Date('2026-11-30T12:00:00Z'));
    const evening = versionOfTheDay(stored, new Date('2026-12-01T05:59:00Z'));
    const nextDay = versionOfTheDay(stored, new Date('2026-12-01T06:00:00Z'));
    expect(evening.version).toBe(morning.version);
    expect(nextDay.version).not.toBe(morning.version);
    expect(versionOfTheDay({ ...stored, version: '1790000000001' }, new Date('2026-11-30T12:00:00Z')).version).not.toBe(morning.version);
    // Last-Modified: the start of the day in Guatemala when the data is older, so If-Modified-Since sees the day change.
    expect(morning.modifiedAt.toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(versionOfTheDay(stored, new Date('2026-11-29T21:00:00Z')).modifiedAt).toEqual(stored.modifiedAt);
  });

  it('orders versions by counter, then by day (a slow request of an older version never overwrites a newer one)', () => {
    const at = (v: string, iso: string) => versionOfTheDay({ ...stored, version: v }, new Date(iso)).version;
    expect(isOlderVersion(at('9', '2026-11-30T12:00:00Z'), at('10', '2026-11-30T12:00:00Z'))).toBe(true);
    expect(isOlderVersion(at('10', '2026-11-30T12:00:00Z'), at('9', '2026-12-02T12:00:00Z'))).toBe(false);
    expect(isOlderVersion(at('10', '2026-11-30T12:00:00Z'), at('10', '2026-12-01T12:00:00Z'))).toBe(true);
    expect(isOlderVersion(at('10', '2026-12-01T12:00:00Z'), at('10', '2026-12-01T12:00:00Z'))).toBe(false);
    expect(isOlderVersion('10', '10-2026-11-30')).toBe(true);
  });
});

describe('exportValidators', () => {
  const data = versionOfTheDay({ version: '1790000000000', modifiedAt: new Date('2026-11-29T20:00:00Z') });
  it("come from the data version alone: one tag per file and version, Last-Modified the version's", () => {
    const catalog = exportValidators('/api/public/v1/export/catalog.jsonld', data);
    expect(exportValidators('/api/public/v1/export/catalog.jsonld', data).etag).toBe(catalog.etag);
    expect(exportValidators('/api/public/v1/export/procedures.csv', data).etag).not.toBe(catalog.etag);
    expect(exportValidators('/api/public/v1/export/catalog.jsonld', { ...data, version: `${data.version}x` }).etag).not.toBe(catalog.etag);
    expect(catalog.lastModified).toEqual(data.modifiedAt);
  });
});
