import { Module } from '@nestjs/common';
import { MetricsModule } from '../common/metrics/metrics.module';
import { QueueModule } from '../common/queue/queue.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { Readiness } from './readiness';
import { StatusController } from './status.controller';
import { TenantStatus } from './tenant-status.service';
import { FleetReadModel } from './fleet.read-model';
import { FleetService } from './fleet.service';
import { FleetMetrics } from './fleet-metrics';
import { WorkerMetricsServer } from './worker-metrics-server';
import { PreviewModule } from '../preview/preview.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { SyncModule } from '../sync/sync.module';
import { TenantsModule } from '../tenants/tenants.module';

/** Read models only: health, readiness, metrics and each tenant's status. */
@Module({
  imports: [MetricsModule, QueueModule, TenantsModule, SnapshotsModule, PreviewModule, SyncModule],
  controllers: [HealthController, MetricsController, StatusController],
  providers: [
    Readiness,
    TenantStatus,
    FleetReadModel,
    FleetService,
    FleetMetrics,
    WorkerMetricsServer,
  ],
})
export class StatusModule {}
