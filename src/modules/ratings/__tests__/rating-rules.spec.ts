import { burstVerdict } from '../rating-rules';

describe('burstVerdict', () => {
  it('does not hold ratings below the minimum count of the window', () => {
    expect(burstVerdict([5, 5, 5], 5).held).toBe(false);
  });
  it('holds the fifth extreme mark when 80 % or more of the window give it', () => {
    const v = burstVerdict([5, 5, 5, 5], 5);
    expect(v.held).toBe(true);
    expect(v.reason).toBe('Ráfaga: 5 valoraciones en 60 minutos, 5 con 5 de 5 en la valoración general');
    expect(burstVerdict([1, 1, 1, 4, 1], 1).held).toBe(true); // 5 of 6 = 83 %
  });
  it('counts a mixed window, and a middle mark even inside a burst', () => {
    expect(burstVerdict([5, 5, 3, 4], 5).held).toBe(false); // 3 of 5 = 60 %
    expect(burstVerdict([5, 5, 5, 5, 5], 3).held).toBe(false);
    expect(burstVerdict([1, 1, 1, 1], 5).held).toBe(false);
  });
});
