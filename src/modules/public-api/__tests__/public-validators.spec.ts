import { etagOf, isNotModified, newestRowTime } from '../public-validators';
import { exportValidators } from '../public-export-access.middleware';

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

describe('exportValidators', () => {
  const data = { version: '1790000000000', modifiedAt: new Date('2026-11-29T20:00:00Z') };
  it('change with the data version and with the day in Guatemala, not within a day', () => {
    const morning = exportValidators('/api/public/v1/export/catalog.jsonld', data, new Date('2026-11-30T12:00:00Z'));
    const evening = exportValidators('/api/public/v1/export/catalog.jsonld', data, new Date('2026-12-01T05:59:00Z'));
    const nextDay = exportValidators('/api/public/v1/export/catalog.jsonld', data, new Date('2026-12-01T06:00:00Z'));
    expect(evening.etag).toBe(morning.etag);
    expect(nextDay.etag).not.toBe(morning.etag);
    expect(
      exportValidators('/api/public/v1/export/catalog.jsonld', { ...data, version: '1790000000001' }, new Date('2026-11-30T12:00:00Z'))
        .etag,
    ).not.toBe(morning.etag);
    expect(exportValidators('/api/public/v1/export/procedures.csv', data, new Date('2026-11-30T12:00:00Z')).etag).not.toBe(morning.etag);
    // Last-Modified: the start of the day in Guatemala when the data is older, so If-Modified-Since sees the day change.
    expect(morning.lastModified.toISOString()).toBe('2026-11-30T06:00:00.000Z');
    expect(exportValidators('/x', data, new Date('2026-11-29T21:00:00Z')).lastModified).toEqual(data.modifiedAt);
  });
});
