import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../../config/config';
import { currentContext } from '../logging/request-context';
import { Catalogue, JOB_CATALOGUE_TOKEN, JobPayloads } from './job-catalogue';

export interface EnqueueOptions {
  /** A deterministic id makes BullMQ keep one job per id: the way to say "at most one at a time". */
  jobId?: string;
  delayMs?: number;
}

/** The one typed way to put work on a queue. */
@Injectable()
export class JobQueue<Payloads extends object = JobPayloads> implements BeforeApplicationShutdown {
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(JOB_CATALOGUE_TOKEN) private readonly catalogue: Catalogue,
    private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async enqueue<N extends keyof Payloads & string>(
    name: N,
    payload: Payloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    const spec = this.catalogue[name];
    if (!spec) throw new Error(`Job '${name}' is not in the job catalogue`);
    const jobOptions: JobsOptions = {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: spec.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
    const correlationId = currentContext()?.correlationId;
    const job = await this.queue(spec.queue).add(name, { ...payload, correlationId }, jobOptions);
    return job.id ?? '';
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.config.redis.queuePrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Before the shared Redis connection is closed in onApplicationShutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
