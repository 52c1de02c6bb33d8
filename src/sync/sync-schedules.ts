import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { DomainEvents } from '../common/events/domain-events';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { JobPayloads } from '../common/queue/job-catalogue';
import { JobQueue } from '../common/queue/job-queue';
import { DomainError } from '../common/errors/domain-error';
import { TenantsRepository } from '../tenants/tenants.repository';
import { RunsRepository } from './runs.repository';
import { runJobId, SyncRunsService } from './sync-runs.service';

const REAPER_EVERY_MS = 60_000;
export const scheduleId = (tenantId: string) => `sync-schedule.${tenantId}`;

/**
 * Keeps each tenant's BullMQ job scheduler in step with its settings and consent: an incremental
 * run every `scheduleMinutes` while sync is enabled and consent is granted, none otherwise. The
 * first consent of a tenant with sync enabled queues a full run. A reaper queues again runs whose worker went quiet.
 */
@Injectable()
export class SyncSchedules implements OnApplicationBootstrap {
  constructor(
    private readonly tenants: TenantsRepository,
    private readonly runs: RunsRepository,
    private readonly syncRuns: SyncRunsService,
    private readonly queue: JobQueue,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {
    events.on('tenant.settingsChanged', ({ tenantId }) => this.reconcile(tenantId));
    events.on('tenant.consentRevoked', ({ tenantId }) => this.reconcile(tenantId));
    events.on('tenant.consentGranted', ({ tenantId }) => this.consentGranted(tenantId));
  }

  /** Workers register the reaper and bring every tenant's schedule in step (idempotent). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.app.role === 'api') return;
    await this.queue.schedule('sync-reaper', REAPER_EVERY_MS, 'sync.reap', {});
    for (const tenant of await this.tenants.list(null)) await this.reconcile(tenant.id);
  }

  async reconcile(tenantId: string): Promise<void> {
    const tenant = await this.tenants.require(tenantId);
    if (tenant.syncEnabled && tenant.consentState === 'granted') {
      await this.queue.schedule(
        scheduleId(tenantId),
        tenant.scheduleMinutes * 60_000,
        'sync.scheduled',
        {
          tenantId,
        },
      );
    } else {
      await this.queue.unschedule('sync.scheduled', scheduleId(tenantId));
    }
  }

  nextRun(tenantId: string): Promise<Date | null> {
    return this.queue.nextScheduled('sync.scheduled', scheduleId(tenantId));
  }

  private async consentGranted(tenantId: string): Promise<void> {
    await this.reconcile(tenantId);
    // Only with sync enabled: otherwise the admin previews first and starts the sync by hand.
    const tenant = await this.tenants.require(tenantId);
    const [, runsSoFar] = await this.runs.list(tenantId, 1, 1);
    if (tenant.syncEnabled && runsSoFar === 0)
      await this.syncRuns.request(tenantId, 'full', 'consent', null);
  }

  @JobHandler('sync.scheduled')
  async scheduled({ tenantId }: JobPayloads['sync.scheduled']): Promise<void> {
    try {
      await this.syncRuns.request(tenantId, 'incremental', 'schedule', null);
    } catch (error) {
      // Consent went away or the tenant was removed: the schedule has nothing to do.
      if (!(error instanceof DomainError)) throw error;
      await this.reconcile(tenantId).catch(() => undefined);
    }
  }

  @JobHandler('sync.reap')
  async reap(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.sync.staleMinutes * 60_000);
    for (const run of await this.runs.stale(before)) {
      this.logger.warn(
        { runId: run.id, tenantId: run.tenantId, state: run.state },
        'resuming a stalled run',
      );
      await this.queue.enqueueOnce(
        'sync.run',
        { tenantId: run.tenantId, runId: run.id },
        runJobId(run.tenantId),
      );
    }
  }
}
