import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { AppLogger } from '../common/logging/app-logger';
import { JobQueue } from '../common/queue/job-queue';
import { DirectRoutingReadiness } from '../direct-routing/direct-routing-readiness';
import { answeringFailures } from '../failures/as-domain-error';
import { MicrosoftDirectory } from '../microsoft/microsoft-directory';
import { TenantEntity } from '../tenants/tenant.entity';
import { deleted, TenantDeletion } from '../tenants/tenant-deletion';
import { TenantsRepository } from '../tenants/tenants.repository';
import { newRun } from './new-run';
import { RunPageView, runView, RunView } from './run.view';
import { OperatorsService } from '../access/operators.service';
import { RunsRepository } from './runs.repository';
import { RunKind, RunTrigger, SyncRunEntity } from './sync.entities';

/** The BullMQ job id of a run's job: one job per run (BullMQ keeps one job per id). */
export const runJobId = (runId: string) => `sync-run.${runId}`;

/** Starting runs (one at a time per tenant), reading them, and the approval guardrail. */
@Injectable()
export class SyncRunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly tenants: TenantsRepository,
    private readonly microsoft: MicrosoftDirectory,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
    private readonly operators: OperatorsService,
    private readonly audit: AuditLog,
    private readonly deletion: TenantDeletion,
    private readonly directRouting: DirectRoutingReadiness,
  ) {}

  /**
   * Stores a queued run and queues its job, or answers with the tenant's run that is not over yet.
   * The row comes first: the database allows one active run per tenant, and the reaper queues
   * again a run whose job was lost.
   */
  async request(
    tenantId: string,
    kind: RunKind,
    trigger: RunTrigger,
    requestedBy: string | null,
    scope: string[] | null = null,
    options: { approvedBy?: string } = {},
  ): Promise<{ runId: string; created: boolean }> {
    const tenant = await this.tenants.require(tenantId);
    // A deleted tenant runs nothing but the release of its numbers that its deletion asked for.
    if (tenant.deletedAt && trigger !== 'delete') throw deleted(tenant);
    for (let attempt = 0; attempt < 3; attempt++) {
      const active = await this.runs.active(tenantId);
      if (active) return { runId: active.id, created: false };
      // Only now: asking again during a run spends none of the tenant's Graph budget.
      if (attempt === 0) await this.requireReady(tenant, kind);
      const run = newRun(
        { tenantId, kind, trigger, requestedBy, scope, decidedBy: options.approvedBy ?? null },
        this.clock.now(),
      );
      if (await this.runs.insertActive(run)) {
        await this.queueJob(tenantId, run.id, runJobId(run.id));
        // Runs people ask for; the schedule's and the first consent's show in the runs list.
        if (trigger === 'manual' || trigger === 'retry')
          await this.audit.record(tenantId, 'run.requested', requestedRun(kind, scope));
        return { runId: run.id, created: true };
      }
      // Another request stored its run between our look and our insert: answer with that one.
    }
    throw new DomainError(
      'CONFLICT',
      'Another run was being started at the same moment; try again.',
    );
  }

  async get(runId: string): Promise<RunView> {
    const run = await this.runs.require(runId);
    return runView(run, await this.operators.named([run.requestedBy, run.decidedBy]));
  }

  async list(tenantId: string, page: number, pageSize: number): Promise<RunPageView> {
    await this.tenants.require(tenantId);
    const [runs, total] = await this.runs.list(tenantId, page, pageSize);
    const operators = await this.operators.named(runs.flatMap((r) => [r.requestedBy, r.decidedBy]));
    return { page, pageSize, total, items: runs.map((r) => runView(r, operators)) };
  }

  async approve(runId: string, operatorId: string) {
    const run = await this.runs.require(runId);
    const moved = await this.runs.transition(runId, 'applying', { decidedBy: operatorId }, [
      'awaiting_approval',
    ]);
    if (!moved)
      throw new DomainError(
        'RUN_NOT_AWAITING_APPROVAL',
        `The run is ${run.state}; only a run awaiting approval can be approved.`,
      );
    // A job id of its own: the job that planned the run may still be finishing under the run's id.
    await this.queueJob(run.tenantId, runId, `${runJobId(runId)}.approved`);
    await this.audit.record(
      run.tenantId,
      'run.approved',
      `The removals of ${run.kind} run ${runId} were approved (${run.counts.planned.remove ?? 0} users).`,
    );
    return this.get(runId);
  }

  /** Stops a run before or while it applies; what was applied stays applied. */
  async cancel(runId: string, operatorId: string) {
    const run = await this.runs.require(runId);
    if (!(await this.stop(run, operatorId)))
      throw new DomainError('RUN_FINISHED', `The run has already ended (${run.state}).`);
    return this.get(runId);
  }

  /** The tenant's run under way stops (`because` says why); what was applied stays applied. */
  async cancelActive(tenantId: string, because: string): Promise<void> {
    const active = await this.runs.active(tenantId);
    if (active) await this.stop(active, null, because);
  }

  /**
   * Cancels the run unless it has ended; false when it had. A release of a deleted tenant's
   * numbers that stops frees its Microsoft 365 link.
   */
  private async stop(run: SyncRunEntity, decidedBy: string | null, because?: string) {
    const moved = await this.runs.transition(run.id, 'cancelled', {
      ...(decidedBy ? { decidedBy } : {}),
      finishedAt: this.clock.now(),
    });
    if (!moved) return false;
    await this.runs.markNotAttempted(run.id);
    if (run.kind === 'release') await this.deletion.releaseLink(run.tenantId);
    await this.audit.record(
      run.tenantId,
      'run.cancelled',
      `${capitalised(run.kind)} run ${run.id} was cancelled while ${run.state}${because ? `, ${because}` : ''}; what was applied stays applied.`,
    );
    return true;
  }

  /**
   * A run needs consent, the tenant's SBC subdomain verified (with an SBC base domain set) and a
   * voice routing policy that Teams knows: numbers without routing are no sync. Releasing numbers
   * needs only the consent.
   */
  private async requireReady(tenant: TenantEntity, kind: RunKind): Promise<void> {
    if (tenant.consentState !== 'granted' || !tenant.microsoftTenantId)
      throw new DomainError(
        'CONSENT_NOT_GRANTED',
        'Connect Microsoft 365 first: the tenant has no valid admin consent.',
      );
    if (kind === 'release') return;
    const notRoutable = await this.directRouting.blocker(tenant);
    if (notRoutable) throw notRoutable;
    if (!tenant.voiceRoutingPolicy)
      throw new DomainError(
        'VOICE_ROUTING_POLICY_REQUIRED',
        "Choose the voice routing policy first (the tenant's settings): a sync assigns it with each number.",
      );
    const tid = tenant.microsoftTenantId;
    const policyId = await answeringFailures(() =>
      this.microsoft.voiceRoutingPolicyId(tid, tenant.voiceRoutingPolicy!),
    );
    if (!policyId)
      throw new DomainError(
        'VOICE_ROUTING_POLICY_NOT_FOUND',
        `Teams has no voice routing policy named '${tenant.voiceRoutingPolicy}'; create it in Teams or correct the name in the tenant's settings.`,
      );
  }

  /** After the row is stored; if Redis is down now, the reaper queues the run once it is back. */
  private async queueJob(tenantId: string, runId: string, jobId: string): Promise<void> {
    try {
      await this.queue.enqueue('sync.run', { tenantId, runId }, { jobId });
    } catch (error) {
      this.logger.warn(
        { runId, tenantId, err: (error as Error).message },
        'run stored but not queued; the reaper will queue it',
      );
    }
  }
}

function requestedRun(kind: RunKind, scope: string[] | null): string {
  return scope
    ? `A ${kind} run was requested for ${scope.join(', ')}.`
    : `A ${kind} run was requested.`;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
