import { Module } from '@nestjs/common';
import { MetricsModule } from '../common/metrics/metrics.module';
import { QueueModule } from '../common/queue/queue.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { Readiness } from './readiness';

/** Read models only: health, readiness and metrics. */
@Module({
  imports: [MetricsModule, QueueModule],
  controllers: [HealthController, MetricsController],
  providers: [Readiness],
})
export class StatusModule {}
