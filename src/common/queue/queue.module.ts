import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import Redis from 'ioredis';
import { AppConfig } from '../../config/config';
import { JobQueue } from './job-queue';
import { JobWorkers } from './job-workers';
import { createRedis } from './redis-connection';

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Redis) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * BullMQ on Redis: the typed queue and, in the worker role, the workers. The job catalogue comes
 * from the app's core (JOB_CATALOGUE_TOKEN), so that tests can check the wiring with their own.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
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
})
export class QueueModule {}
