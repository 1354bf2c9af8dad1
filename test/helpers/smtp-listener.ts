import { simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  /** Envelope recipients, lower-cased. */
  to: string[];
  raw: string;
  /** Decoded (RFC 2047); '' when absent or when the listener does not parse. */
  subject: string;
  /** The header block as sent (encoded words left as they are), folded lines unfolded. */
  headers: string;
  /** The decoded text/plain and text/html parts ('' when absent). */
  text: string;
  html: string;
}

export interface SmtpListenerOptions {
  /** Decode and keep each message (default). Benchmarks turn it off: only envelopes are kept, so the count costs no memory. */
  parse?: boolean;
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
 * A real SMTP server (smtp-server) on a free local port: collects what the app delivers, decoded by mailparser, in
 * the order it arrived, and answers as scripted per recipient (`failOnce` → 451 once, `reject` → 550 always).
 */
export async function startSmtpListener(opts: SmtpListenerOptions = {}): Promise<SmtpListener> {
  const parse = opts.parse ?? true;
  let parsing = Promise.resolve(); // messages are decoded one after another, so `mails` keeps arrival order
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
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw: parse ? raw.toString('utf8') : '',
        };
        // Answered once decoded and listed, in arrival order: a message the sender saw accepted is already in `mails`.
        parsing = parsing
          .then(async () => {
            mails.push({
              ...envelope,
              ...(parse ? await decode(raw).catch(undecodable) : { subject: '', headers: '', text: '', html: '' }),
            });
          })
          .then(() => callback());
      });
    },
  });
  // A client that dies mid-session (a worker killed by a test) resets its connection: not the listener's failure.
  server.on('error', () => undefined);
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
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    failOnce,
    reject,
    rcptAttempts,
    waitFor,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const undecodable = (e: Error) => ({ subject: `(no se pudo decodificar: ${e.message})`, headers: '', text: '', html: '' });

/** Subject, header block and the text and HTML parts of a raw message, as mailparser decodes them. */
async function decode(raw: Buffer): Promise<Pick<ReceivedMail, 'subject' | 'headers' | 'text' | 'html'>> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  return {
    subject: parsed.subject ?? '',
    headers: parsed.headerLines.map((h) => h.line.replace(/\r?\n[ \t]+/g, ' ')).join('\r\n'),
    text: parsed.text ?? '',
    html: parsed.html || '',
  };
}

/** The single-use token of the link an invitation or password-reset e-mail carries. */
export const tokenFromMail = (mail: ReceivedMail): string => {
  const m = /token=([A-Za-z0-9_%-]+)/.exec(mail.text || mail.html);
  if (!m) throw new Error('El correo no trae un enlace con token');
  return decodeURIComponent(m[1]);
};
