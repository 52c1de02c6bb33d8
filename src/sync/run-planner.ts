import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { insertInChunks, upsertInChunks } from '../database/chunks';
import { DirectorySnapshots } from '../snapshots/directory-snapshots';
import { SyncedLinkRow } from '../snapshots/snapshot.entities';
import { buildPlan } from '../matching/engine/plan';
import { PlanEntry } from '../matching/engine/types';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { loadPlanInput } from '../snapshots/plan-input';
import { TenantEntity } from '../tenants/tenant.entity';
import { RunStopped } from './run-stopped';
import { RunsRepository } from './runs.repository';
import { RunItemRow, SyncFailureRow, SyncRunRow } from './sync.entities';
import { TenantUsers } from './tenant-users';

const ACTIONABLE = new Set(['assign', 'update', 'remove']);

type Applicable = PlanEntry & { pbxUserId: string; teamsUserId: string; number: string };

/** Removals above this many wait for approval: the tenant's count or share, whichever is larger. */
export function removalLimit(tenant: TenantEntity, syncedUsers: number): number {
  return Math.max(
    tenant.removalThresholdCount,
    Math.floor((tenant.removalThresholdPercent * syncedUsers) / 100),
  );
}

/**
 * Reads what changed, builds the plan, and stores the part of it this run will apply. A full run
 * reads both directories; an incremental one reads only changes and applies only the users they
 * affect (plus failures due for a retry).
 */
@Injectable()
export class RunPlanner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: DirectorySnapshots,
    private readonly microsoft: MicrosoftDirectory,
    private readonly runs: RunsRepository,
    private readonly tenantUsers: TenantUsers,
    private readonly clock: Clock,
  ) {}

  /** Stores the run's items; answers whether the removals need an admin's approval. */
  async plan(run: SyncRunRow, tenant: TenantEntity): Promise<{ needsApproval: boolean }> {
    const tid = tenant.microsoftTenantId!;
    const changed = await this.readDirectories(run, tenant);
    const policyId = tenant.voiceRoutingPolicy
      ? await this.microsoft.voiceRoutingPolicyId(tid, tenant.voiceRoutingPolicy)
      : null;
    if (tenant.voiceRoutingPolicy && !policyId)
      throw new RunStopped(
        'VOICE_ROUTING_POLICY_NOT_FOUND',
        `Teams has no voice routing policy named '${tenant.voiceRoutingPolicy}'.`,
      );
    const input = await loadPlanInput(this.dataSource, tenant, policyId);
    const plan = buildPlan(input);
    const openFailures = await this.dataSource
      .getRepository(SyncFailureRow)
      .findBy({ tenantId: tenant.id, resolvedAt: IsNull() });
    const held = this.heldBack(run, changed, openFailures);
    const toApply = plan.filter(
      (e): e is Applicable =>
        ACTIONABLE.has(e.change) && !held.has(e.pbxUserId!) && this.inScope(run, e),
    );
    await this.storeItems(run.id, toApply);
    await this.adoptExistingPairs(tenant.id, plan);
    await this.tenantUsers.recordPlan(
      tenant.id,
      run.id,
      plan,
      new Set(toApply.map((e) => e.pbxUserId)),
      new Map(openFailures.map((f) => [f.pbxUserId, f.code])),
    );

    const planned: Record<string, number> = {};
    for (const e of plan) planned[e.change] = (planned[e.change] ?? 0) + 1;
    await this.runs.update(run.id, {
      policyId,
      plannedAt: this.clock.now(),
      totalItems: toApply.length,
      doneItems: 0,
      counts: { ...run.counts, planned: { ...planned, toApply: toApply.length } },
    });
    const removals = toApply.filter((e) => e.change === 'remove').length;
    return {
      needsApproval:
        run.kind !== 'retry' &&
        !run.decidedBy &&
        removals > removalLimit(tenant, input.syncedLinks.length),
    };
  }

  /** The run's part of the plan, stored before anything is written (again, if planning resumed). */
  private async storeItems(runId: string, toApply: Applicable[]): Promise<void> {
    await this.dataSource.getRepository(RunItemRow).delete({ runId });
    await insertInChunks(
      this.dataSource.manager,
      RunItemRow,
      toApply.map((e, seq) => ({
        runId,
        seq,
        pbxUserId: e.pbxUserId,
        teamsUserId: e.teamsUserId,
        change: e.change as RunItemRow['change'],
        method: e.method,
        number: e.number,
        state: 'pending' as const,
        failureCode: null,
        finishedAt: null,
      })),
    );
  }

  /** Fresh reads: everything for a full run, only changes otherwise. Null means "everything changed". */
  private async readDirectories(
    run: SyncRunRow,
    tenant: TenantEntity,
  ): Promise<Set<string> | null> {
    if (run.kind === 'full') {
      await this.snapshots.readPbx(tenant);
      await this.snapshots.readMicrosoft(tenant);
      return null;
    }
    const pbx = await this.snapshots.readPbxChanges(tenant);
    const microsoft = await this.snapshots.readMicrosoftChanges(tenant);
    if (pbx.full || microsoft.full) return null;
    return new Set([...pbx.ids, ...microsoft.ids]);
  }

  /**
   * Users with an open failure wait for their retry time, unless something about them changed
   * or an admin asked for them: then they are tried again at once.
   */
  private heldBack(
    run: SyncRunRow,
    changed: Set<string> | null,
    failures: SyncFailureRow[],
  ): Set<string> {
    if (run.kind !== 'incremental' || changed === null) return new Set();
    const now = this.clock.now().getTime();
    return new Set(
      failures
        .filter(
          (f) =>
            !changed.has(f.pbxUserId) &&
            !changed.has(f.teamsUserId) &&
            !(f.retryable && f.nextRetryAt && f.nextRetryAt.getTime() <= now),
        )
        .map((f) => f.pbxUserId),
    );
  }

  private inScope(run: SyncRunRow, entry: PlanEntry): boolean {
    return !run.scope || run.scope.includes(entry.pbxUserId!);
  }

  /** Pairs already right in Teams before any sync are taken over as synced, as the preview said. */
  private async adoptExistingPairs(tenantId: string, plan: PlanEntry[]): Promise<void> {
    const now = this.clock.now();
    await upsertInChunks(
      this.dataSource.manager,
      SyncedLinkRow,
      plan
        .filter((e) => e.change === 'unchanged' && !e.synced)
        .map((e) => ({
          tenantId,
          pbxUserId: e.pbxUserId!,
          teamsUserId: e.teamsUserId!,
          number: e.number!,
          syncedAt: now,
        })),
      ['tenantId', 'pbxUserId'],
    );
  }
}
