import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import { AppLogger } from '../common/logging/app-logger';
import { FAILURES, FailureCode } from '../failures/failure-codes';
import { endStateOf, RunState } from './run-state';
import { RunsRepository } from './runs.repository';
import { SyncRunEntity } from './sync.entities';
import { SyncMetrics } from './sync-metrics';

/** Ends a run: counts from its items, an end state that follows from them, a log line, its duration observed. */
@Injectable()
export class RunFinisher {
  constructor(
    private readonly runs: RunsRepository,
    private readonly metrics: SyncMetrics,
    private readonly clock: Clock,
    private readonly logger: AppLogger,
  ) {}

  /** A run that applied its items ends as its users' outcomes say; one cancelled meanwhile stays cancelled. */
  async applied(run: SyncRunEntity): Promise<void> {
    const counts = await this.counts(run);
    const state = endStateOf(counts);
    const ended = await this.runs.transition(
      run.id,
      state,
      { counts, errorCode: null, errorMessage: null, finishedAt: this.clock.now() },
      ['applying'],
    );
    if (!ended) await this.runs.update(run.id, { counts });
    this.record(run, ended ? state : 'cancelled', counts, null);
  }

  /** A run that could not do its work: it ends failed with the code and message that say why. */
  async failed(run: SyncRunEntity, code: FailureCode, detail: string): Promise<void> {
    const counts = await this.counts(run);
    const errorMessage = `${FAILURES[code].message} ${detail}`.trim();
    const ended = await this.runs.transition(run.id, 'failed', {
      counts,
      errorCode: code,
      errorMessage,
      finishedAt: this.clock.now(),
    });
    if (ended) this.record(run, 'failed', counts, code);
  }

  private async counts(run: SyncRunEntity) {
    await this.runs.markNotAttempted(run.id);
    const items = await this.runs.itemStates(run.id);
    const current = (await this.runs.find(run.id)) ?? run;
    return {
      ...current.counts,
      succeeded: items.succeeded,
      unchanged: items.unchanged,
      failed: items.failed,
      notAttempted: items.not_attempted,
    };
  }

  private record(
    run: SyncRunEntity,
    state: RunState,
    counts: SyncRunEntity['counts'],
    errorCode: string | null,
  ) {
    const startedAt = run.startedAt ?? run.createdAt;
    const seconds = Math.max(0, this.clock.now().getTime() - startedAt.getTime()) / 1000;
    this.metrics.runDuration.observe({ kind: run.kind, result: state }, seconds);
    const { planned: _planned, ...outcomes } = counts;
    this.logger.info(
      { runId: run.id, tenantId: run.tenantId, state, errorCode, ...outcomes },
      'run finished',
    );
  }
}
