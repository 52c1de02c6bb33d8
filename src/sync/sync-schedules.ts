import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { JobPayloads } from '../common/queue/job-catalogue';
import { JobQueue } from '../common/queue/job-queue';
import { DomainError } from '../common/errors/domain-error';
import { TenantsRepository } from '../tenants/tenants.repository';
import { RunsRepository } from './runs.repository';
import { SyncRunsService } from './sync-runs.service';

const scheduleId = (tenantId: string) => `sync-schedule.${tenantId}`;
const dailyCheckId = (tenantId: string) => `daily-check.${tenantId}`;

/**
 * Keeps each tenant's BullMQ job schedulers in step with its settings and consent, while sync is
 * enabled and consent is granted: an incremental run every `scheduleMinutes`, and a licence and
 * drift check (a full run) every `LICENCE_CHECK_HOURS`, because users delta may never report a
 * licence change. None otherwise. The first consent of a tenant with sync enabled queues a full run.
 */
@Injectable()
export class SyncSchedules implements OnApplicationBootstrap {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly runs: RunsRepository,
    private readonly syncRuns: SyncRunsService,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
    events: DomainEvents,
  ) {
    events.on('tenant.settingsChanged', ({ tenantId }) => this.reconcile(tenantId));
    events.on('tenant.consentRevoked', ({ tenantId }) => this.reconcile(tenantId));
    events.on('tenant.consentGranted', ({ tenantId }) => this.consentGranted(tenantId));
    events.on('tenant.deleted', async ({ tenantId }) => {
      await this.reconcile(tenantId);
      await this.syncRuns.cancelActive(tenantId, 'as the tenant was deleted');
    });
    events.on('tenant.restored', async ({ tenantId }) => {
      // A release of its numbers still under way stops: the tenant keeps them.
      await this.syncRuns.cancelActive(tenantId, 'as the tenant was restored');
      await this.reconcile(tenantId);
    });
  }

  /** Workers bring every tenant's schedule in step at start (idempotent). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.app.role === 'api') return;
    for (const tenant of await this.tenants.list(null)) await this.reconcile(tenant.id);
  }

  async reconcile(tenantId: string): Promise<void> {
    const tenant = await this.tenants.require(tenantId);
    if (tenant.syncEnabled && tenant.consentState === 'granted' && !tenant.deletedAt) {
      await this.queue.schedule(
        scheduleId(tenantId),
        tenant.scheduleMinutes * 60_000,
        'sync.scheduled',
        { tenantId },
      );
      await this.queue.schedule(
        dailyCheckId(tenantId),
        this.config.sync.dailyCheckHours * 3600_000,
        'sync.dailyCheck',
        { tenantId },
      );
    } else {
      await this.queue.unschedule('sync.scheduled', scheduleId(tenantId));
      await this.queue.unschedule('sync.dailyCheck', dailyCheckId(tenantId));
    }
  }

  nextRun(tenantId: string): Promise<Date | null> {
    return this.queue.nextScheduled('sync.scheduled', scheduleId(tenantId));
  }

  private async consentGranted(tenantId: string): Promise<void> {
    await this.reconcile(tenantId);
    // Only with sync enabled: otherwise the admin previews first and starts the sync by hand.
    const tenant = await this.tenants.require(tenantId);
    if (!tenant.syncEnabled || (await this.runs.countForTenant(tenantId)) > 0) return;
    try {
      await this.syncRuns.request(tenantId, 'full', 'consent', null);
    } catch (error) {
      // Not ready to sync (no voice routing policy yet): the admin starts the first sync by hand.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  @JobHandler('sync.scheduled')
  async scheduled({ tenantId }: JobPayloads['sync.scheduled']): Promise<void> {
    try {
      await this.syncRuns.request(tenantId, 'incremental', 'schedule', null);
    } catch (error) {
      // Not ready (consent gone, no voice routing policy Teams knows) or the tenant was removed:
      // the schedule has nothing to do; the preview and the tenant say why.
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({ tenantId, code: error.code }, 'scheduled run not started');
      await this.reconcile(tenantId).catch(() => undefined);
    }
  }

  /**
   * The licence and drift check: a full run re-reads every user's licences (`assignedPlans`) and
   * Teams state and re-plans whoever changed, open failures included. A run under way is waited
   * out (the job fails and BullMQ tries again later), so that the check is never merged into it.
   */
  @JobHandler('sync.dailyCheck')
  async dailyCheck({ tenantId }: JobPayloads['sync.dailyCheck']): Promise<void> {
    let answer: { runId: string; created: boolean };
    try {
      answer = await this.syncRuns.request(tenantId, 'full', 'daily_check', null);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn({ tenantId, code: error.code }, 'licence and drift check not started');
      await this.reconcile(tenantId).catch(() => undefined);
      return;
    }
    const active = answer.created ? null : await this.runs.require(answer.runId);
    if (active && active.kind !== 'full')
      throw new Error(`run ${active.id} is under way; the licence and drift check waits for it`);
  }
}
