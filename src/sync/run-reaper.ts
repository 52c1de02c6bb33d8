import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Clock } from '../common/clock/clock';
import { AppLogger } from '../common/logging/app-logger';
import { JobHandler } from '../common/queue/job-handler.decorator';
import { JobQueue } from '../common/queue/job-queue';
import { RunsRepository } from './runs.repository';
import { runJobId } from './sync-runs.service';

/**
 * Queues again the runs whose worker went quiet (a heartbeat older than `SYNC_STALE_MINUTES`):
 * BullMQ's stalled-job check covers a dead worker, this covers a job Redis lost or never got. The
 * job id is the run's, so a run whose job still exists is not queued twice; each job start counts
 * against the run's attempts, so a run that keeps dying ends failed.
 */
@Injectable()
export class RunReaper {
  constructor(
    private readonly runs: RunsRepository,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  @JobHandler('sync.reap')
  async reap(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.sync.staleMinutes * 60_000);
    for (const run of await this.runs.stale(before)) {
      this.logger.warn(
        { runId: run.id, tenantId: run.tenantId, state: run.state },
        'resuming a stalled run',
      );
      await this.queue.enqueue(
        'sync.run',
        { tenantId: run.tenantId, runId: run.id },
        { jobId: runJobId(run.id) },
      );
    }
  }
}
