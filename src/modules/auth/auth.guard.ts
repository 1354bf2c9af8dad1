import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import type { Request } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { Role } from '../../common/auth/roles';
import { IS_PUBLIC, ROLES_KEY } from '../../common/auth/auth.decorators';
import { AppException } from '../../common/errors/app.exception';
import { ErrorCode } from '../../common/errors/error-code';
import { AccessTokenPayload } from './access-token';

/** Global guard: every route needs a valid access token unless marked @Public(); @Roles() narrows further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly logger: PinoLogger,
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
      if (e instanceof TokenExpiredError) throw AppException.unauthenticated('Su sesión venció. Renueve el token o inicie sesión de nuevo.', ErrorCode.TokenExpired);
      throw AppException.unauthenticated('El token de acceso no es válido.');
    }
    if (payload.typ !== 'access') throw AppException.unauthenticated('El token de acceso no es válido.');
    req.actor = { kind: 'user', userId: payload.sub, role: payload.role, institutionId: payload.inst, requestId: String(req.id ?? '') };
    this.logger.assign({ userId: payload.sub, institutionId: payload.inst ?? undefined });
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(payload.role)) throw AppException.forbidden();
    return true;
  }
}
