import { Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { Readiness } from './readiness';

@Module({
  controllers: [HealthController, MetricsController],
  providers: [
    Readiness,
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
export class StatusModule {}
