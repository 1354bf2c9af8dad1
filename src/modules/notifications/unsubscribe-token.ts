import { createHmac, timingSafeEqual } from 'node:crypto';

/** Opt-out of every non-mandatory kind at once (digests). */
export const ALL_OPTIONAL_KINDS = '*';

export interface UnsubscribeClaim {
  userId: string;
  kind: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * Signed one-click unsubscribe token: `base64url(userId:kind).base64url(HMAC-SHA256)`. The key is derived from
 * JWT_SECRET with a purpose label, so the token cannot be confused with any other signature of the product.
 */
export class UnsubscribeTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('simplifica:unsubscribe:v1').digest();
  }

  sign(claim: UnsubscribeClaim): string {
    const body = b64(`${claim.userId}:${claim.kind}`);
    return `${body}.${b64(this.mac(body))}`;
  }

  /** The claim, or null when the token is malformed or its signature does not match. */
  verify(token: string): UnsubscribeClaim | null {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return null;
    const expected = this.mac(body);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const [userId, kind] = Buffer.from(body, 'base64url').toString('utf8').split(':');
    if (!/^[0-9a-f-]{36}$/i.test(userId ?? '') || !kind) return null;
    return { userId, kind };
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
