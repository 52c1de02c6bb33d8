import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppLogger } from '../common/logging/app-logger';
import { RunsRepository } from './runs.repository';
import { RunState, SyncRunRow } from './sync.entities';
import { SyncMetrics } from './sync-metrics';

/** Ends a run: counts from its items, an end state that follows from them, a log line, a metric. */
@Injectable()
export class RunFinisher {
  constructor(
    private readonly runs: RunsRepository,
    private readonly metrics: SyncMetrics,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  /** `state` overrides the state the items imply; a run an admin cancelled stays cancelled. */
  async finish(
    run: SyncRunRow,
    state: RunState | null,
    errorCode: string | null = null,
    errorMessage: string | null = null,
  ): Promise<void> {
    await this.runs.markNotAttempted(run.id);
    const items = await this.runs.itemStates(run.id);
    const current = (await this.runs.find(run.id)) ?? run;
    const counts = {
      ...current.counts,
      succeeded: items.succeeded,
      unchanged: items.unchanged,
      failed: items.failed,
      notAttempted: items.not_attempted,
    };
    const implied: RunState =
      items.failed === 0
        ? 'succeeded'
        : items.succeeded + items.unchanged > 0
          ? 'partially_failed'
          : 'failed';
    const final = current.state === 'cancelled' ? 'cancelled' : (state ?? implied);
    await this.runs.update(run.id, {
      state: final,
      counts,
      errorCode,
      errorMessage,
      finishedAt: this.clock.now(),
    });
    this.metrics.runsFinished.inc({ state: final });
    const { planned: _planned, ...outcomes } = counts;
    this.logger.info(
      { runId: run.id, tenantId: run.tenantId, state: final, errorCode, ...outcomes },
      'run finished',
    );
  }
}
