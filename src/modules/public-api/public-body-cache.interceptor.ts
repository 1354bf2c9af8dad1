import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { mergeMap, Observable } from 'rxjs';
import { PublicBodyCache } from './public-body-cache';
import { markFrontCacheable } from './public-read-front';
import { PublicValidators } from './public-validators';

/**
 * After a public handler: digests its JSON body into the per-resource validators (ETag, Last-Modified; PublicValidators),
 * sets them on the response (Express then answers a matching conditional request with 304) and keeps the body for the
 * next request of the same URL and data version. Uncacheable answers (locals.publicBodyCacheKey unset) are left alone.
 */
@Injectable()
export class PublicBodyCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly bodies: PublicBodyCache,
    private readonly validators: PublicValidators,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const res = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        const key = res.locals.publicBodyCacheKey as string | undefined;
        if (!key || body === undefined) return body;
        const serialized = Buffer.from(JSON.stringify(body), 'utf8');
        const validators = await this.validators.record(
          res.locals.publicValidatorsUrl as string,
          res.locals.publicDataVersion as string,
          serialized,
          body,
        );
        res.setHeader('ETag', validators.etag);
        res.setHeader('Last-Modified', validators.lastModified.toUTCString());
        const forms = { identity: serialized };
        this.bodies.set(key, serialized, validators, forms);
        markFrontCacheable(res, {
          family: 'api',
          version: validators.version,
          body: forms,
          etag: validators.etag,
          lastModified: validators.lastModified,
        });
        return body;
      }),
    );
  }
}
