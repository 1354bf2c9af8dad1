import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  /** Envelope recipients, lower-cased. */
  to: string[];
  raw: string;
  subject: string;
  /** The header block, folded lines unfolded. */
  headers: string;
  /** The decoded text/plain and text/html parts ('' when absent). */
  text: string;
  html: string;
}

export interface SmtpListener {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Recipients whose next RCPT TO is answered 451 (transient), once. */
  failOnce: Set<string>;
  /** Recipients always answered 550 (permanent). */
  reject: Set<string>;
  /** RCPT TO attempts per recipient. */
  rcptAttempts: Map<string, number>;
  waitFor: (pred: (m: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  close: () => Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on a free local port: collects and parses what the app delivers, and answers
 * as scripted per recipient (`failOnce` → 451 once, `reject` → 550 always).
 */
export async function startSmtpListener(): Promise<SmtpListener> {
  const mails: ReceivedMail[] = [];
  const failOnce = new Set<string>();
  const reject = new Set<string>();
  const rcptAttempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const a = address.address.toLowerCase();
      rcptAttempts.set(a, (rcptAttempts.get(a) ?? 0) + 1);
      if (reject.has(a)) return callback(Object.assign(new Error('Buzón inexistente'), { responseCode: 550 }));
      if (failOnce.delete(a)) return callback(Object.assign(new Error('Servidor ocupado, intente más tarde'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const waitFor = async (pred: (m: ReceivedMail) => boolean, timeoutMs = 10000) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const found = mails.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`No llegó el correo esperado en ${timeoutMs} ms (recibidos: ${mails.map((m) => m.subject).join(' | ')})`);
  };
  return {
    port, url: `smtp://127.0.0.1:${port}`, mails, failOnce, reject, rcptAttempts, waitFor,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const utf8 = (latin: string) => Buffer.from(latin, 'latin1').toString('utf8');

/** Subject (RFC 2047 words decoded), headers, and the decoded text and HTML parts of a raw message. */
function parseMail(raw: string): Pick<ReceivedMail, 'subject' | 'headers' | 'text' | 'html'> {
  const end = raw.indexOf('\r\n\r\n');
  const headers = (end < 0 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  const subject = (/^Subject: (.*)$/m.exec(headers)?.[1] ?? '')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : utf8(decodeQuotedPrintable(text.replace(/_/g, ' '))),
    )
    .trim();
  const part = (type: string) => {
    const m = new RegExp(`Content-Type: ${type}[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*?Content-Transfer-Encoding: ([\\w-]+)\\r\\n\\r\\n([\\s\\S]*?)\\r\\n--`).exec(raw);
    if (!m) return '';
    const encoding = m[1].toLowerCase();
    return encoding === 'base64' ? Buffer.from(m[2], 'base64').toString('utf8') : encoding === 'quoted-printable' ? utf8(decodeQuotedPrintable(m[2])) : m[2];
  };
  return { subject, headers, text: part('text/plain'), html: part('text/html') };
}

/** Quoted-printable soft breaks and escapes undone, so links can be read from the raw message. */
export const decodeQuotedPrintable = (raw: string): string =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

export const tokenFromMail = (mail: ReceivedMail): string => {
  const m = /token=([A-Za-z0-9_%-]+)/.exec(decodeQuotedPrintable(mail.raw));
  if (!m) throw new Error('El correo no trae un enlace con token');
  return decodeURIComponent(m[1]);
};
