import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock/clock';
import { answeringFailures } from '../failures/as-domain-error';
import { FAILURES } from '../failures/failure-codes';
import { summarisePlan } from '../matching/engine/plan';
import { MCOEV_PLAN_ID } from '../microsoft/directory-records';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { DomainError } from '../common/errors/domain-error';
import { DirectRoutingReadiness } from '../direct-routing/direct-routing-readiness';
import { DirectoryLeases, LeaseHolder } from '../snapshots/directory-lease';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { TenantEntity } from '../tenants/tenant.entity';
import { linkedMicrosoftTenant } from '../tenants/microsoft-tenant';
import { TenantsRepository } from '../tenants/tenants.repository';
import { Planning } from './planning';
import { PreviewEntity } from './preview.entities';
import { PreviewsRepository } from './previews.repository';
import { PreviewView } from './preview.view';

export const PREVIEW_CHANGES = [
  'assign',
  'update',
  'remove',
  'unchanged',
  'blocked',
  'conflict',
  'unmatched',
] as const;

/**
 * The shortest time between two fresh reads of a tenant's directories for previews: each costs
 * the customer's Microsoft throttle budget and the PBX's, and anyone who may read the tenant can
 * ask for one.
 */
export const FRESH_READ_INTERVAL_MS = 60_000;

/** What stops a sync from starting, said before anyone presses "Start sync". */
function blockers(
  tenant: TenantEntity,
  policyId: string | null,
  directRouting: DomainError | null,
) {
  const routing = directRouting
    ? [
        {
          code: directRouting.code,
          message: directRouting.message,
          action: 'Open the Direct Routing tab and start or finish the setup.',
        },
      ]
    : [];
  return [...routing, ...policyBlockers(tenant, policyId)];
}

function policyBlockers(tenant: TenantEntity, policyId: string | null) {
  if (!tenant.voiceRoutingPolicy)
    return [
      {
        code: 'VOICE_ROUTING_POLICY_REQUIRED',
        message: 'No voice routing policy is set: a sync assigns one with each number.',
        action: "Set the voice routing policy in the tenant's settings.",
      },
    ];
  if (!policyId)
    return [
      {
        code: 'VOICE_ROUTING_POLICY_NOT_FOUND',
        message: `Teams has no voice routing policy named '${tenant.voiceRoutingPolicy}'.`,
        action: FAILURES.VOICE_ROUTING_POLICY_NOT_FOUND.action,
      },
    ];
  return [];
}

/** "What would a sync do?": the five figures, the licences, and the users behind each figure. */
@Injectable()
export class PreviewService {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly snapshots: DirectorySnapshots,
    private readonly planning: Planning,
    private readonly previews: PreviewsRepository,
    private readonly microsoft: MicrosoftDirectory,
    private readonly leases: DirectoryLeases,
    private readonly directRouting: DirectRoutingReadiness,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads both directories unless both snapshots are younger than `maxAgeMinutes`, and never more
   * than once a minute per tenant: asking again sooner gets the snapshot just read, with its age.
   * One preview at a time per tenant, and none while a sync run holds the tenant's directories.
   */
  async preview(tenantId: string, maxAgeMinutes: number): Promise<PreviewView> {
    const tenant = await this.tenants.require(tenantId);
    linkedMicrosoftTenant(tenant);
    const lease = await this.leases.take(tenantId, 'preview');
    if ('heldBy' in lease) throw busy(lease.heldBy);
    try {
      return await this.make(tenant, maxAgeMinutes);
    } finally {
      await lease.release();
    }
  }

  private make(tenant: TenantEntity, maxAgeMinutes: number): Promise<PreviewView> {
    const tenantId = tenant.id;
    const tid = linkedMicrosoftTenant(tenant);
    return answeringFailures(async () => {
      const state = await this.snapshots.state(tenantId);
      const oldest = Math.min(
        state?.pbxReadAt?.getTime() ?? 0,
        state?.microsoftReadAt?.getTime() ?? 0,
      );
      const maxAgeMs = Math.max(maxAgeMinutes * 60_000, FRESH_READ_INTERVAL_MS);
      const source: PreviewView['source'] =
        this.clock.now().getTime() - oldest > maxAgeMs ? 'fresh' : 'snapshot';
      if (source === 'fresh') {
        await this.snapshots.readPbx(tenant);
        await this.snapshots.readMicrosoft(tenant);
      }
      const skus = await this.microsoft.subscribedSkus(tid);
      const { plan, syncedNow, policyId } = await this.planning.plan(tenant);
      // Only a fresh read moved the read times; otherwise the state read above is current.
      const readAt = source === 'fresh' ? await this.snapshots.state(tenantId) : state;
      const summary = {
        ...summarisePlan(plan, tenant.connectorSeats, syncedNow),
        microsoftLicenses: skus
          .filter((s) => s.servicePlans.some((p) => p.servicePlanId === MCOEV_PLAN_ID))
          .map((s) => ({
            skuId: s.skuId,
            skuPartNumber: s.skuPartNumber,
            enabled: s.prepaidUnits.enabled,
            consumed: s.consumedUnits,
          })),
        voiceRoutingPolicy: tenant.voiceRoutingPolicy
          ? { name: tenant.voiceRoutingPolicy, found: policyId !== null }
          : null,
        blockers: blockers(tenant, policyId, await this.directRouting.blocker(tenant)),
        source,
        directoriesReadAt: {
          pbx: readAt?.pbxReadAt ?? null,
          microsoft: readAt?.microsoftReadAt ?? null,
        },
      };
      const preview: PreviewEntity = {
        id: randomUUID(),
        tenantId,
        generatedAt: this.clock.now(),
        source,
        summary,
      };
      await this.previews.insert(preview, plan);
      return { previewId: preview.id, ...summary, generatedAt: preview.generatedAt };
    });
  }
}

function busy(holder: LeaseHolder): DomainError {
  return holder === 'sync'
    ? new DomainError(
        'SYNC_IN_PROGRESS',
        "A sync run is reading and updating this tenant's directories, and needs its Microsoft 365 throttle budget: follow it on the Runs page, and preview again once it has ended.",
      )
    : new DomainError(
        'PREVIEW_IN_PROGRESS',
        'A preview of this tenant is being made right now; ask again once it is ready.',
      );
}
