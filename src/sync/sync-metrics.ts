import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** What operations watch of runs: how long they take, how they end, and what becomes of users. */
@Injectable()
export class SyncMetrics {
  readonly runDuration: Histogram<'kind' | 'result'>;
  readonly userOutcomes: Counter<'result' | 'code'>;

  constructor(registry: Registry) {
    this.runDuration = new Histogram({
      name: 'teams_connector_sync_run_duration_seconds',
      help: 'Sync runs from start to end, by kind and end state.',
      labelNames: ['kind', 'result'],
      // From an incremental run of a few changes to a full run over 100,000 users.
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400],
      registers: [registry],
    });
    this.userOutcomes = new Counter({
      name: 'teams_connector_sync_user_outcomes_total',
      help: 'Per-user outcomes of applying plans in Teams, by result and failure code.',
      labelNames: ['result', 'code'],
      registers: [registry],
    });
  }
}
