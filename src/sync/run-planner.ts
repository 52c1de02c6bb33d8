import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DirectoryChanges, DirectorySnapshots } from '../snapshots/directory-snapshots';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { FailuresRepository } from './failures.repository';
import { PlanEntry } from '../matching/engine/types';
import { Planning } from '../preview/planning';
import { AffectedSeeds } from '../snapshots/affected-input';
import { TenantEntity } from '../tenants/tenant.entity';
import { failureOf } from '../failures/classify';
import { RunStopped } from './run-stopped';
import { RunsRepository } from './runs.repository';
import { RunItemEntity, SyncFailureEntity, SyncRunEntity } from './sync.entities';
import { TenantUsersRepository } from './tenant-users.repository';

const ACTIONABLE = new Set(['assign', 'update', 'remove']);

/** What an incremental read found changed on each side. */
type Changes = { pbx: DirectoryChanges; microsoft: DirectoryChanges };

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
 * reads both directories and plans the whole tenant; an incremental one reads only changes and
 * plans only the users they affect (plus failures due for a retry), unless something else a plan
 * depends on changed since the last one (see Planning).
 */
@Injectable()
export class RunPlanner {
  constructor(
    private readonly failures: FailuresRepository,
    private readonly snapshots: DirectorySnapshots,
    private readonly planning: Planning,
    private readonly runs: RunsRepository,
    private readonly tenantUsers: TenantUsersRepository,
    private readonly snapshotRows: SnapshotsRepository,
    private readonly microsoft: MicrosoftDirectory,
    private readonly clock: Clock,
  ) {}

  /** Stores the run's items; answers whether the removals need an admin's approval. */
  async plan(run: SyncRunEntity, tenant: TenantEntity): Promise<{ needsApproval: boolean }> {
    if (run.kind === 'release') return this.planRelease(run, tenant);
    const recordedBasis = await this.snapshots.takePlanBasis(tenant.id);
    const changes = await this.readDirectories(run, tenant);
    const changed = changes && new Set([...changes.pbx.ids, ...changes.microsoft.ids]);
    const openFailures = await this.failures.open(tenant.id);
    const { plan, syncedNow, policyId, basis, scope } = await this.planning.plan(
      tenant,
      run.kind === 'incremental' && changes
        ? { seeds: await this.seeds(tenant, changes, openFailures), recordedBasis }
        : undefined,
    );
    // Checked when the run was requested; the settings or Teams may have changed since.
    if (!policyId)
      throw new RunStopped(
        failureOf(
          'VOICE_ROUTING_POLICY_NOT_FOUND',
          tenant.voiceRoutingPolicy
            ? `Teams has no voice routing policy named '${tenant.voiceRoutingPolicy}'.`
            : 'The tenant has no voice routing policy set.',
          'run',
        ),
      );
    const held = this.heldBack(run, changed, openFailures);
    const toApply = plan.filter(
      (e): e is Applicable =>
        ACTIONABLE.has(e.change) && !held.has(e.pbxUserId!) && this.inScope(run, e),
    );
    await this.runs.replaceItems(
      run.id,
      toApply.map((e, seq) => ({
        runId: run.id,
        seq,
        pbxUserId: e.pbxUserId,
        teamsUserId: e.teamsUserId,
        change: e.change as RunItemEntity['change'],
        method: e.method,
        number: e.number,
        state: 'pending' as const,
        failureCode: null,
        finishedAt: null,
      })),
    );
    await this.snapshots.adoptExistingPairs(tenant.id, plan);
    await this.tenantUsers.recordPlan(
      tenant.id,
      run.id,
      plan,
      new Set(toApply.map((e) => e.pbxUserId)),
      new Map(openFailures.map((f) => [f.pbxUserId, f.code])),
      scope,
    );
    await this.snapshots.recordPlanBasis(tenant.id, basis);

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
        run.kind !== 'retry' && !run.decidedBy && removals > removalLimit(tenant, syncedNow),
    };
  }

  /**
   * A deleted tenant's release: every number the connector assigned goes, with the tenant's voice
   * routing policy, whatever the directories say now (nothing is read first).
   */
  private async planRelease(
    run: SyncRunEntity,
    tenant: TenantEntity,
  ): Promise<{ needsApproval: boolean }> {
    const links = await this.snapshotRows.syncedLinks(tenant.id);
    const policyId = tenant.voiceRoutingPolicy
      ? await this.microsoft.voiceRoutingPolicyId(
          tenant.microsoftTenantId!,
          tenant.voiceRoutingPolicy,
        )
      : null;
    await this.runs.replaceItems(
      run.id,
      links.map((link, seq) => ({
        runId: run.id,
        seq,
        pbxUserId: link.pbxUserId,
        teamsUserId: link.teamsUserId,
        change: 'remove' as const,
        method: null,
        number: link.number,
        state: 'pending' as const,
        failureCode: null,
        finishedAt: null,
      })),
    );
    await this.runs.update(run.id, {
      policyId,
      plannedAt: this.clock.now(),
      totalItems: links.length,
      doneItems: 0,
      counts: { ...run.counts, planned: { remove: links.length, toApply: links.length } },
    });
    return { needsApproval: !run.decidedBy && links.length > removalLimit(tenant, links.length) };
  }

  /** Fresh reads: everything for a full run, only changes otherwise. Null means "everything changed". */
  private async readDirectories(run: SyncRunEntity, tenant: TenantEntity): Promise<Changes | null> {
    if (run.kind === 'full') {
      await this.snapshots.readPbx(tenant);
      await this.snapshots.readMicrosoft(tenant);
      return null;
    }
    const pbx = await this.snapshots.readPbxChanges(tenant);
    const microsoft = await this.snapshots.readMicrosoftChanges(tenant);
    if (pbx.full || microsoft.full) return null;
    return { pbx, microsoft };
  }

  /**
   * Where an incremental run's plan starts: the users that changed, with what they had before,
   * and the users the last plan left waiting (to be applied, failed, or short of a seat), whom a
   * plan of the whole tenant would take up again too.
   */
  private async seeds(
    tenant: TenantEntity,
    { pbx, microsoft }: Changes,
    openFailures: SyncFailureEntity[],
  ): Promise<AffectedSeeds> {
    return {
      pbxUserIds: [
        ...pbx.ids,
        ...openFailures.map((f) => f.pbxUserId),
        ...(await this.tenantUsers.waiting(tenant.id)),
      ],
      teamsUserIds: microsoft.ids,
      addresses: [...pbx.formerAddresses, ...microsoft.formerAddresses],
      numbers: [...pbx.formerNumbers, ...microsoft.formerNumbers],
    };
  }

  /**
   * Users with an open failure wait for their retry time, unless something about them changed
   * or an admin asked for them: then they are tried again at once.
   */
  private heldBack(
    run: SyncRunEntity,
    changed: Set<string> | null,
    failures: SyncFailureEntity[],
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

  private inScope(run: SyncRunEntity, entry: PlanEntry): boolean {
    return !run.scope || run.scope.includes(entry.pbxUserId!);
  }
}
