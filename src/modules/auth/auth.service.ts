import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { Access } from '../../common/auth/access';
import { Actor, systemActor } from '../../common/auth/actor';
import { randomSecret, safeEqualHex, sha256 } from '../../common/crypto/tokens';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { NetworkKeys } from '../../common/rate-limit/network-key';
import { ProgressiveLock, RateLimiter } from '../../common/rate-limit/rate-limiter.service';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database.service';
import { UnitOfWork } from '../../database/unit-of-work';
import { formatDateTimeGt } from '../../common/time/guatemala-time';
import { MailTemplate } from '../../mail/mail-templates';
import { MailService } from '../../mail/mail.service';
import { UserResponse } from '../users/dto/user.dto';
import { User } from '../users/entities/user.entity';
import { OneTimeTokensService } from '../users/one-time-tokens.service';
import { UserSessions } from '../users/user-sessions.service';
import { AccessTokenPayload } from './access-token';
import { TokenPairResponse } from './dto/auth.dto';
import { RefreshToken } from './entities/refresh-token.entity';
import { PasswordHasher } from './password-hasher';
import { assertStrongPassword } from './password-policy';
import { ACCOUNT_PATHS } from '../../common/http/page-links';
import { REVOKE_REFRESH_TOKENS_SQL } from '../users/users.sql';

export interface ClientInfo {
  ip: string;
  requestId: string;
}

const lockedOut = (ms: number): AppException =>
  AppException.rateLimited(
    ms / 1000,
    'Demasiados intentos fallidos para esta cuenta desde esta dirección. Espere antes de volver a intentarlo o restablezca su contraseña.',
  );

/** The caller's own rows: in their institution, or — for Commission staff, whose audit rows have no institution — in administrative scope. */
const selfAccess = (actor: Actor, purpose: string): Access =>
  actor.institutionId ? Access.self(actor, purpose) : Access.administrative(actor, purpose);

const actorOf = (user: User, requestId: string | null): Actor => ({
  kind: 'user',
  userId: user.id,
  role: user.role,
  institutionId: user.institutionId,
  requestId,
});

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly networks: NetworkKeys,
    private readonly tokens: OneTimeTokensService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly sessions: UserSessions,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext(AuthService.name);
  }

  async login(email: string, password: string, client: ClientInfo): Promise<TokenPairResponse> {
    const user = await this.authenticate(email, password, client);
    return this.db.run(selfAccess(actorOf(user, client.requestId), 'auth.login'), (tx) => this.issuePair(tx, user, randomUUID()));
  }

  /**
   * The one sign-in rule, for the API (tokens) and the pages (a session): the per-address and per-account limits,
   * the password check and the audit entry. Answers the active user (with the session generation to bind to).
   */
  async authenticate(email: string, password: string, client: ClientInfo): Promise<User> {
    const { loginMaxPerIp, loginWindowSeconds } = this.config.auth;
    const windowMs = loginWindowSeconds * 1000;
    const ip = await this.limiter.hit(`login:ip:${this.networks.of(client.ip)}`, windowMs);
    if (ip.count > loginMaxPerIp)
      throw AppException.rateLimited(
        ip.retryAfterMs / 1000,
        'Demasiados intentos de inicio de sesión desde esta dirección. Espere antes de volver a intentarlo.',
      );
    // Failures lock the account for the address they come from, not for everyone: an attacker cannot lock the owner out.
    const pair = `login:pair:${sha256(email)}:${this.networks.of(client.ip)}`;
    const locked = await this.limiter.lockedFor(pair);
    if (locked > 0) throw lockedOut(locked);

    const user = await this.db.run(Access.acrossInstitutions(systemActor(client.requestId), 'auth.login'), ({ em }) =>
      em.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne(),
    );
    const ok = await this.hasher.verify(user?.passwordHash, password);
    if (!user || !ok || user.status !== 'active') {
      const { lockMs } = await this.limiter.fail(pair, this.lockPolicy());
      if (lockMs > 0) throw lockedOut(lockMs);
      throw AppException.unauthenticated('Correo o contraseña incorrectos.', ErrorCode.InvalidCredentials);
    }
    await this.limiter.reset(pair);
    const actor = actorOf(user, client.requestId);
    await this.db.run(selfAccess(actor, 'auth.login'), async (tx) => {
      await tx.em.getRepository(User).update({ id: user.id }, { lastLoginAt: new Date() });
      await tx.audit({ entity: 'user', entityId: user.id, action: 'login', after: { ip: client.ip } });
    });
    return user;
  }

  /**
   * Ends every session of the user at once — API tokens and page sessions, on every replica — through the one session
   * generation (see UserSessions). Used by the pages' sign-out.
   */
  async endAllSessions(actor: Actor, reason: 'logout' | 'password_change', client: ClientInfo): Promise<void> {
    if (!actor.userId) return;
    const userId = actor.userId;
    await this.db.run(selfAccess(actor, `auth.${reason}`), async (tx) => {
      await tx.em.query(REVOKE_REFRESH_TOKENS_SQL, [userId]);
      await this.sessions.bump(tx.em, userId);
      await tx.audit({
        entity: 'user',
        entityId: userId,
        action: reason === 'logout' ? 'logout_everywhere' : reason,
        after: { ip: client.ip },
      });
    });
    await this.sessions.revoke(userId);
  }

  /**
   * "Change my password": the current password is checked under the same per-account lock as sign-in, the new one
   * under the same policy as activation and reset. Every session and token of the user ends (the caller starts a new
   * one for the person who changed it). Answers the user as it now is (its new session generation).
   */
  async changePassword(actor: Actor, current: string, next: string, client: ClientInfo): Promise<User> {
    if (!actor.userId) throw AppException.unauthenticated();
    const userId = actor.userId;
    const user = await this.db.run(selfAccess(actor, 'auth.change-password'), ({ em }) =>
      em.getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.id = :userId', { userId }).getOne(),
    );
    if (!user || user.status !== 'active') throw AppException.unauthenticated();
    const pair = `login:pair:${sha256(user.email)}:${this.networks.of(client.ip)}`;
    const locked = await this.limiter.lockedFor(pair);
    if (locked > 0) throw lockedOut(locked);
    if (!(await this.hasher.verify(user.passwordHash, current))) {
      const { lockMs } = await this.limiter.fail(pair, this.lockPolicy());
      if (lockMs > 0) throw lockedOut(lockMs);
      throw AppException.badRequest(
        'La contraseña actual no es correcta.',
        [{ field: 'currentPassword', messages: ['La contraseña actual no es correcta'] }],
        ErrorCode.InvalidCredentials,
      );
    }
    await this.limiter.reset(pair);
    assertStrongPassword(next, user.email);
    const passwordHash = await this.hasher.hash(next);
    const after = await this.db.run(selfAccess(actor, 'auth.change-password'), async (tx) => {
      await tx.em.getRepository(User).update({ id: userId }, { passwordHash, passwordChangedAt: new Date() });
      await tx.em.query(REVOKE_REFRESH_TOKENS_SQL, [userId]);
      await this.sessions.bump(tx.em, userId);
      await tx.audit({ entity: 'user', entityId: userId, action: 'password_change', after: { ip: client.ip } });
      return tx.em.getRepository(User).findOneOrFail({ where: { id: userId } });
    });
    await this.sessions.revoke(userId);
    return after;
  }

  /** LOGIN_MAX_ATTEMPTS_PER_ACCOUNT failures from one address lock it out of that account for 1 min, doubling per further failure (≤ 1 h). */
  private lockPolicy(): ProgressiveLock {
    return {
      threshold: this.config.auth.loginMaxPerAccount,
      baseMs: 60_000,
      maxMs: 3_600_000,
      windowMs: this.config.auth.loginWindowSeconds * 1000,
    };
  }

  /** Rotates a refresh token. Reuse of a spent token revokes its family (all sessions descended from the same login). */
  async refresh(raw: string, client: ClientInfo): Promise<TokenPairResponse> {
    const [id, secret] = raw.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) throw this.invalidRefresh();
    const outcome = await this.db.run(Access.self(systemActor(client.requestId), 'auth.refresh'), async (tx) => {
      const { em } = tx;
      const token = await em.getRepository(RefreshToken).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!token || !safeEqualHex(token.tokenHash, sha256(secret))) return { kind: 'invalid' as const };
      if (token.revokedAt || token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      if (token.usedAt) {
        await em.getRepository(RefreshToken).update({ familyId: token.familyId }, { revokedAt: new Date() });
        return { kind: 'reused' as const, userId: token.userId, familyId: token.familyId };
      }
      const user = await this.bindToUser(tx, token.userId, client.requestId);
      if (!user || user.status !== 'active') return { kind: 'invalid' as const };
      await em.getRepository(RefreshToken).update({ id }, { usedAt: new Date() });
      return { kind: 'ok' as const, pair: await this.issuePair(tx, user, token.familyId) };
    });
    if (outcome.kind === 'ok') return outcome.pair;
    if (outcome.kind === 'reused') {
      // A stolen refresh token: its family is revoked (above) and so is every access token of the user.
      await this.db.run(Access.self(systemActor(client.requestId), 'auth.refresh-reuse'), async (tx) => {
        const user = await this.bindToUser(tx, outcome.userId, client.requestId);
        if (user) await this.sessions.bump(tx.em, user.id);
        await tx.audit({
          actor: systemActor(client.requestId),
          institutionId: user?.institutionId ?? null,
          entity: 'refresh_token_family',
          entityId: outcome.familyId,
          action: 'revoke_on_reuse',
          after: { ip: client.ip },
        });
      });
      await this.sessions.revoke(outcome.userId);
      throw AppException.unauthenticated(
        'Este token de renovación ya fue usado; por seguridad se cerraron todas las sesiones derivadas. Inicie sesión de nuevo.',
        ErrorCode.RefreshTokenReused,
      );
    }
    throw this.invalidRefresh();
  }

  /** Revokes the session's refresh-token family and ends the user's access tokens at once (on every replica). */
  async logout(raw: string, client: ClientInfo): Promise<void> {
    const [id] = raw.split('.');
    if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return;
    const userId = await this.db.run(Access.self(systemActor(client.requestId), 'auth.logout'), async (tx) => {
      const token = await tx.em.getRepository(RefreshToken).findOne({ where: { id } });
      if (!token || !safeEqualHex(token.tokenHash, sha256(raw.split('.')[1] ?? ''))) return null;
      await tx.em.getRepository(RefreshToken).update({ familyId: token.familyId }, { revokedAt: new Date() });
      const user = await this.bindToUser(tx, token.userId, client.requestId);
      if (user) await this.sessions.bump(tx.em, user.id);
      return user?.id ?? null;
    });
    if (userId) await this.sessions.revoke(userId);
  }

  async acceptInvitation(token: string, password: string, client: ClientInfo): Promise<TokenPairResponse> {
    const user = await this.activate(token, password, client);
    return this.db.run(selfAccess(actorOf(user, client.requestId), 'auth.accept-invitation'), (tx) =>
      this.issuePair(tx, user, randomUUID()),
    );
  }

  /** The invitation's token is valid for an invited user (without using it): their e-mail, for the activation page. */
  async invitee(token: string, client: ClientInfo): Promise<{ email: string; name: string } | null> {
    await this.limitTokenUse(client);
    return this.db.run(Access.self(systemActor(client.requestId), 'auth.invitation-peek'), async (tx) => {
      try {
        const userId = await this.tokens.peek(tx.em, 'invitation', token);
        const found = await this.bindToUser(tx, userId, client.requestId);
        return found && found.status === 'invited' ? { email: found.email, name: found.name } : null;
      } catch (e) {
        if (e instanceof AppException && e.status === 400) return null;
        throw e;
      }
    });
  }

  /** Sets the invited user's password and activates the account (the API then issues tokens, the pages a session). */
  async activate(token: string, password: string, client: ClientInfo): Promise<User> {
    // Cheap checks first (address limit, token, password rules); the costly hash only for a live token and a valid password.
    await this.limitTokenUse(client);
    const invitee = await this.db.run(Access.self(systemActor(client.requestId), 'auth.accept-invitation'), async (tx) => {
      const userId = await this.tokens.peek(tx.em, 'invitation', token);
      const found = await this.bindToUser(tx, userId, client.requestId);
      if (!found || found.status !== 'invited')
        throw AppException.badRequest('La invitación ya no es válida.', null, ErrorCode.TokenInvalid);
      return found;
    });
    assertStrongPassword(password, invitee.email);
    const passwordHash = await this.hasher.hash(password);
    const user = await this.db.run(Access.self(systemActor(client.requestId), 'auth.accept-invitation'), async (tx) => {
      const userId = await this.tokens.consume(tx.em, 'invitation', token);
      const found = await this.bindToUser(tx, userId, client.requestId);
      if (!found || found.status !== 'invited')
        throw AppException.badRequest('La invitación ya no es válida.', null, ErrorCode.TokenInvalid);
      await tx.em.getRepository(User).update({ id: userId }, { passwordHash, status: 'active', passwordChangedAt: new Date() });
      await tx.audit({
        entity: 'user',
        entityId: userId,
        action: 'accept_invitation',
        before: { status: 'invited' },
        after: { status: 'active' },
      });
      return { ...found, status: 'active' as const };
    });
    return user;
  }

  /**
   * Always answers the same way and in the same time, whether or not the account exists (no account oracle): after
   * the rate limits, the account-specific work (look-up, token, audit, e-mail) runs once the answer has gone.
   */
  async requestPasswordReset(email: string, client: ClientInfo): Promise<void> {
    const windowMs = this.config.auth.loginWindowSeconds * 1000;
    const perIp = await this.limiter.hit(`reset:ip:${this.networks.of(client.ip)}`, windowMs);
    const perAccount = await this.limiter.hit(`reset:account:${sha256(email)}`, windowMs);
    if (perIp.count > this.config.auth.loginMaxPerIp || perAccount.count > this.config.auth.loginMaxPerAccount) {
      throw AppException.rateLimited(Math.max(perIp.retryAfterMs, perAccount.retryAfterMs) / 1000);
    }
    setImmediate(() => {
      this.issuePasswordReset(email, client).catch((e: unknown) =>
        this.logger.error({ err: e, requestId: client.requestId }, 'password reset e-mail not issued'),
      );
    });
  }

  /** The deferred half of `requestPasswordReset`: a link for an active account, nothing otherwise. */
  async issuePasswordReset(email: string, client: ClientInfo): Promise<void> {
    const ttlMs = this.config.auth.passwordResetTtlMinutes * 60_000;
    const issued = await this.db.run(Access.acrossInstitutions(systemActor(client.requestId), 'auth.password-reset'), async ({ em }) => {
      const user = await em.getRepository(User).findOne({ where: { email } });
      return user?.status === 'active' ? user : null;
    });
    if (!issued) return;
    const actor = actorOf(issued, client.requestId);
    const token = await this.db.run(selfAccess(actor, 'auth.password-reset'), async (tx) => {
      const raw = await this.tokens.issue(tx.em, issued.id, 'password_reset', ttlMs);
      await tx.audit({ entity: 'user', entityId: issued.id, action: 'password_reset_requested', after: { ip: client.ip } });
      return raw;
    });
    await this.mail.send(issued.email, MailTemplate.PasswordReset, {
      name: issued.name,
      link: `${this.config.http.publicUrl}${ACCOUNT_PATHS.resetPassword}?token=${encodeURIComponent(token)}`,
      expiresAt: formatDateTimeGt(new Date(Date.now() + ttlMs)),
    });
  }

  async confirmPasswordReset(token: string, password: string, client: ClientInfo): Promise<void> {
    await this.limitTokenUse(client);
    const holder = await this.db.run(Access.self(systemActor(client.requestId), 'auth.password-reset-confirm'), async (tx) => {
      const userId = await this.tokens.peek(tx.em, 'password_reset', token);
      const user = await this.bindToUser(tx, userId, client.requestId);
      if (!user || user.status !== 'active') throw AppException.badRequest('El enlace ya no es válido.', null, ErrorCode.TokenInvalid);
      return user;
    });
    assertStrongPassword(password, holder.email);
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.db.run(Access.self(systemActor(client.requestId), 'auth.password-reset-confirm'), async (tx) => {
      const id = await this.tokens.consume(tx.em, 'password_reset', token);
      const user = await this.bindToUser(tx, id, client.requestId);
      if (!user || user.status !== 'active') throw AppException.badRequest('El enlace ya no es válido.', null, ErrorCode.TokenInvalid);
      await tx.em.getRepository(User).update({ id }, { passwordHash, passwordChangedAt: new Date() });
      await tx.em.query(REVOKE_REFRESH_TOKENS_SQL, [id]);
      await this.sessions.bump(tx.em, id);
      await tx.audit({ entity: 'user', entityId: id, action: 'password_reset' });
      return id;
    });
    await this.sessions.revoke(userId);
  }

  /** Invitation and reset links are tried at most LOGIN_MAX_ATTEMPTS_PER_IP times per address and window (they end in argon2 work). */
  private async limitTokenUse(client: ClientInfo): Promise<void> {
    const rate = await this.limiter.hit(`token-use:ip:${this.networks.of(client.ip)}`, this.config.auth.loginWindowSeconds * 1000);
    if (rate.count > this.config.auth.loginMaxPerIp) {
      throw AppException.rateLimited(
        rate.retryAfterMs / 1000,
        'Demasiados intentos desde esta dirección. Espere antes de volver a intentarlo.',
      );
    }
  }

  /** Token flows learn the user from the token; from then on the unit of work acts as that user. */
  private async bindToUser(tx: UnitOfWork, userId: string, requestId: string): Promise<User | null> {
    await tx.actAs({ ...systemActor(requestId), userId });
    const user = await tx.em.getRepository(User).findOne({ where: { id: userId } });
    // Commission staff belong to no institution: their rows and audit entries are written in administrative scope.
    if (user) await tx.actAs(actorOf(user, requestId), user.institutionId ? 'tenant' : 'admin');
    return user;
  }

  private async issuePair(tx: UnitOfWork, user: User, familyId: string): Promise<TokenPairResponse> {
    const secret = randomSecret();
    const token = await tx.em.getRepository(RefreshToken).save(
      tx.em.getRepository(RefreshToken).create({
        userId: user.id,
        familyId,
        tokenHash: sha256(secret),
        expiresAt: new Date(Date.now() + this.config.auth.refreshTtlDays * 86400_000),
      }),
    );
    const payload: AccessTokenPayload = {
      sub: user.id,
      role: user.role,
      inst: user.institutionId,
      typ: 'access',
      gen: user.sessionGeneration,
    };
    return {
      tokenType: 'Bearer',
      accessToken: await this.jwt.signAsync(payload, { expiresIn: this.config.auth.accessTtlSeconds }),
      expiresIn: this.config.auth.accessTtlSeconds,
      refreshToken: `${token.id}.${secret}`,
      user: UserResponse.from(user),
    };
  }

  private invalidRefresh(): AppException {
    return AppException.unauthenticated(
      'El token de renovación no es válido o venció. Inicie sesión de nuevo.',
      ErrorCode.RefreshTokenInvalid,
    );
  }
}
