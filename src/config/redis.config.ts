import { EnvReader } from './env-reader';

export function readRedisConfig(env: EnvReader) {
  return {
    url: env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:'], true),
    /** Keeps several deployments (or test runs) apart on one Redis. */
    queuePrefix: env.string('QUEUE_PREFIX', 'tc'),
    workerConcurrency: env.int('WORKER_CONCURRENCY', 5, 1, 200),
  };
}

export type RedisSettings = ReturnType<typeof readRedisConfig>;
