import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
}

/** A real SMTP server on a free local port; collects what the app delivers. */
export async function startSmtpListener(): Promise<{ port: number; url: string; mails: ReceivedMail[]; waitFor: (pred: (m: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: decodeSubject(/^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? ''),
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
  return { port, url: `smtp://127.0.0.1:${port}`, mails, waitFor, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function decodeSubject(s: string): string {
  return s
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    )
    .trim();
}

/** Quoted-printable soft breaks and escapes undone, so links can be read from the raw message. */
export const decodeQuotedPrintable = (raw: string): string =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

export const tokenFromMail = (mail: ReceivedMail): string => {
  const m = /token=([A-Za-z0-9_%-]+)/.exec(decodeQuotedPrintable(mail.raw));
  if (!m) throw new Error('El correo no trae un enlace con token');
  return decodeURIComponent(m[1]);
};
