import { Injectable } from '@nestjs/common';
import { MappingsRepository } from '../mapping/mappings.repository';
import { buildPlan } from '../matching/engine/plan';
import { PlanEntry } from '../matching/engine/types';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { TenantEntity } from '../tenants/tenant.entity';

export interface TenantPlan {
  plan: PlanEntry[];
  /** How many pairs earlier syncs put in place. */
  syncedNow: number;
  /** Teams' id of the tenant's voice routing policy; null when none is set or Teams has none by that name. */
  policyId: string | null;
}

/**
 * The plan for a tenant over its stored snapshots and manual mappings, with its voice routing
 * policy looked up in Teams: what the preview shows and what a run applies.
 */
@Injectable()
export class Planning {
  constructor(
    private readonly snapshots: DirectorySnapshots,
    private readonly mappings: MappingsRepository,
    private readonly microsoft: MicrosoftDirectory,
  ) {}

  async plan(tenant: TenantEntity): Promise<TenantPlan> {
    const policyId =
      tenant.voiceRoutingPolicy && tenant.microsoftTenantId
        ? await this.microsoft.voiceRoutingPolicyId(
            tenant.microsoftTenantId,
            tenant.voiceRoutingPolicy,
          )
        : null;
    const input = await this.snapshots.planInput(
      tenant,
      await this.mappings.pairs(tenant.id),
      policyId ? { id: policyId, name: tenant.voiceRoutingPolicy! } : null,
    );
    // The directories are not kept past planning: the plan is what callers need of them.
    return { plan: buildPlan(input), syncedNow: input.syncedLinks.length, policyId };
  }
}
