import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { randomSecret, sha256 } from '../../common/crypto/tokens';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { OneTimeToken, OneTimeTokenPurpose } from './entities/one-time-token.entity';

const PURPOSE_TEXT: Record<OneTimeTokenPurpose, string> = {
  invitation: 'La invitación',
  password_reset: 'El enlace para restablecer la contraseña',
};

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

  /** Marks the token used — atomically, so two concurrent uses cannot both succeed — and returns its user. */
  async consume(em: EntityManager, purpose: OneTimeTokenPurpose, raw: string): Promise<string> {
    const rows: Array<{ user_id: string }> = await em.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [sha256(raw), purpose],
    );
    // TypeORM returns [rows, count] for UPDATE … RETURNING on postgres.
    const updated = (Array.isArray(rows[0]) ? rows[0] : rows) as Array<{ user_id: string }>;
    if (!updated.length) {
      throw AppException.badRequest(`${PURPOSE_TEXT[purpose]} no es válido, ya fue usado o venció. Solicite uno nuevo.`, null, ErrorCode.TokenInvalid);
    }
    return updated[0].user_id;
  }
}
