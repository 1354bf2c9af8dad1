import { csvField, csvLine, neutraliseFormula } from '../csv-field';

describe('csvField (RFC 4180 + OWASP formula neutralisation)', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tTab', "'\tTab"],
    ['\rRetorno', '"\'\rRetorno"'],
  ])('neutralises %j', (input, expected) => expect(csvField(input)).toBe(expected));

  it('leaves ordinary text, numbers, booleans, dates and empty values as they are', () => {
    expect(csvField('Licencia de exportación')).toBe('Licencia de exportación');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(150.5)).toBe('150.5');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(new Date('2026-01-02T03:04:05Z'))).toBe('2026-01-02T03:04:05.000Z');
    expect(csvField('2026-01-02')).toBe('2026-01-02');
  });

  it('neutralises a joined list that would start a formula, and writes whole records', () => {
    expect(csvField(['=1', 'x'])).toBe("'=1;x");
    expect(csvLine(['a', '=b', 3])).toBe("a,'=b,3\r\n");
    expect(neutraliseFormula('texto')).toBe('texto');
  });
});
