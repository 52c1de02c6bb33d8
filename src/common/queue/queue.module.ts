import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import Redis from 'ioredis';
import { AppConfig } from '../../config/config';
import { Catalogue, JOB_CATALOGUE, JOB_CATALOGUE_TOKEN } from './job-catalogue';
import { JobQueue } from './job-queue';
import { JobWorkers } from './job-workers';
import { createRedis } from './redis-connection';

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class QueueModule {
  /** The catalogue is a parameter so that tests can check the wiring with a catalogue of their own. */
  static forRoot(catalogue: Catalogue = JOB_CATALOGUE): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: JOB_CATALOGUE_TOKEN, useValue: catalogue },
        {
          provide: Redis,
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => {
            const redis = createRedis(config.redis.url, 'commands');
            await redis.connect();
            return redis;
          },
        },
        RedisLifecycle,
        JobQueue,
        JobWorkers,
      ],
      exports: [Redis, JobQueue],
    };
  }
}
