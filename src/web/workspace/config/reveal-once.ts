import type { Request } from 'express';

declare module 'express-session' {
  interface SessionData {
    /**
     * A secret just created (a partner key, a webhook signing secret), kept only between the form post and the page it
     * redirects to: that page takes it out of the session as it shows it, so it is never shown (nor kept) again.
     */
    revealOnce: { what: 'partner_key' | 'webhook'; id: string; secret: string };
  }
}

/** Keeps a new secret for the next page of the same session (the redirect after creating it). */
export function keepForReveal(req: Request, what: 'partner_key' | 'webhook', id: string, secret: string): void {
  req.session.revealOnce = { what, id, secret };
}

/**
 * The secret to show on this page, taken out of the session (the session store is written at the end of the response,
 * without it). Only on the page of the thing it belongs to; on any other page it is dropped unseen.
 */
export function takeReveal(req: Request, what: 'partner_key' | 'webhook', id: string): string | null {
  const kept = req.session?.revealOnce;
  if (!kept) return null;
  delete req.session.revealOnce;
  return kept.what === what && kept.id === id ? kept.secret : null;
}
