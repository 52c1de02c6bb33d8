import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { openDatabase } from './database';
import { UnitOfWork } from './unit-of-work';

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => openDatabase(config.database),
    },
    DatabaseLifecycle,
    UnitOfWork,
  ],
  exports: [DataSource, UnitOfWork],
})
export class DatabaseModule {}
