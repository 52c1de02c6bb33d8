import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/errors/domain-error';
import { currentContext } from '../common/logging/request-context';
import { ACCESS_METADATA, AccessPolicy } from './access.decorator';
import { changesState, CSRF_HEADER, sessionCookieOf } from './browser-session';
import { Caller, canManageTenant, canSeeTenant } from './caller';
import { SessionsService } from './sessions.service';
import { ResourceOwners } from './resource-owners';

interface GuardedRequest {
  method: string;
  headers: Record<string, string | undefined>;
  params: Record<string, string>;
  caller?: Caller;
}

/** The one place every HTTP route's access is decided. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly owners: ResourceOwners,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) {
      // A route that forgot to say who may call it is refused, never left open.
      throw new DomainError('FORBIDDEN', 'This route has no access policy.');
    }
    if (policy === 'public') return true;

    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const caller = await this.authenticate(req);
    if (!caller)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login.',
      );
    req.caller = caller;
    const logContext = currentContext();
    if (logContext) logContext.operatorId = caller.operatorId;

    if (policy === 'provider_admin' && caller.role !== 'provider_admin') {
      throw new DomainError('FORBIDDEN', 'Only provider administrators may do this.');
    }
    if (policy === 'tenant:read' || policy === 'tenant:manage') {
      const { tenantId, notFound } = await this.owners.tenantOfRequest(req.params);
      if (!tenantId || !canSeeTenant(caller, tenantId)) throw notFound;
      const deletedAt = await this.owners.deletedAt(tenantId);
      if (deletedAt) {
        // Gone for its own people; the provider's admins may read it, and only restore it.
        if (caller.role !== 'provider_admin') throw notFound;
        if (changesState(req.method))
          throw new DomainError(
            'TENANT_DELETED',
            `The tenant was deleted on ${deletedAt.toISOString().slice(0, 10)}: restore it first.`,
          );
      }
      if (policy === 'tenant:manage' && !canManageTenant(caller, tenantId)) {
        throw new DomainError('FORBIDDEN', 'Members have read-only access to this tenant.');
      }
    }
    return true;
  }

  /**
   * A bearer token (API clients) or the session cookie (the browser). A cookie comes along with
   * any request the browser makes, so a state-changing one must also carry the session's CSRF token.
   */
  private async authenticate(req: GuardedRequest): Promise<Caller | null> {
    const header = req.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) return this.sessions.authenticate(header.slice(7).trim());
    const cookie = sessionCookieOf(req.headers.cookie);
    const caller = cookie ? await this.sessions.authenticate(cookie) : null;
    if (caller && changesState(req.method)) {
      if (!this.sessions.csrfTokenMatches(caller, req.headers[CSRF_HEADER]))
        throw new DomainError(
          'CSRF_TOKEN_INVALID',
          'This page is out of date or was opened from another site: reload it and try again.',
        );
    }
    return caller;
  }
}
