import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { MappingsRepository } from '../mapping/mappings.repository';
import { buildPlan } from '../matching/engine/plan';
import { ManualMapping, PlanEntry } from '../matching/engine/types';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { AffectedSeeds } from '../snapshots/affected-input';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { TenantEntity } from '../tenants/tenant.entity';

export interface TenantPlan {
  plan: PlanEntry[];
  /** How many pairs earlier syncs put in place. */
  syncedNow: number;
  /** Teams' id of the tenant's voice routing policy; null when none is set or Teams has none by that name. */
  policyId: string | null;
  /** What the plan started from besides the snapshots (see `basisOf`). */
  basis: string;
  /** The PBX users the plan decides for: null for the whole tenant. */
  scope: Set<string> | null;
}

/** A plan of only the users some changes affect, valid while the basis is what it was. */
export interface AffectedPlanRequest {
  seeds: AffectedSeeds;
  /** The basis of the tenant's last recorded plan. */
  recordedBasis: string | null;
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

  /**
   * The whole tenant's plan; or, when `affected` is given and nothing but the snapshots changed
   * since the last recorded plan, the plan of the users the changes affect, as the whole tenant's
   * plan would have it. Seats running short need the whole tenant, to be given in PBX id order.
   */
  async plan(tenant: TenantEntity, affected?: AffectedPlanRequest): Promise<TenantPlan> {
    const policyId =
      tenant.voiceRoutingPolicy && tenant.microsoftTenantId
        ? await this.microsoft.voiceRoutingPolicyId(
            tenant.microsoftTenantId,
            tenant.voiceRoutingPolicy,
          )
        : null;
    const policy = policyId ? { id: policyId, name: tenant.voiceRoutingPolicy! } : null;
    const mappings = await this.mappings.pairs(tenant.id);
    const basis = basisOf(tenant, policyId, mappings);
    if (affected && affected.recordedBasis === basis) {
      const part = await this.snapshots.affectedInput(tenant, mappings, policy, affected.seeds);
      const plan = buildPlan(part.input);
      if (!plan.some((e) => e.reason === 'NO_SEAT_LEFT'))
        return { plan, syncedNow: part.syncedNow, policyId, basis, scope: part.pbxUserIds };
    }
    const input = await this.snapshots.planInput(tenant, mappings, policy);
    // The directories are not kept past planning: the plan is what callers need of them.
    return {
      plan: buildPlan(input),
      syncedNow: input.syncedLinks.length,
      policyId,
      basis,
      scope: null,
    };
  }
}

/**
 * What a plan depends on besides the snapshots and the synced pairs, as one digest: the sync
 * mode, the seats, the voice routing policy and every manual mapping (in any order).
 */
function basisOf(tenant: TenantEntity, policyId: string | null, mappings: ManualMapping[]): string {
  const pairs = mappings.map((m) => `${m.pbxUserId}\t${m.teamsUserId}`).sort();
  const hash = createHash('sha256').update(
    `${tenant.syncMode}\n${tenant.connectorSeats}\n${policyId ?? ''}\n`,
  );
  for (const pair of pairs) hash.update(`${pair}\n`);
  return hash.digest('hex');
}
