import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { deleted, TenantDeletion } from '../tenants/tenant-deletion';
import { TenantEntity } from '../tenants/tenant.entity';
import { TenantsRepository } from '../tenants/tenants.repository';
import { removalLimit } from './run-planner';
import { SyncRunsService } from './sync-runs.service';

export const TEAMS_ON_DELETE = ['leave', 'release'] as const;
export type TeamsOnDelete = (typeof TEAMS_ON_DELETE)[number];

/**
 * Deleting a tenant, and what becomes of Teams: left as it is, or its numbers released by a run
 * of their own. Releasing more numbers than the tenant's removal threshold must be confirmed with
 * their count, as a large removal must be approved.
 */
@Injectable()
export class TenantRemoval {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly deletion: TenantDeletion,
    private readonly links: SnapshotsRepository,
    private readonly syncRuns: SyncRunsService,
  ) {}

  async delete(
    id: string,
    teams: TeamsOnDelete,
    confirmedRemovals: number | undefined,
    operatorId: string,
  ): Promise<{ tenant: TenantEntity; releaseRunId: string | null }> {
    if (teams === 'leave')
      return {
        tenant: await this.deletion.delete(id, { releasingNumbers: false }),
        releaseRunId: null,
      };
    const tenant = await this.tenants.require(id);
    if (tenant.deletedAt) throw deleted(tenant);
    if (tenant.consentState !== 'granted' || !tenant.microsoftTenantId)
      throw new DomainError(
        'CONSENT_NOT_GRANTED',
        'The numbers cannot be released without a connection to Microsoft 365: delete the tenant leaving Teams as it is.',
      );
    const removals = (await this.links.syncedLinks(id)).length;
    const limit = removalLimit(tenant, removals);
    if (removals > limit && confirmedRemovals !== removals)
      throw new DomainError(
        'REMOVALS_NOT_CONFIRMED',
        `Deleting this tenant releases ${removals} numbers in Teams, more than its removal threshold (${limit}): confirm with confirmRemovals=${removals}.`,
        { removals, limit },
      );
    const removed = await this.deletion.delete(id, { releasingNumbers: true });
    const { runId } = await this.syncRuns.request(id, 'release', 'delete', operatorId, null, {
      approvedBy: operatorId,
    });
    return { tenant: removed, releaseRunId: runId };
  }
}
