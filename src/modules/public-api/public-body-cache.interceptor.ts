import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import { PublicBodyCache } from './public-body-cache';

/** Keeps the JSON body of a fresh response for the next request of the same URL and data version. */
@Injectable()
export class PublicBodyCacheInterceptor implements NestInterceptor {
  constructor(private readonly bodies: PublicBodyCache) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((body) => {
        const key = res.locals.publicBodyCacheKey as string | undefined;
        if (key && body !== undefined) this.bodies.set(key, Buffer.from(JSON.stringify(body), 'utf8'));
      }),
    );
  }
}
