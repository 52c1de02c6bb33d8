import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainError } from '../common/errors/domain-error';
import { JobQueue } from '../common/queue/job-queue';
import { TenantsRepository } from '../tenants/tenants.repository';
import { newRun } from './new-run';
import { RunsRepository, TERMINAL_STATES } from './runs.repository';
import { ACTIVE_RUN_STATES, RunKind, RunTrigger } from './sync.entities';
import { runView } from './run.view';

/** The job id that makes BullMQ keep one run per tenant. */
export const runJobId = (tenantId: string) => `sync-run.${tenantId}`;

/** Starting runs (one at a time per tenant), reading them, and the approval guardrail. */
@Injectable()
export class SyncRunsService {
  constructor(
    private readonly runs: RunsRepository,
    private readonly tenants: TenantsRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  /** Queues a run, or answers with the tenant's run that is queued, running or awaiting approval. */
  async request(
    tenantId: string,
    kind: RunKind,
    trigger: RunTrigger,
    requestedBy: string | null,
    scope: string[] | null = null,
  ): Promise<{ runId: string; created: boolean }> {
    const tenant = await this.tenants.require(tenantId);
    if (tenant.consentState !== 'granted' || !tenant.microsoftTenantId)
      throw new DomainError(
        'CONSENT_NOT_GRANTED',
        'Connect Microsoft 365 first: the tenant has no valid admin consent.',
      );
    const waiting = await this.runs.awaitingApproval(tenantId);
    if (waiting) return { runId: waiting.id, created: false };
    const now = this.clock.now();
    const run = newRun({ tenantId, kind, trigger, requestedBy, scope }, now);
    // The job goes first: a tenant's run exists only once BullMQ holds its job id for it. The
    // worker waits for the row, which follows at once.
    for (let attempt = 0; attempt < 20; attempt++) {
      const held = await this.queue.enqueueOnce(
        'sync.run',
        { tenantId, runId: run.id },
        runJobId(tenantId),
      );
      if (held?.runId === run.id) {
        await this.runs.insert(run);
        return { runId: run.id, created: true };
      }
      const holder = held && (await this.runs.find(held.runId));
      if (holder && !TERMINAL_STATES.includes(holder.state))
        return { runId: holder.id, created: false };
      // The holder has just ended (or is not stored yet): ask again in a moment.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new DomainError(
      'SYNC_BUSY',
      'The previous run is still finishing; try again in a moment.',
    );
  }

  async get(runId: string) {
    return runView(await this.runs.require(runId));
  }

  async list(tenantId: string, page: number, pageSize: number) {
    await this.tenants.require(tenantId);
    const [runs, total] = await this.runs.list(tenantId, page, pageSize);
    return { page, pageSize, total, items: runs.map(runView) };
  }

  async approve(runId: string, operatorId: string) {
    const run = await this.runs.require(runId);
    const moved = await this.runs.update(runId, { state: 'applying', decidedBy: operatorId }, [
      'awaiting_approval',
    ]);
    if (!moved)
      throw new DomainError(
        'RUN_NOT_AWAITING_APPROVAL',
        `The run is ${run.state}; only a run awaiting approval can be approved.`,
      );
    await this.queue.enqueueOnce(
      'sync.run',
      { tenantId: run.tenantId, runId },
      runJobId(run.tenantId),
    );
    return this.get(runId);
  }

  /** Stops a run before or while it applies; what was applied stays applied. */
  async cancel(runId: string, operatorId: string) {
    const run = await this.runs.require(runId);
    const moved = await this.runs.update(
      runId,
      { state: 'cancelled', decidedBy: operatorId, finishedAt: this.clock.now() },
      ACTIVE_RUN_STATES,
    );
    if (!moved) throw new DomainError('RUN_FINISHED', `The run has already ended (${run.state}).`);
    await this.runs.markNotAttempted(runId);
    return this.get(runId);
  }
}
