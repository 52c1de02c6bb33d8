import { Counter, Registry } from 'prom-client';

/** `2xx` … `5xx`, or `error` when no answer came (connection refused, reset, timed out). */
export const statusClassOf = (status: number | null) =>
  status === null || status < 100 || status > 599 ? 'error' : `${Math.floor(status / 100)}xx`;

/**
 * Graph requests as Microsoft counts them against its limits: each request on its own and each
 * item of a `$batch` (an envelope Graph refused as a whole counts once).
 */
export class GraphMetrics {
  private readonly requests: Counter<'status_class'>;
  private readonly throttled: Counter;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'teams_connector_graph_requests_total',
      help: 'Microsoft Graph requests and $batch items answered, by status class (error: no answer).',
      labelNames: ['status_class'],
      registers: [registry],
    });
    this.throttled = new Counter({
      name: 'teams_connector_graph_throttled_requests_total',
      help: 'Microsoft Graph requests and $batch items answered 429 Too Many Requests.',
      registers: [registry],
    });
  }

  answered(status: number | null): void {
    this.requests.inc({ status_class: statusClassOf(status) });
    if (status === 429) this.throttled.inc();
  }
}
