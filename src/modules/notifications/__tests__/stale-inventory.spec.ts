import { staleInventoryWindow, staleProcedureCondition, staleProcedureLines, staleSummary } from '../stale-inventory';

describe('stale inventory', () => {
  it('computes the window as of the first day of the month, the same for every day of the month', () => {
    expect(staleInventoryWindow('2026-11-23', 180)).toEqual({
      monthStart: '2026-11-01',
      stage: 'month-2026-11',
      reviewedBefore: '2026-05-05',
      days: 180,
    });
    expect(staleInventoryWindow('2026-11-01', 180)).toEqual(staleInventoryWindow('2026-11-30', 180));
    expect(staleInventoryWindow('2026-12-01', 180)).toMatchObject({
      monthStart: '2026-12-01',
      stage: 'month-2026-12',
      reviewedBefore: '2026-06-04',
    });
    // across a year boundary and a leap day
    expect(staleInventoryWindow('2028-03-15', 180).reviewedBefore).toBe('2027-09-03');
    expect(staleInventoryWindow('2027-01-09', 31)).toMatchObject({ monthStart: '2027-01-01', reviewedBefore: '2026-12-01' });
    expect(staleInventoryWindow('2026-11-23')).toMatchObject({ days: 180, reviewedBefore: '2026-05-05' });
  });

  it('refuses malformed input', () => {
    expect(() => staleInventoryWindow('23/11/2026', 180)).toThrow(RangeError);
    expect(() => staleInventoryWindow('2026-11-23', -1)).toThrow(RangeError);
    expect(() => staleInventoryWindow('2026-11-23', 1.5)).toThrow(RangeError);
  });

  it('writes the SQL condition on active procedures, never-reviewed ones by their registration date in Guatemala', () => {
    const sql = staleProcedureCondition('p', '$3::date');
    expect(sql).toContain(`p.status = 'active'`);
    expect(sql).toContain(`COALESCE(p.last_reviewed_at, (p.created_at AT TIME ZONE 'America/Guatemala')::date) < $3::date`);
  });

  it('says the last review in Spanish, or that there is none', () => {
    expect(
      staleProcedureLines([
        { code: 'A-1', name: 'Licencia', lastReviewedAt: '2025-03-01', registeredOn: '2024-01-10' },
        { code: 'A-2', name: 'Permiso', lastReviewedAt: null, registeredOn: '2024-01-10' },
      ]),
    ).toEqual([
      { code: 'A-1', name: 'Licencia', lastReviewed: 'última revisión el 1 de marzo de 2025' },
      { code: 'A-2', name: 'Permiso', lastReviewed: 'sin revisión registrada (inscrito el 10 de enero de 2024)' },
    ]);
    expect(staleSummary(1, 180)).toBe('1 trámite vigente lleva más de 180 días sin revisión');
    expect(staleSummary(3, 180)).toBe('3 trámites vigentes llevan más de 180 días sin revisión');
  });
});
