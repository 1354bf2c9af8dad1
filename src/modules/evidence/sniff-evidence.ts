/**
 * What an evidence file is, from its bytes alone (the client's type and extension are never trusted): PDF, PNG, JPEG,
 * GIF, WebP, Office Open XML (Word, Excel, PowerPoint), OpenDocument, or a legacy Office document (OLE2). Anything
 * else is refused with a Spanish message.
 */
export interface EvidenceKind {
  contentType: string;
  /** For people: "documento PDF", "imagen PNG"… */
  description: string;
  /** The extension the download gets when the file's name has none that fits. */
  extension: string;
}

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
export const MAX_EVIDENCE_LABEL = '10 MB';
export const EVIDENCE_ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt';
export const EVIDENCE_KINDS_TEXT = 'PDF, imagen (PNG, JPEG, GIF o WebP) o documento de oficina (Word, Excel, PowerPoint u OpenDocument)';

const startsWith = (buf: Buffer, bytes: number[], at = 0): boolean =>
  buf.length >= at + bytes.length && bytes.every((b, i) => buf[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The names of the entries of a ZIP, read from its local file headers (enough to tell OOXML and ODF apart). */
function zipEntryNames(buf: Buffer, max = 200): string[] {
  const names: string[] = [];
  let at = 0;
  while (names.length < max && at + 30 <= buf.length && buf.readUInt32LE(at) === 0x04034b50) {
    const flags = buf.readUInt16LE(at + 6);
    const compressed = buf.readUInt32LE(at + 18);
    const nameLength = buf.readUInt16LE(at + 26);
    const extraLength = buf.readUInt16LE(at + 28);
    names.push(buf.toString('latin1', at + 30, at + 30 + nameLength));
    if (flags & 0x08) break; // sizes follow the data (streamed ZIP): stop at what we know
    at += 30 + nameLength + extraLength + compressed;
  }
  return names;
}

const OOXML: Array<{ dir: string; kind: EvidenceKind }> = [
  {
    dir: 'word/',
    kind: {
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      description: 'documento de Word',
      extension: 'docx',
    },
  },
  {
    dir: 'xl/',
    kind: {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      description: 'libro de Excel',
      extension: 'xlsx',
    },
  },
  {
    dir: 'ppt/',
    kind: {
      contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
      description: 'presentación de PowerPoint',
      extension: 'pptx',
    },
  },
];

const ODF: Record<string, EvidenceKind> = {
  'application/vnd.oasis.opendocument.text': {
    contentType: 'application/vnd.oasis.opendocument.text',
    description: 'documento OpenDocument',
    extension: 'odt',
  },
  'application/vnd.oasis.opendocument.spreadsheet': {
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    description: 'hoja de cálculo OpenDocument',
    extension: 'ods',
  },
  'application/vnd.oasis.opendocument.presentation': {
    contentType: 'application/vnd.oasis.opendocument.presentation',
    description: 'presentación OpenDocument',
    extension: 'odp',
  },
};

/** The kind of an evidence file, or a Spanish reason why it is refused. */
export function sniffEvidence(buf: Buffer): { kind: EvidenceKind } | { refused: string } {
  if (buf.length === 0) return { refused: 'El archivo está vacío.' };
  if (startsWith(buf, ascii('%PDF-'))) return { kind: { contentType: 'application/pdf', description: 'documento PDF', extension: 'pdf' } };
  if (startsWith(buf, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: { contentType: 'image/png', description: 'imagen PNG', extension: 'png' } };
  if (startsWith(buf, [0xff, 0xd8, 0xff])) return { kind: { contentType: 'image/jpeg', description: 'imagen JPEG', extension: 'jpg' } };
  if (startsWith(buf, ascii('GIF87a')) || startsWith(buf, ascii('GIF89a')))
    return { kind: { contentType: 'image/gif', description: 'imagen GIF', extension: 'gif' } };
  if (startsWith(buf, ascii('RIFF')) && startsWith(buf, ascii('WEBP'), 8))
    return { kind: { contentType: 'image/webp', description: 'imagen WebP', extension: 'webp' } };
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { kind: { contentType: 'application/x-ole-storage', description: 'documento de Office 97-2003', extension: 'doc' } };
  }
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(buf);
    if (names[0] === 'mimetype') {
      const mime = buf.toString('latin1', 38, 38 + buf.readUInt32LE(18)).trim();
      if (ODF[mime]) return { kind: ODF[mime] };
    }
    if (names.includes('[Content_Types].xml') || names.some((n) => n.startsWith('_rels/'))) {
      const found = OOXML.find((o) => names.some((n) => n.startsWith(o.dir)));
      if (found) return { kind: found.kind };
    }
    return { refused: `El archivo es un ZIP que no es un documento de oficina. Adjunte un ${EVIDENCE_KINDS_TEXT}.` };
  }
  return { refused: `El tipo de archivo no se admite como evidencia. Adjunte un ${EVIDENCE_KINDS_TEXT}.` };
}

/** Extensions that name the same sniffed kind (the download keeps the person's extension when it fits). */
const SAME_KIND: Record<string, string[]> = { jpg: ['jpg', 'jpeg'], doc: ['doc', 'xls', 'ppt', 'msg'] };

/** A file name safe to store and to send back: no path, no control characters, at most 200 characters, with the right extension. */
export function cleanFileName(original: string | undefined, kind: EvidenceKind): string {
  const base = (original ?? '').split(/[\\/]/).pop() ?? '';
  const name = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim()
    .slice(0, 200);
  if (!name) return `evidencia.${kind.extension}`;
  const ext = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase();
  return ext && (SAME_KIND[kind.extension] ?? [kind.extension]).includes(ext) ? name : `${name}.${kind.extension}`;
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\w.-]/g, '_') || 'evidencia';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
