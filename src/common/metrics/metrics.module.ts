import { Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The Prometheus registry that features add their metrics to and `/metrics` serves. */
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        // One registry per app instance, so tests can start several apps in one process.
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, prefix: 'teams_connector_' });
        return registry;
      },
    },
  ],
  exports: [Registry],
})
export class MetricsModule {}
