import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { Role } from '../../common/auth/roles';
import { IS_PUBLIC, ROLES_KEY } from '../../common/auth/auth.decorators';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { UserSessions } from '../users/user-sessions.service';
import { AccessTokenPayload } from './access-token';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Global guard: every route needs a valid access token unless marked @Public(); @Roles() narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly logger: PinoLogger,
    private readonly sessions: UserSessions,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw AppException.unauthenticated();
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, { algorithms: ['HS256'] });
    } catch (e) {
      if (e instanceof TokenExpiredError)
        throw AppException.unauthenticated('Su sesión venció. Renueve el token o inicie sesión de nuevo.', ErrorCode.TokenExpired);
      throw AppException.unauthenticated('El token de acceso no es válido.');
    }
    if (payload.typ !== 'access' || typeof payload.sub !== 'string' || !UUID.test(payload.sub))
      throw AppException.unauthenticated('El token de acceso no es válido.');
    // The user as stored now: a disabled, demoted or signed-out user's earlier tokens stop here, on every replica.
    const state = await this.sessions.current(payload.sub);
    if (!state || state.status !== 'active' || (payload.gen ?? 0) !== state.generation) {
      throw AppException.unauthenticated(
        'Su sesión ya no es válida (la cuenta cambió o se cerró la sesión). Inicie sesión de nuevo.',
        ErrorCode.SessionRevoked,
      );
    }
    req.actor = {
      kind: 'user',
      userId: payload.sub,
      role: state.role,
      institutionId: state.institutionId,
      requestId: String(req.id ?? ''),
    };
    this.logger.assign({ userId: payload.sub, institutionId: state.institutionId ?? undefined });
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(state.role)) throw AppException.forbidden();
    return true;
  }
}
