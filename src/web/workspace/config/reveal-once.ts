import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { decryptText, DecryptionError, encryptText, Keyring, keyringFrom } from '../../../common/crypto/data-encryption';
import { AppConfig } from '../../../config/app-config';

type Revealed = 'partner_key' | 'webhook';

declare module 'express-session' {
  interface SessionData {
    /**
     * A secret just created (a partner key, a webhook signing secret), kept only between the form post and the page it
     * redirects to, encrypted with the data keyring (the session lives in Redis): that page takes it out of the session
     * as it shows it, so it is never shown (nor kept) again.
     */
    revealOnce: { what: Revealed; id: string; sealed: string };
  }
}

/** Shows a new secret once, on the page its creation redirects to; never in clear text in the session store. */
@Injectable()
export class RevealOnce {
  private readonly keyring: Keyring;

  constructor(config: AppConfig) {
    this.keyring = keyringFrom(config.dataEncryption.key, config.dataEncryption.previousKey);
  }

  /** Keeps a new secret for the next page of the same session (the redirect after creating it). */
  keep(req: Request, what: Revealed, id: string, secret: string): void {
    req.session.revealOnce = { what, id, sealed: encryptText(this.keyring, secret, purposeOf(what, id)) };
  }

  /**
   * The secret to show on this page, taken out of the session (the session store is written at the end of the response,
   * without it). Only on the page of the thing it belongs to; on any other page it is dropped unseen.
   */
  take(req: Request, what: Revealed, id: string): string | null {
    const kept = req.session?.revealOnce;
    if (!kept) return null;
    delete req.session.revealOnce;
    if (kept.what !== what || kept.id !== id) return null;
    try {
      return decryptText(this.keyring, kept.sealed, purposeOf(what, id));
    } catch (e) {
      if (e instanceof DecryptionError) return null; // a key rotated away in between: the secret is simply not shown
      throw e;
    }
  }
}

/** The associated data: a sealed secret opens only as the secret of this very item. */
const purposeOf = (what: Revealed, id: string) => `reveal-once:${what}:${id}`;
