import { articleOf, defaultArticle, institutionPhrase } from '../institution-name';

describe('institution names in sentences', () => {
  it('contracts "de el" and "a el"', () => {
    const mineco = { name: 'Ministerio de Economía', article: 'el' as const };
    expect(institutionPhrase(mineco, 'de')).toBe('del Ministerio de Economía');
    expect(institutionPhrase(mineco, 'a')).toBe('al Ministerio de Economía');
    expect(institutionPhrase(mineco)).toBe('el Ministerio de Economía');
    expect(institutionPhrase(mineco, '', true)).toBe('El Ministerio de Economía');
    expect(institutionPhrase(mineco, 'en')).toBe('en el Ministerio de Economía');
  });

  it('keeps feminine and plural articles, and a bare name when the institution takes none', () => {
    expect(institutionPhrase({ name: 'Municipalidad de Guatemala', article: 'la' }, 'de')).toBe('de la Municipalidad de Guatemala');
    expect(institutionPhrase({ name: 'Registros Públicos', article: 'los' }, 'a')).toBe('a los Registros Públicos');
    expect(institutionPhrase({ name: 'Guatemala Digital', article: null }, 'de')).toBe('de Guatemala Digital');
    expect(institutionPhrase({ name: 'Guatemala Digital', article: null })).toBe('Guatemala Digital');
    expect(institutionPhrase({ name: 'Guatemala Digital', article: null }, 'de', true)).toBe('De Guatemala Digital');
  });

  it('derives a default article from the first word, ignoring accents and case; unknown stays unknown', () => {
    expect(defaultArticle('Ministerio de Economía')).toBe('el');
    expect(defaultArticle('Secretaría de Bienestar Social de la Presidencia')).toBe('la');
    expect(defaultArticle('SECRETARIA NACIONAL')).toBe('la');
    expect(defaultArticle('Superintendencia de Administración Tributaria')).toBe('la');
    expect(defaultArticle('Municipalidad de Guatemala')).toBe('la');
    expect(defaultArticle('Comité Nacional de Alfabetización')).toBe('el');
    expect(defaultArticle('Registros de la Propiedad')).toBe('los');
    expect(defaultArticle('SAT')).toBeNull();
    expect(defaultArticle('  ')).toBeNull();
  });

  it('reads only a known article', () => {
    expect(articleOf('la')).toBe('la');
    expect(articleOf('lo')).toBeNull();
    expect(articleOf(null)).toBeNull();
  });
});
