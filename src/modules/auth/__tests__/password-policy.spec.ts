import { passwordProblems } from '../password-policy';

describe('passwordProblems', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblems('una frase larga y fácil', 'ana@mineco.gob.gt')).toEqual([]);
  });
  it('counts characters, not bytes', () => {
    expect(passwordProblems('ñandú-ñandú', 'x@y.gt')).toContain('debe tener al menos 12 caracteres');
  });
  it('refuses too few distinct characters', () => {
    expect(passwordProblems('abababababababab', 'x@y.gt')).toEqual(['debe combinar más caracteres distintos']);
  });
  it('refuses a password containing the mailbox name', () => {
    expect(passwordProblems('jose.castillo-2026', 'jose.castillo@mineco.gob.gt')).toEqual(['no debe contener su correo electrónico']);
  });
});
