import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AppConfig } from '../../config/app-config';
import { MailTransport } from '../mail-transport';

/** A real SMTP server on a free port that holds every message until told to answer. */
async function holdingServer() {
  const held: Array<() => void> = [];
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push(session.envelope.rcptTo[0].address);
        held.push(() => callback());
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, held, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe('MailTransport', () => {
  it('hands nodemailer at most one message per connection; the rest wait their turn and all are delivered', async () => {
    const smtp = await holdingServer();
    const config = {
      worker: { concurrency: 2 },
      mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Simplifica <no-reply@prueba.gt>' },
    } as AppConfig;
    const transport = new MailTransport(config);
    try {
      const sends = Array.from({ length: 6 }, (_, i) =>
        transport.send({ to: `persona${i}@prueba.gt`, subject: `Aviso ${i}`, html: '<p>hola</p>', text: 'hola' }),
      );
      await until(() => smtp.held.length === 2);
      expect(transport.maxInFlight).toBe(2);
      expect(transport.queued).toBe(4);
      while (smtp.received.length < 6) {
        expect(smtp.held.length).toBeLessThanOrEqual(2);
        smtp.held.splice(0).forEach((answer) => answer());
        await new Promise((r) => setTimeout(r, 10));
      }
      smtp.held.splice(0).forEach((answer) => answer());
      const results = await Promise.all(sends);
      expect(results.every((r) => typeof r.messageId === 'string')).toBe(true);
      expect(smtp.received.sort()).toEqual(Array.from({ length: 6 }, (_, i) => `persona${i}@prueba.gt`).sort());
      expect(transport.queued).toBe(0);
    } finally {
      transport.onApplicationShutdown();
      await smtp.close();
    }
  });
});
