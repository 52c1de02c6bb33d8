import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-codes';

interface Owner {
  /** The tenant that owns the resource, or null when there is no such resource. */
  tenantOf(id: string): Promise<string | null>;
  notFound: ErrorCode;
  what: string;
}

/**
 * Which tenant a request is about: the owner of the resource its path names (`:id` a tenant,
 * `:runId`, `:failureId`), as the feature that owns each registers here. A resource that does not
 * exist answers 404, the same as one the caller may not see.
 */
@Injectable()
export class ResourceOwners {
  private readonly owners = new Map<string, Owner>();
  private deletion: (tenantId: string) => Promise<Date | null> = async () => null;

  register(param: string, owner: Owner): void {
    this.owners.set(param, owner);
  }

  /** How to tell a deleted tenant, which only provider admins see and nobody changes. */
  registerDeletion(deletedAt: (tenantId: string) => Promise<Date | null>): void {
    this.deletion = deletedAt;
  }

  deletedAt(tenantId: string): Promise<Date | null> {
    return this.deletion(tenantId);
  }

  async tenantOfRequest(
    params: Record<string, string>,
  ): Promise<{ tenantId: string | null; notFound: DomainError }> {
    for (const [param, owner] of this.owners) {
      if (!params[param]) continue;
      return {
        tenantId: await owner.tenantOf(params[param]),
        notFound: new DomainError(owner.notFound, `No such ${owner.what}.`),
      };
    }
    return { tenantId: null, notFound: new DomainError('TENANT_NOT_FOUND', 'No such tenant.') };
  }
}
