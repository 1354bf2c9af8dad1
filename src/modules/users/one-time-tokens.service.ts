import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { randomSecret, sha256 } from '../../common/crypto/tokens';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { OneTimeToken, OneTimeTokenPurpose } from './entities/one-time-token.entity';
import { CONSUME_TOKEN_SQL, LIVE_TOKEN_USER_SQL, TokenUserRow } from './users.sql';

/** Spanish agrees in gender: «La invitación no es válida», «El enlace … no es válido». */
const INVALID_TEXT: Record<OneTimeTokenPurpose, string> = {
  invitation: 'La invitación no es válida, ya fue usada o venció. Solicite una nueva.',
  password_reset: 'El enlace para restablecer la contraseña no es válido, ya fue usado o venció. Solicite uno nuevo.',
};

const invalidToken = (purpose: OneTimeTokenPurpose): AppException =>
  AppException.badRequest(INVALID_TEXT[purpose], null, ErrorCode.TokenInvalid);

@Injectable()
export class OneTimeTokensService {
  /** Issues a token and returns the raw value (it goes into an e-mail link and is never stored). Older unused tokens of the same purpose stop working. */
  async issue(em: EntityManager, userId: string, purpose: OneTimeTokenPurpose, ttlMs: number): Promise<string> {
    const raw = randomSecret();
    const repo = em.getRepository(OneTimeToken);
    await repo.update({ userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    await repo.insert({ userId, purpose, tokenHash: sha256(raw), expiresAt: new Date(Date.now() + ttlMs) });
    return raw;
  }

  /** The user of a live token (unused, unexpired), without spending it: checked before any costly work. */
  async peek(em: EntityManager, purpose: OneTimeTokenPurpose, raw: string): Promise<string> {
    const rows: TokenUserRow[] = await em.query(LIVE_TOKEN_USER_SQL, [sha256(raw), purpose]);
    if (!rows.length) throw invalidToken(purpose);
    return rows[0].user_id;
  }

  /** Marks the token used — atomically, so two concurrent uses cannot both succeed — and returns its user. */
  async consume(em: EntityManager, purpose: OneTimeTokenPurpose, raw: string): Promise<string> {
    const rows: TokenUserRow[] | [TokenUserRow[], number] = await em.query(CONSUME_TOKEN_SQL, [sha256(raw), purpose]);
    // TypeORM returns [rows, count] for UPDATE … RETURNING on postgres.
    const updated = (Array.isArray(rows[0]) ? rows[0] : rows) as TokenUserRow[];
    if (!updated.length) throw invalidToken(purpose);
    return updated[0].user_id;
  }
}
