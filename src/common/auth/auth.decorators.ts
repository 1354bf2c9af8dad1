import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, anonymousActor, Role } from './actor';

export const IS_PUBLIC = 'simplifica:isPublic';
export const ROLES_KEY = 'simplifica:roles';

/** Route needs no sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Route is limited to these roles (checked by the auth guard after the token). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return req.actor ?? anonymousActor(String(req.id ?? ''));
});
