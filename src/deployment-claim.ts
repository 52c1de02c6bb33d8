import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AppLogger } from './common/logging/app-logger';
import { redactUrl } from './common/queue/redis-connection';
import { AppConfig } from './config/config';
import { ConfigError } from './config/env-reader';

/** A deployment that has stopped frees its queue prefix within this long. */
const CLAIM_MS = 60_000;
const RENEW_EVERY_MS = 20_000;

// Held by this deployment, or free: (re)claimed; held by another: its identity.
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return false
end
return holder`;

/**
 * Two deployments that share one Redis by mistake must not take each other's jobs. Every process
 * stakes its queue prefix with its database's identity before any worker starts (all
 * `onModuleInit` hooks run before the workers' `onApplicationBootstrap`), and keeps it while it
 * runs; a process whose prefix another deployment holds refuses to start.
 */
@Injectable()
export class DeploymentClaim implements OnModuleInit, OnApplicationShutdown {
  private renewal?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(Redis) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const [{ id }] = (await this.dataSource.query('SELECT id FROM deployment')) as { id: string }[];
    const key = `${this.config.redis.queuePrefix}:deployment`;
    const holder = await this.claim(key, id);
    if (holder !== null)
      throw new ConfigError([
        `Redis at ${redactUrl(this.config.redis.url)} with queue prefix "${this.config.redis.queuePrefix}" is in use by another deployment of Teams Connector (database ${holder.slice(0, 8)}…, this one is ${id.slice(0, 8)}…). Two deployments on one prefix would take each other's jobs: give this one its own QUEUE_PREFIX or its own Redis (REDIS_URL). A deployment that has stopped frees its prefix within a minute.`,
      ]);
    this.renewal = setInterval(() => {
      this.claim(key, id).then(
        (other) => {
          if (other !== null)
            this.logger.error({ key }, 'another deployment took this queue prefix');
        },
        () => undefined,
      );
    }, RENEW_EVERY_MS);
    this.renewal.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.renewal);
  }

  private async claim(key: string, id: string): Promise<string | null> {
    return (await this.redis.eval(CLAIM, 1, key, id, CLAIM_MS)) as string | null;
  }
}
