import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { AppLogger } from './common/logging/app-logger';
import { LoggingModule } from './common/logging/logging.module';
import { Clock, SystemClock } from './common/clock/clock';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './common/queue/queue.module';
import { Catalogue, JOB_CATALOGUE, JOB_CATALOGUE_TOKEN } from './common/queue/job-catalogue';
import { StatusModule } from './status/status.module';
import { AccessModule } from './access/access.module';
import { TenantsModule } from './tenants/tenants.module';
import { ConsentModule } from './consent/consent.module';
import { DirectRoutingModule } from './direct-routing/direct-routing.module';
import { WebModule } from './web/web.module';
import { MappingModule } from './mapping/mapping.module';
import { PreviewModule } from './preview/preview.module';
import { SyncModule } from './sync/sync.module';
import { DeploymentClaim } from './deployment-claim';

/** What every module may inject without importing it: configuration, the clock, the job catalogue. */
@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig, clock: Clock, catalogue: Catalogue): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        { provide: JOB_CATALOGUE_TOKEN, useValue: catalogue },
      ],
      exports: [AppConfig, Clock, JOB_CATALOGUE_TOKEN],
    };
  }
}

export interface AppModuleOptions {
  config: AppConfig;
  logger: AppLogger;
  /** Only tests pass their own catalogue or clock. */
  catalogue?: Catalogue;
  clock?: Clock;
}

/** The features; each imports what it uses, so only the core, logging and the database are global. */
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(
          options.config,
          options.clock ?? new SystemClock(),
          options.catalogue ?? JOB_CATALOGUE,
        ),
        LoggingModule.forRoot(options.logger),
        DatabaseModule,
        QueueModule,
        StatusModule,
        AccessModule,
        TenantsModule,
        ConsentModule,
        DirectRoutingModule,
        MappingModule,
        PreviewModule,
        SyncModule,
        WebModule,
      ],
      providers: [DeploymentClaim],
    };
  }
}
