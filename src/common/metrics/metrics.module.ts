import { Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

const PREFIX = 'teams_connector_';

/**
 * prom-client's defaults, less three gauges it names with `_total`, a counter's suffix that
 * Prometheus' own lint refuses; its `nodejs_active_handles`, `…_requests` and `…_resources` by type
 * say the same.
 */
function processMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  for (const misnamed of [
    'active_handles_total',
    'active_requests_total',
    'active_resources_total',
  ])
    registry.removeSingleMetric(`${PREFIX}nodejs_${misnamed}`);
}

/** The Prometheus registry that features add their metrics to and `/metrics` serves. */
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        // One registry per app instance, so tests can start several apps in one process.
        const registry = new Registry();
        processMetrics(registry);
        return registry;
      },
    },
  ],
  exports: [Registry],
})
export class MetricsModule {}
