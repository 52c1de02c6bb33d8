import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { DomainError } from '../errors/domain-error';

const JSON_ONLY = ['application/json'];

/**
 * A body is read only as the media type its route takes: JSON unless the route says otherwise
 * with `@ApiConsumes`, which the API document shows too. Anything else is refused before a pipe or
 * handler runs, so a body in another type is never taken for an empty one.
 */
@Injectable()
export class MediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (hasBody(req)) {
      const accepted =
        this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [
          context.getHandler(),
          context.getClass(),
        ]) ?? JSON_ONLY;
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!accepted.includes(type))
        throw new DomainError(
          'UNSUPPORTED_MEDIA_TYPE',
          `Send the body as ${accepted.join(' or ')}${type ? `, not ${type}` : ''}.`,
        );
    }
    return next.handle();
  }
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
