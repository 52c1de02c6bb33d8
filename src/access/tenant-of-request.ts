import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { ErrorCode } from '../common/errors/error-codes';

/** Path parameters that name a tenant-owned resource: where to find its tenant, what to say if absent. */
const OWNED: Record<string, { table: string; notFound: ErrorCode; what: string }> = {
  runId: { table: 'sync_runs', notFound: 'RUN_NOT_FOUND', what: 'sync run' },
  failureId: { table: 'sync_failures', notFound: 'FAILURE_NOT_FOUND', what: 'failure' },
};

/**
 * The tenant a request is about: the `:id` parameter, or the owner of a run or failure in the
 * path. A resource that does not exist answers 404, the same as one the caller may not see.
 */
export async function tenantOfRequest(
  dataSource: DataSource,
  params: Record<string, string>,
): Promise<{ tenantId: string | null; notFound: DomainError }> {
  if (params.id)
    return {
      tenantId: params.id,
      notFound: new DomainError('TENANT_NOT_FOUND', 'No such tenant.'),
    };
  for (const [param, owner] of Object.entries(OWNED)) {
    if (!params[param]) continue;
    const notFound = new DomainError(owner.notFound, `No such ${owner.what}.`);
    const row: { tenant_id: string } | undefined = await dataSource
      .createQueryBuilder()
      .select('o.tenant_id', 'tenant_id')
      .from(owner.table, 'o')
      .where('o.id = :id', { id: params[param] })
      .getRawOne();
    return { tenantId: row?.tenant_id ?? null, notFound };
  }
  return { tenantId: null, notFound: new DomainError('TENANT_NOT_FOUND', 'No such tenant.') };
}
