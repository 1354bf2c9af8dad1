import { redactPersonalData } from '../redact-personal-data';

const r = (s: string) => redactPersonalData(s).text;

describe('redactPersonalData', () => {
  it('replaces e-mail addresses', () => {
    expect(r('Escríbanme a maria.lopez+tramite@correo.com.gt por favor')).toBe('Escríbanme a [correo eliminado] por favor');
  });

  it('replaces a DPI/CUI written together, in 4-5-4 groups, or labelled', () => {
    expect(r('Mi DPI 2456789010101 no aparece')).toBe('Mi DPI [DPI eliminado] no aparece');
    expect(r('CUI 2456 78901 0101.')).toBe('CUI [DPI eliminado].');
    expect(r('cui: 2456-78901-0101')).toBe('cui: [DPI eliminado]');
  });

  it('replaces a NIT with its check digit, labelled or not', () => {
    expect(r('Mi NIT es 1234567-8')).toBe('Mi NIT es [NIT eliminado]');
    expect(r('NIT: 987654-K gracias')).toBe('NIT: [NIT eliminado] gracias');
    expect(r('nit 12345678 y nada más')).toBe('nit [NIT eliminado] y nada más');
    expect(r('con el 765432-1 de la empresa')).toBe('con el [NIT eliminado] de la empresa');
  });

  it('replaces Guatemalan phone numbers with or without +502', () => {
    expect(r('Llamen al 5555-1234 o al +502 2222 3333.')).toBe('Llamen al [teléfono eliminado] o al [teléfono eliminado].');
    expect(r('(502) 44445555')).toBe('[teléfono eliminado]');
  });

  it('replaces any other long run of digits', () => {
    expect(r('expediente 1234 5678 9012')).toBe('expediente [número eliminado]');
  });

  it('keeps ordinary text, amounts, dates and short numbers', () => {
    const text = 'Pagué Q 1,500.00 el 12/05/2025 y tardaron 30 días; la ventanilla 3 atiende de 8 a 16 h. Excelente trato.';
    expect(redactPersonalData(text)).toEqual({ text, redactions: 0 });
  });

  it('counts the replacements', () => {
    expect(redactPersonalData('a@b.co, 5555-1234 y DPI 2456789010101').redactions).toBe(3);
  });
});
