import { DirectRoutingModule } from '../direct-routing/direct-routing.module';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TenantRemoval } from './tenant-removal';
import { TenantRemovalController } from './tenant-removal.controller';
import { AccessModule } from '../access/access.module';
import { EventsModule } from '../common/events/events.module';
import { MetricsModule } from '../common/metrics/metrics.module';
import { QueueModule } from '../common/queue/queue.module';
import { MicrosoftModule } from '../microsoft/microsoft.module';
import { PreviewModule } from '../preview/preview.module';
import { SnapshotsModule } from '../snapshots/snapshots.module';
import { TenantsModule } from '../tenants/tenants.module';
import { FailuresService } from './failures.service';
import { FailuresRepository } from './failures.repository';
import { RunApplier } from './run-applier';
import { RunFinisher } from './run-finisher';
import { RunOutcomes } from './run-outcomes';
import { RunPlanner } from './run-planner';
import { RunsRepository } from './runs.repository';
import { SyncController } from './sync.controller';
import { SyncRunner } from './sync-runner';
import { SyncRunsService } from './sync-runs.service';
import { SyncSchedules } from './sync-schedules';
import { TenantUsersRepository } from './tenant-users.repository';
import { UserWriter } from './user-writer';
import { SyncMetrics } from './sync-metrics';
import { RunReaper } from './run-reaper';
import { SyncResourceOwners } from './sync-resource-owners';

/** Sync runs: planning, the guardrail, applying in Teams, failures, schedules and recovery. */
@Module({
  imports: [
    AccessModule,
    AuditModule,
    TenantsModule,
    SnapshotsModule,
    PreviewModule,
    DirectRoutingModule,
    MicrosoftModule,
    QueueModule,
    EventsModule,
    MetricsModule,
  ],
  providers: [
    RunsRepository,
    FailuresRepository,
    TenantUsersRepository,
    RunPlanner,
    UserWriter,
    RunOutcomes,
    RunApplier,
    RunFinisher,
    SyncRunner,
    SyncRunsService,
    SyncSchedules,
    FailuresService,
    SyncMetrics,
    RunReaper,
    SyncResourceOwners,
    TenantRemoval,
  ],
  controllers: [SyncController, TenantRemovalController],
  exports: [SyncSchedules, RunsRepository, FailuresRepository, TenantUsersRepository],
})
export class SyncModule {}
