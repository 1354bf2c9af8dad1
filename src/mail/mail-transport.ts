import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { Slots } from '../common/concurrency/slots';
import { AppConfig } from '../config/app-config';
import { RenderedMail } from './mail-templates';

/** A rendered message on its way out; extra headers are for List-Unsubscribe and the like. */
export interface OutgoingMail extends RenderedMail {
  to: string;
  headers?: Record<string, string>;
}

/** The message was accepted by the SMTP server, but what had to follow it (recording the delivery) failed. */
export class AfterSendError extends Error {
  constructor(readonly original: unknown) {
    super(original instanceof Error ? original.message : String(original));
    this.name = 'AfterSendError';
  }
}

/**
 * The process's one SMTP transport: a pool of connections (one per concurrent job) reused across messages, and the one
 * place every e-mail leaves through. At most `maxInFlight` messages are handed to nodemailer at once; further callers
 * wait their turn here, holding nothing but their own message, so a burst of sends cannot pile rendered mail up inside
 * the pool's queue and the worker's memory stays flat however long the backlog is.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transport: Transporter;
  readonly maxInFlight: number;
  private readonly slots: Slots;

  constructor(private readonly config: AppConfig) {
    const connections = Math.max(1, config.worker.concurrency);
    const options: SMTPPool.Options = { url: config.mail.smtpUrl, pool: true, maxConnections: connections };
    this.transport = nodemailer.createTransport(options);
    this.maxInFlight = connections;
    this.slots = new Slots(connections);
  }

  /** Callers waiting for a slot (the backlog held outside nodemailer). */
  get queued(): number {
    return this.slots.queued;
  }

  /**
   * Sends one message from MAIL_FROM. SMTP answers reject the promise as nodemailer reports them (`responseCode`).
   * `mail` may be a function: the message is then built only once a slot is free (a backlog holds no rendered mail).
   * `onAccepted` runs after the server accepted the message and before the slot passes on, so a caller that records the
   * delivery there has at most `maxInFlight` messages accepted but not yet recorded at any moment; if it throws, the
   * promise rejects with its error wrapped in `AfterSendError` (the message did go).
   */
  async send(mail: OutgoingMail | (() => OutgoingMail), onAccepted?: () => Promise<void>): Promise<{ messageId: string }> {
    return this.slots.run(async () => {
      const { to, subject, html, text, headers } = typeof mail === 'function' ? mail() : mail;
      const info = await this.transport.sendMail({ from: this.config.mail.from, to, subject, html, text, headers: headers ?? {} });
      if (onAccepted) await onAccepted().catch((e: unknown) => Promise.reject(new AfterSendError(e)));
      return { messageId: info.messageId };
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
