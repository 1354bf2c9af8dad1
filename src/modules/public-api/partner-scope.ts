import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppException } from '../../common/errors/app.exception';
import type { ApiKeyScope } from '../partner-api-keys/entities/partner-api-key.entity';

export const PARTNER_SCOPE = 'simplifica:partnerScope';

export interface PartnerScopeRule {
  scope: ApiKeyScope;
  /** Whether a caller without a key may use the route (the public read API); a key, when presented, still needs the scope. */
  anonymous: boolean;
}

/**
 * The partner-key scope a public route needs, decided from the matched route (its metadata), never from the URL text.
 * The access middleware has authenticated the key (req.actor); this guard refuses a key without the scope.
 */
export const PartnerScope = (scope: ApiKeyScope, opts: { anonymous?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(PARTNER_SCOPE, { scope, anonymous: opts.anonymous ?? false } satisfies PartnerScopeRule),
    UseGuards(PartnerScopeGuard),
  );

/** Whether this caller may act with `scope`: a partner key holding it (or, where allowed, an anonymous caller). */
export function assertPartnerScope(actor: Request['actor'], rule: PartnerScopeRule): void {
  if (actor?.kind === 'partner') {
    if (!actor.partnerScopes?.includes(rule.scope)) throw AppException.forbidden(`La llave de API no tiene el permiso ${rule.scope}.`);
    return;
  }
  if (!rule.anonymous) throw AppException.unauthenticated(`Se necesita una llave de API (X-API-Key) con el permiso ${rule.scope}.`);
}

@Injectable()
export class PartnerScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<PartnerScopeRule | undefined>(PARTNER_SCOPE, [context.getHandler(), context.getClass()]);
    // A route under this guard without a rule is a programming error: refuse rather than serve it open.
    if (!rule) throw AppException.forbidden();
    assertPartnerScope(context.switchToHttp().getRequest<Request>().actor, rule);
    return true;
  }
}
