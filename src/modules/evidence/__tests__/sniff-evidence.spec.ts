import { attachmentDisposition, cleanFileName, sniffEvidence } from '../sniff-evidence';

/** A ZIP's first local file header naming `name` (stored, no data), enough for the sniffer. */
const zipEntry = (name: string, data = ''): Buffer => {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt32LE(Buffer.byteLength(data), 18);
  header.writeUInt32LE(Buffer.byteLength(data), 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(data, 'latin1')]);
};
const typeOf = (buf: Buffer) => {
  const r = sniffEvidence(buf);
  return 'kind' in r ? r.kind.contentType : `refused: ${r.refused}`;
};

describe('sniffEvidence (the type comes from the bytes, never from the client)', () => {
  it('recognises PDF, images and office documents', () => {
    expect(typeOf(Buffer.from('%PDF-1.7\n…'))).toBe('application/pdf');
    expect(typeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(typeOf(Buffer.from('GIF89a…'))).toBe('image/gif');
    expect(typeOf(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(typeOf(Buffer.concat([zipEntry('[Content_Types].xml', '<x/>'), zipEntry('word/document.xml')]))).toMatch(/wordprocessingml/);
    expect(typeOf(Buffer.concat([zipEntry('[Content_Types].xml', '<x/>'), zipEntry('_rels/.rels'), zipEntry('xl/workbook.xml')]))).toMatch(
      /spreadsheetml/,
    );
    expect(typeOf(Buffer.concat([zipEntry('mimetype', 'application/vnd.oasis.opendocument.text'), zipEntry('content.xml')]))).toBe(
      'application/vnd.oasis.opendocument.text',
    );
    expect(typeOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('application/x-ole-storage');
  });

  it('refuses anything else with a Spanish message: HTML, scripts, executables, other ZIPs, empty files', () => {
    expect(typeOf(Buffer.from('<html><script>alert(1)</script></html>'))).toMatch(/^refused: El tipo de archivo no se admite/);
    expect(typeOf(Buffer.from('MZ\x90\x00'))).toMatch(/^refused/);
    expect(typeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatch(/^refused/);
    expect(typeOf(zipEntry('payload.exe', 'MZ'))).toMatch(/^refused: El archivo es un ZIP/);
    expect(typeOf(Buffer.alloc(0))).toBe('refused: El archivo está vacío.');
  });

  it('cleans the file name and gives it the extension of what it really is', () => {
    const pdf = { contentType: 'application/pdf', description: 'documento PDF', extension: 'pdf' };
    expect(cleanFileName('C:\\fakepath\\acta de sesión.pdf', pdf)).toBe('acta de sesión.pdf');
    expect(cleanFileName('../../etc/passwd', pdf)).toBe('passwd.pdf');
    expect(cleanFileName('factura.exe', pdf)).toBe('factura.exe.pdf');
    expect(cleanFileName('  ', pdf)).toBe('evidencia.pdf');
    expect(cleanFileName('a"\r\nb.pdf', pdf)).toBe('ab.pdf');
  });

  it('sends the name as an attachment with an ASCII fallback', () => {
    expect(attachmentDisposition('acta de sesión.pdf')).toBe(
      `attachment; filename="acta_de_sesion.pdf"; filename*=UTF-8''acta%20de%20sesi%C3%B3n.pdf`,
    );
  });
});
