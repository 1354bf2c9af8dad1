/**
 * Local SMTP catcher for the demo: accepts every message on 127.0.0.1 (no auth, no TLS), saves it raw
 * under .data/mail/ and prints one readable line with the recipient, the subject and the links it contains.
 *
 * Usage: node -r @swc-node/register scripts/mail-catcher.ts [port]   (or MAIL_CATCHER_PORT; default 1025)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  /** The port it listens on (useful when started on port 0). */
  port: number;
  close(): Promise<void>;
}

const MAIL_DIR = join(process.cwd(), '.data', 'mail');

/** Subject and the distinct links of a raw message (plain-text part, else the HTML part), decoded by mailparser. */
export async function describeMessage(raw: Buffer): Promise<{ subject: string; links: string[] }> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  // Without a plain-text alternative mailparser derives one from the HTML part.
  const text = mail.text ?? '';
  const links = [...new Set((text.match(/https?:\/\/[^\s<>"'()[\]]+/g) ?? []).map((u) => u.replace(/[.,;:!?]+$/, '')))];
  return { subject: mail.subject ?? '(sin asunto)', links };
}

export function startMailCatcher(
  port: number,
  log: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
  dir = MAIL_DIR,
): Promise<MailCatcher> {
  let count = 0;
  const save = async (raw: Buffer, recipients: string[]) => {
    count += 1;
    const file = join(dir, `${new Date().toISOString().replace(/:/g, '-')}-${count}.eml`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, raw);
    const { subject, links } = await describeMessage(raw);
    const found = links.length ? `enlaces: ${links.join(' ')}` : 'sin enlaces';
    log(
      `📧 correo para ${recipients.join(', ') || '(sin destinatario)'} — "${subject}" — ${found}  (guardado en ${relative(process.cwd(), file)})`,
    );
  };
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
        save(
          Buffer.concat(chunks),
          session.envelope.rcptTo.map((a) => a.address),
        ).then(
          () => callback(),
          (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
        );
      });
    },
  });

  return new Promise<MailCatcher>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (e: Error) => process.stderr.write(`mail-catcher: ${e.message}\n`));
      resolve({
        port: (server.server.address() as AddressInfo).port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
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
