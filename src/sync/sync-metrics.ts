import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import { GraphClients } from '../microsoft/graph-clients';

/** What operations watch: how runs end, what becomes of users, and how often Graph throttles. */
@Injectable()
export class SyncMetrics {
  readonly runsFinished: Counter<'state'>;
  readonly userOutcomes: Counter<'result' | 'code'>;

  constructor(registry: Registry, graph: GraphClients) {
    this.runsFinished = new Counter({
      name: 'teams_connector_sync_runs_finished_total',
      help: 'Sync runs that ended, by end state.',
      labelNames: ['state'],
      registers: [registry],
    });
    this.userOutcomes = new Counter({
      name: 'teams_connector_sync_user_outcomes_total',
      help: 'Per-user outcomes of applying plans in Teams, by result and failure code.',
      labelNames: ['result', 'code'],
      registers: [registry],
    });
    new Gauge({
      name: 'teams_connector_graph_throttled_total',
      help: 'Responses Microsoft Graph throttled (429) since start, all tenants.',
      registers: [registry],
      collect() {
        this.set(graph.throttledSoFar());
      },
    });
  }
}
