import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { Actor, anonymousActor } from './actor';
import { Role } from './roles';

export const IS_PUBLIC = 'simplifica:isPublic';
export const ROLES_KEY = 'simplifica:roles';

/** Route needs no sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Route is limited to one of the named role lists of `roles.ts` (checked by the auth guard after the token). */
export const Roles = (allowed: readonly Role[]) => SetMetadata(ROLES_KEY, allowed);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return req.actor ?? anonymousActor(String(req.id ?? ''));
});
