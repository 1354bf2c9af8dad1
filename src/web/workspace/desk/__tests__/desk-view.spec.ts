import { pager, queryLink } from '../desk.queries';
import { signed } from '../board.controller';
import { ageText } from '../overdue.controller';
import { BOARD_SORTS, isBoardSort, OVERDUE_KINDS } from '../../../../modules/commission-desk/desk-rules';
import { entries } from '../../../../common/glossary/glossary';

describe('the desk pages’ pure helpers', () => {
  it('writes a trend with its sign, and unknown as «sin dato», never as zero', () => {
    expect(signed(10)).toBe('+10.0');
    expect(signed(-5.25)).toBe('−5.3');
    expect(signed(0)).toBe('0.0');
    expect(signed(null)).toBe('sin dato');
  });

  it('writes ages in days in Spanish', () => {
    expect(ageText(0)).toBe('hoy');
    expect(ageText(1)).toBe('1 día');
    expect(ageText(1234)).toBe('1,234 días');
  });

  it('keeps only the filters that are set in links', () => {
    expect(queryLink('/app/tablero', { type: 'ministry', sector: '', followed: false, attention: true, page: undefined })).toBe(
      '/app/tablero?type=ministry&attention=true',
    );
    expect(queryLink('/app/atrasos', {})).toBe('/app/atrasos');
    expect(queryLink('/app/tablero', { sector: 'Salud y asistencia' })).toBe('/app/tablero?sector=Salud+y+asistencia');
  });

  it('pages: no previous on the first page, no next on the last, a page past the end leads back', () => {
    const link = (p: number) => `?page=${p}`;
    expect(pager(91, 1, 50, link)).toEqual({ page: 1, pages: 2, previous: null, next: '?page=2' });
    expect(pager(91, 2, 50, link)).toEqual({ page: 2, pages: 2, previous: '?page=1', next: null });
    expect(pager(0, 1, 50, link)).toEqual({ page: 1, pages: 1, previous: null, next: null });
    expect(pager(10, 7, 50, link).previous).toBe('?page=1');
  });

  it('knows its sorts, and every kind of «behind» has a Spanish label', () => {
    expect(BOARD_SORTS.every((s) => isBoardSort(s.value))).toBe(true);
    expect(isBoardSort('score; DROP TABLE institutions')).toBe(false);
    expect(entries('overdueKind').map((e) => e.code)).toEqual([...OVERDUE_KINDS]);
  });
});
