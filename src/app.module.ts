import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './config/config';
import { AppLogger } from './common/logging/app-logger';
import { LoggingModule } from './common/logging/logging.module';
import { Clock, SystemClock } from './common/clock/clock';
import { DatabaseModule } from './database/database.module';
import { QueueModule } from './common/queue/queue.module';
import { Catalogue } from './common/queue/job-catalogue';
import { StatusModule } from './status/status.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { MailModule } from './mail/mail.module';
import { MicrosoftModule } from './microsoft/microsoft.module';
import { AccessModule } from './auth/access.module';
import { TenantsModule } from './tenants/tenants.module';
import { ConsentModule } from './consent/consent.module';
import { WebModule } from './web/web.module';
import { PreviewModule } from './status/preview/preview.module';
import { DomainEvents } from './common/events/domain-events';
import { SyncModule } from './sync/sync.module';

@Global()
@Module({})
class CoreModule {
  static forRoot(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock },
        DomainEvents,
      ],
      exports: [AppConfig, Clock, DomainEvents],
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

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(options.config, options.clock ?? new SystemClock()),
        LoggingModule.forRoot(options.logger),
        DatabaseModule,
        QueueModule.forRoot(options.catalogue),
        CryptoModule,
        MailModule,
        MicrosoftModule,
        StatusModule,
        AccessModule,
        TenantsModule,
        ConsentModule,
        WebModule,
        PreviewModule,
        SyncModule,
      ],
    };
  }
}
