import { addDays, daysPhrase, formatDateEs } from '../reminder-format';
import { UnsubscribeTokens } from '../unsubscribe-token';

describe('reminder formatting', () => {
  it('writes calendar dates in Spanish', () => {
    expect(formatDateEs('2026-03-15')).toBe('15 de marzo de 2026');
    expect(formatDateEs('2027-01-01')).toBe('1 de enero de 2027');
    expect(() => formatDateEs('15/03/2026')).toThrow(RangeError);
  });

  it('moves calendar dates by days across months and years, and says day counts for people', () => {
    expect(addDays('2026-03-14', 7)).toBe('2026-03-21');
    expect(addDays('2027-03-01', -60)).toBe('2026-12-31');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysPhrase(30)).toBe('Faltan 30 días');
    expect(daysPhrase(1)).toBe('Vence mañana (falta 1 día)');
    expect(daysPhrase(0)).toBe('Vence hoy');
    expect(daysPhrase(-1)).toBe('Venció hace 1 día');
    expect(daysPhrase(-14)).toBe('Venció hace 14 días');
  });
});

describe('unsubscribe tokens', () => {
  const tokens = new UnsubscribeTokens('a-secret-of-at-least-32-characters-0123');
  const userId = '6f1c2f7e-3f1e-4c55-9a55-0c3f9a1b2c3d';

  it('round-trips a signed claim', () => {
    expect(tokens.verify(tokens.sign({ userId, kind: 'milestone_due' }))).toEqual({ userId, kind: 'milestone_due' });
  });

  it('refuses tampered, foreign or malformed tokens', () => {
    const token = tokens.sign({ userId, kind: 'milestone_due' });
    const [body, sig] = token.split('.');
    const otherBody = Buffer.from(`${userId}:*`).toString('base64url');
    expect(tokens.verify(`${otherBody}.${sig}`)).toBeNull();
    expect(tokens.verify(`${body}.${sig.slice(0, -2)}AA`)).toBeNull();
    expect(new UnsubscribeTokens('another-secret-of-at-least-32-characters').verify(token)).toBeNull();
    expect(tokens.verify('garbage')).toBeNull();
    expect(tokens.verify(`${body}.${sig}.x`)).toBeNull();
  });
});
