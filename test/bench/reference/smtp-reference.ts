/**
 * The SMTP reference of shared/baselines (smtp/run.js, smtp/server.js): a loopback `smtp-server` sink that counts what it
 * receives, and nodemailer with a pool of N connections sending small HTML+text messages into it, all at once. The same
 * sink receives the product's reminders, so both sides are measured against the same listener in the same process.
 */
import nodemailer from 'nodemailer';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReferenceSink {
  port: number;
  url: string;
  received: () => number;
  close: () => Promise<void>;
}

export function startReferenceSink(): Promise<ReferenceSink> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    hideSTARTTLS: true,
    secure: false,
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.server.address() as AddressInfo).port;
      resolve({
        port,
        url: `smtp://127.0.0.1:${port}`,
        received: () => received,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    }),
  );
}

function message(i: number) {
  return {
    from: 'Simplifica <no-reply@simplifica.example>',
    to: `enlace${i % 500}@institucion.example`,
    subject: `Recordatorio: el hito ${i} vence en 7 días`,
    text: `Hola,\n\nEl hito "Eliminar requisito ${i}" del plan de simplificación vence el 2025-12-01.\nRevise el avance en Simplifica.\n\nEste es un mensaje automático.`,
    html: `<p>Hola,</p><p>El hito <strong>Eliminar requisito ${i}</strong> del plan de simplificación vence el <time>2025-12-01</time>.</p><p><a href="https://simplifica.example/hitos/${i}">Revise el avance en Simplifica</a>.</p><p><small>Este es un mensaje automático.</small></p>`,
  };
}

/** The reference: `messages` sent at once through a pooled transport of `pool` connections; ms until all are accepted. */
export async function referenceSend(sink: ReferenceSink, messages: number, pool: number): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: pool,
  });
  const before = sink.received();
  const t0 = process.hrtime.bigint();
  const sent = await Promise.all(Array.from({ length: messages }, (_, i) => transport.sendMail(message(i))));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  transport.close();
  if (sink.received() - before !== messages || sent.some((s) => !s.accepted.length))
    throw new Error(`la referencia entregó ${sink.received() - before} de ${messages}`);
  return ms;
}
