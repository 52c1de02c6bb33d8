import { Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

export interface DependencyCheck {
  status: 'up' | 'down';
  error?: string;
}

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
        CHECK_TIMEOUT_MS,
      ).unref(),
    ),
  ]);
}

/** Can this process serve? It needs its database and Redis. */
@Injectable()
export class Readiness {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: Redis,
  ) {}

  async check(): Promise<Record<'database' | 'redis', DependencyCheck>> {
    const [database, redis] = await Promise.all([
      this.probe(() => withTimeout(this.dataSource.query('SELECT 1'), 'the database')),
      this.probe(() => withTimeout(this.redis.ping(), 'Redis')),
    ]);
    return { database, redis };
  }

  private async probe(fn: () => Promise<unknown>): Promise<DependencyCheck> {
    try {
      await fn();
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', error: (error as Error).message };
    }
  }
}
