import { normaliseText, stripAccents } from '../normalise';

describe('stripAccents', () => {
  it('drops the accents of Spanish letters and keeps the case', () => {
    expect(stripAccents('Trámite ÚNICO de Ñandú, pingüino')).toBe('Tramite UNICO de Nandu, pinguino');
  });

  it('drops combining marks already decomposed', () => {
    expect(stripAccents('Constancia emitida por la Municipalidad de Mixco e\u0301')).toBe(
      'Constancia emitida por la Municipalidad de Mixco e',
    );
  });

  it('gives plain ASCII back as it is, and reads a letter outside ASCII anywhere in the text', () => {
    const ascii = 'Certificado de nacimiento (RENAP) - 2026';
    expect(stripAccents(ascii)).toBe(ascii);
    expect(stripAccents(`${'x'.repeat(200)}é`)).toBe(`${'x'.repeat(200)}e`);
  });
});

describe('normaliseText', () => {
  it('lower case, no accents, spaces collapsed and trimmed', () => {
    expect(normaliseText('  Declaración   JURADA\tde  domicilio ')).toBe('declaracion jurada de domicilio');
  });
});
