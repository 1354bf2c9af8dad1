import {
  ArgumentsHost,
  CanActivate,
  Catch,
  ExceptionFilter,
  ExecutionContext,
  Injectable,
  NotFoundException,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Role } from '../../../common/auth/roles';
import { ACCOUNT_PATHS } from '../../../common/http/page-links';

const ANONYMOUS_PAGE = 'simplifica:anonymousPage';

/** A workspace page anyone may open (sign-in, activation, password reset). Every other one needs a live session. */
export const AnonymousPage = () => SetMetadata(ANONYMOUS_PAGE, true);

const PAGE_ROLES = 'simplifica:pageRoles';

/**
 * The roles that may open a page (or every page of a controller), named by one of the lists in common/auth/roles.
 * Anyone else signed in gets 404, as for a page that does not exist: a liaison learns nothing of the Commission's desk.
 */
export const PageRoles = (roles: readonly Role[]) => SetMetadata(PAGE_ROLES, roles);

/** Thrown for a page that needs a session when there is none; answered by a redirect to the sign-in page. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('sign-in required');
  }
}

/** Only local workspace paths are followed after sign-in (never another site). */
export const safeReturnPath = (raw: unknown): string | null =>
  typeof raw === 'string' &&
  /^\/app(\/[^\\]*)?$/.test(raw) &&
  !raw.startsWith('//') &&
  !/[\r\n]/.test(raw) &&
  !raw.startsWith(ACCOUNT_PATHS.signOut)
    ? raw
    : null;

/** Workspace controllers' guard: a signed-in user (req.actor set by the session middleware) unless @AnonymousPage(). */
@Injectable()
export class WorkspaceGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(ANONYMOUS_PAGE, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!(req.actor?.kind === 'user' && req.actor.userId)) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : '/app');
    const roles = this.reflector.getAllAndOverride<readonly Role[] | undefined>(PAGE_ROLES, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(req.actor.role as Role)) throw new NotFoundException();
    return true;
  }
}

/** 303 to the sign-in page, remembering where the person was going. */
@Catch(SignInRequired)
export class SignInRedirectFilter implements ExceptionFilter {
  catch(exception: SignInRequired, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const back = safeReturnPath(exception.returnTo);
    res.redirect(303, back && back !== '/app' ? `${ACCOUNT_PATHS.signIn}?volver=${encodeURIComponent(back)}` : ACCOUNT_PATHS.signIn);
  }
}
