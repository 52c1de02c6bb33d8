import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { JobPayloads } from '../common/queue/job-catalogue';
import { MicrosoftError } from '../microsoft/microsoft-error';
import { PbxError } from '../pbx/pbx-directory';
import { TenantsRepository } from '../tenants/tenants.repository';
import { failureCodeOf, FAILURES, FailureCode } from '../failures/failure-codes';
import { RunApplier } from './run-applier';
import { RunPlanner } from './run-planner';
import { RunStopped } from './run-stopped';
import { RunFinisher } from './run-finisher';
import { RunsRepository, TERMINAL_STATES } from './runs.repository';

/**
 * The `sync.run` job: moves one run through planning, the approval guardrail and applying. It
 * starts from whatever state the run is in, so a job taken over from a dead worker resumes it.
 */
@Injectable()
export class SyncRunner {
  constructor(
    private readonly runs: RunsRepository,
    private readonly tenants: TenantsRepository,
    private readonly planner: RunPlanner,
    private readonly applier: RunApplier,
    private readonly finisher: RunFinisher,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  @JobHandler('sync.run')
  async handle({ runId }: JobPayloads['sync.run']): Promise<void> {
    const run = await this.awaitRow(runId);
    if (TERMINAL_STATES.includes(run.state) || run.state === 'awaiting_approval') return;
    const tenant = await this.tenants.require(run.tenantId);
    if (tenant.consentState !== 'granted' || !tenant.microsoftTenantId)
      return this.finisher.finish(
        run,
        'failed',
        'CONSENT_REVOKED',
        FAILURES.CONSENT_REVOKED.message,
      );
    try {
      if (run.state === 'queued' || run.state === 'planning') {
        await this.runs.update(run.id, {
          state: 'planning',
          startedAt: run.startedAt ?? this.clock.now(),
        });
        const { needsApproval } = await this.planner.plan(run, tenant);
        if (needsApproval) {
          await this.runs.update(run.id, { state: 'awaiting_approval' }, ['planning']);
          this.logger.info(
            { runId, tenantId: run.tenantId },
            'run awaits approval of its removals',
          );
          return;
        }
        if (!(await this.runs.update(run.id, { state: 'applying' }, ['planning']))) return;
      }
      const planned = await this.runs.require(run.id);
      const ended = await this.applier.apply(planned, tenant.microsoftTenantId);
      if (ended === 'superseded') return;
      await this.finisher.finish(planned, ended === 'cancelled' ? 'cancelled' : null);
    } catch (error) {
      const stopped = this.asStop(error);
      if (!stopped) throw error; // BullMQ tries the job again; the run resumes where it stopped.
      if (stopped.code === 'CONSENT_REVOKED')
        await this.revokeConsent(run.tenantId, stopped.message);
      await this.finisher.finish(run, 'failed', stopped.code, stopped.message);
    }
  }

  /** The job is queued a moment before its run is stored; a run that never comes fails the job. */
  private async awaitRow(runId: string) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const run = await this.runs.find(runId);
      if (run) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Sync run ${runId} was queued but never stored.`);
  }

  private asStop(error: unknown): RunStopped | null {
    if (error instanceof RunStopped) return error;
    if (error instanceof MicrosoftError) {
      const code = failureCodeOf(error, false);
      if (FAILURES[code as FailureCode].stopsRun) return new RunStopped(code, error.message);
    }
    if (error instanceof PbxError && error.kind === 'auth')
      return new RunStopped('PBX_CREDENTIALS_INVALID', error.message);
    return null;
  }

  /** Consent is gone: the tenant turns red and its schedule stops until consent is granted again. */
  private async revokeConsent(tenantId: string, detail: string): Promise<void> {
    await this.tenants.update(tenantId, {
      consentState: 'revoked',
      consentMessage: `Consent was revoked or the app was removed in Microsoft 365 (${detail}); a Global Administrator must grant consent again.`,
      consentUpdatedAt: this.clock.now(),
    });
    await this.events.emit('tenant.consentRevoked', { tenantId });
  }
}
