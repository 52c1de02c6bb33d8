import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { Catalogue, JOB_CATALOGUE_TOKEN, JobPayloads } from '../common/queue/job-catalogue';
import { classify } from '../failures/classify';
import { FAILURES } from '../failures/failure-codes';
import { consentRevoked } from '../tenants/consent-revocation';
import { TenantDeletion } from '../tenants/tenant-deletion';
import { DirectoryLeases, Lease } from '../snapshots/directory-lease';
import { TenantsRepository } from '../tenants/tenants.repository';
import { RunApplier } from './run-applier';
import { RunPlanner } from './run-planner';
import { RunStopped } from './run-stopped';
import { RunFinisher } from './run-finisher';
import { isFinal } from './run-state';
import { RunsRepository } from './runs.repository';
import { SyncRunEntity } from './sync.entities';

/** The longest a run waits for a preview of its tenant to finish before its attempt fails. */
const PREVIEW_WAIT_MS = 5 * 60_000;

/**
 * The `sync.run` job: moves one run through planning, the approval guardrail and applying. It
 * starts from whatever state the run is in, so a job taken over from a dead worker resumes it.
 * Each job start counts as an attempt; a run out of attempts ends failed with its last error.
 * The run holds its tenant's directories (DirectoryLeases) while it plans and applies.
 */
@Injectable()
export class SyncRunner {
  private readonly maxAttempts: number;

  constructor(
    private readonly runs: RunsRepository,
    private readonly tenants: TenantsRepository,
    private readonly planner: RunPlanner,
    private readonly applier: RunApplier,
    private readonly finisher: RunFinisher,
    private readonly leases: DirectoryLeases,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
    private readonly deletion: TenantDeletion,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
    @Inject(JOB_CATALOGUE_TOKEN) catalogue: Catalogue,
  ) {
    this.maxAttempts = catalogue['sync.run']?.attempts ?? 1;
  }

  @JobHandler('sync.run')
  async handle({ runId }: JobPayloads['sync.run']): Promise<void> {
    await this.attempt(runId);
    // However it ended, the release of a deleted tenant's numbers frees its Microsoft 365 link.
    const run = await this.runs.find(runId);
    if (run?.kind === 'release' && isFinal(run.state))
      await this.deletion.releaseLink(run.tenantId);
  }

  private async attempt(runId: string): Promise<void> {
    const run = await this.runs.startAttempt(runId);
    if (!run || isFinal(run.state) || run.state === 'awaiting_approval') return;
    if (run.attempts > this.maxAttempts)
      return this.finisher.failed(run, 'RUN_ATTEMPTS_EXHAUSTED', lastError(run));
    const tenant = await this.tenants.require(run.tenantId);
    if (tenant.consentState !== 'granted' || !tenant.microsoftTenantId)
      return this.finisher.failed(run, 'CONSENT_REVOKED', '');
    let lease: Lease | undefined;
    // A full run that plans in this attempt has just read every user's Teams state.
    let planJustRead = false;
    try {
      lease = await this.leases.wait(run.tenantId, 'sync', PREVIEW_WAIT_MS);
      if (run.state === 'queued' || run.state === 'planning') {
        // A run cancelled while it waited for its job is left as it is.
        if (
          run.state === 'queued' &&
          !(await this.runs.transition(run.id, 'planning', { startedAt: this.clock.now() }, [
            'queued',
          ]))
        )
          return;
        const { needsApproval } = await this.planner.plan(run, tenant);
        if (needsApproval) {
          await this.runs.transition(run.id, 'awaiting_approval', {}, ['planning']);
          this.logger.info(
            { runId, tenantId: run.tenantId },
            'run awaits approval of its removals',
          );
          return;
        }
        if (!(await this.runs.transition(run.id, 'applying', {}, ['planning']))) return;
        planJustRead = run.kind === 'full';
      }
      const planned = await this.runs.require(run.id);
      const policy =
        planned.policyId && tenant.voiceRoutingPolicy
          ? { id: planned.policyId, name: tenant.voiceRoutingPolicy }
          : null;
      const ended = await this.applier.apply(planned, tenant.microsoftTenantId, policy, {
        planJustRead,
      });
      if (ended !== 'superseded') await this.finisher.applied(planned);
    } catch (error) {
      await this.stopped(run, error);
    } finally {
      await lease?.release();
    }
  }

  /**
   * A failure the classifier knows ends the run at once (the next run tries again). Anything else
   * is a crash: BullMQ tries the job again, and the run resumes where it stopped, until the
   * attempts are used up.
   */
  private async stopped(run: SyncRunEntity, error: unknown): Promise<void> {
    const failure = error instanceof RunStopped ? error.failure : classify(error);
    if (failure.code === 'UNEXPECTED_ERROR') {
      this.logger.error(
        { runId: run.id, tenantId: run.tenantId, err: error },
        'run attempt crashed',
      );
      if (run.attempts >= this.maxAttempts)
        return this.finisher.failed(run, 'RUN_ATTEMPTS_EXHAUSTED', failure.detail);
      await this.runs.update(run.id, { errorCode: failure.code, errorMessage: failure.detail });
      throw error;
    }
    if (failure.code === 'CONSENT_REVOKED') await this.revokeConsent(run.tenantId, failure.detail);
    await this.finisher.failed(run, failure.code, failure.detail);
  }

  /** Consent is gone: the tenant turns red and its schedule stops until consent is granted again. */
  private async revokeConsent(tenantId: string, detail: string): Promise<void> {
    await this.tenants.update(tenantId, consentRevoked(this.clock.now(), detail));
    await this.audit.record(
      tenantId,
      'consent.revoked',
      `A sync run found the consent revoked: ${detail}`,
      {
        by: { actor: 'a sync run' },
      },
    );
    await this.events.emit('tenant.consentRevoked', { tenantId });
  }
}

function lastError(run: SyncRunEntity): string {
  return run.errorMessage ?? FAILURES.RUN_ATTEMPTS_EXHAUSTED.message;
}
