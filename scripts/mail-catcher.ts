/**
 * Local SMTP catcher for the demo: accepts every message on 127.0.0.1 (no auth, no TLS), saves it raw
 * under .data/mail/ and prints one readable line with the recipient, the subject and the links it contains.
 *
 * Usage: node -r @swc-node/register scripts/mail-catcher.ts [port]   (or MAIL_CATCHER_PORT; default 1025)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  close(): Promise<void>;
}

const MAIL_DIR = join(process.cwd(), '.data', 'mail');

/** The raw message is kept as latin1 (one char per byte); this reinterprets such a string as UTF-8. */
const utf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
const hexBytes = (s: string) => s.replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** RFC 2047 encoded-words (=?UTF-8?B?...?= / =?UTF-8?Q?...?=); whitespace between two of them is dropped. */
export function decodeHeader(value: string): string {
  return utf8(value)
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, charset: string, enc: string, text: string) => {
      const bytes = enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(hexBytes(text.replace(/_/g, ' ')), 'latin1');
      return bytes.toString(/^utf-?8$/i.test(charset) ? 'utf8' : 'latin1');
    });
}

function splitPart(raw: string): { headers: string; body: string } {
  const sep = /\r?\n\r?\n/.exec(raw);
  if (!sep) return { headers: raw, body: '' };
  return { headers: raw.slice(0, sep.index).replace(/\r?\n[ \t]+/g, ' '), body: raw.slice(sep.index + sep[0].length) };
}

function header(headers: string, name: string): string | undefined {
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers)?.[1]?.trim();
}

function decodeBody(body: string, transferEncoding = ''): string {
  if (/quoted-printable/i.test(transferEncoding)) return utf8(hexBytes(body.replace(/=\r?\n/g, '')));
  if (/base64/i.test(transferEncoding)) return Buffer.from(body, 'base64').toString('utf8');
  return utf8(body);
}

/** The first part of the given type (text/plain by default), decoded; searched recursively through multiparts. */
function textBody(raw: string, wanted = /^text\/plain/i): string | undefined {
  const { headers, body } = splitPart(raw);
  const type = header(headers, 'content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";\s]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break; // closing delimiter
      const found = textBody(chunk.replace(/^[ \t]*\r?\n/, ''), wanted);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return wanted.test(type) ? decodeBody(body, header(headers, 'content-transfer-encoding')) : undefined;
}

export function describeMessage(raw: string): { subject: string; links: string[] } {
  const subject = decodeHeader(header(splitPart(raw).headers, 'subject') ?? '(sin asunto)');
  // No plain-text alternative: fall back to the HTML part, then to the undecoded message.
  const text = textBody(raw) ?? textBody(raw, /^text\/html/i)?.replace(/&amp;/g, '&') ?? utf8(raw);
  const links = [...new Set((text.match(/https?:\/\/[^\s<>"'()[\]]+/g) ?? []).map((u) => u.replace(/[.,;:!?]+$/, '')))];
  return { subject, links };
}

export function startMailCatcher(port: number, log = (line: string) => process.stdout.write(`${line}\n`)): Promise<MailCatcher> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Simplifica mail catcher',
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'demo' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (e: Error) => callback(e));
      stream.on('end', () => {
        try {
          count += 1;
          mkdirSync(MAIL_DIR, { recursive: true });
          const file = join(MAIL_DIR, `${new Date().toISOString().replace(/:/g, '-')}-${count}.eml`);
          const raw = Buffer.concat(chunks);
          writeFileSync(file, raw);
          const { subject, links } = describeMessage(raw.toString('latin1'));
          const to = session.envelope.rcptTo.map((a) => a.address).join(', ') || '(sin destinatario)';
          const found = links.length ? `enlaces: ${links.join(' ')}` : 'sin enlaces';
          log(`📧 correo para ${to} — "${subject}" — ${found}  (guardado en ${relative(process.cwd(), file)})`);
          callback();
        } catch (e) {
          callback(e instanceof Error ? e : new Error(String(e)));
        }
      });
    },
  });

  return new Promise<MailCatcher>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (e: Error) => process.stderr.write(`mail-catcher: ${e.message}\n`));
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? process.env.MAIL_CATCHER_PORT ?? 1025);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    process.stderr.write(`mail-catcher: puerto inválido: ${process.argv[2] ?? process.env.MAIL_CATCHER_PORT}\n`);
    process.exit(1);
  }
  startMailCatcher(port)
    .then((catcher) => {
      process.stdout.write(`Capturador de correo en smtp://127.0.0.1:${port} (mensajes en ${relative(process.cwd(), MAIL_DIR)})\n`);
      const stop = () => void catcher.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((e: Error) => {
      process.stderr.write(`mail-catcher: no se pudo escuchar en el puerto ${port}: ${e.message}\n`);
      process.exit(1);
    });
}
