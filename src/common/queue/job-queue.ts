import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../../config/config';
import { AppLogger } from '../logging/app-logger';
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
    private readonly logger: AppLogger,
  ) {}

  async enqueue<N extends keyof Payloads & string>(
    name: N,
    payload: Payloads[N],
    options: EnqueueOptions = {},
  ): Promise<string> {
    const spec = this.spec(name);
    const jobOptions: JobsOptions = {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: spec.attempts,
      backoff: { type: 'exponential', delay: spec.backoffMs },
      removeOnComplete: spec.unique ? true : { age: 24 * 3600, count: 1000 },
      removeOnFail: spec.unique ? true : { age: 7 * 24 * 3600 },
    };
    const correlationId = currentContext()?.correlationId;
    const job = await this.queue(spec.queue).add(name, { ...payload, correlationId }, jobOptions);
    return job.id ?? '';
  }

  /** Registers (or moves) a repeating job; the same scheduler id always means one schedule. */
  async schedule<N extends keyof Payloads & string>(
    schedulerId: string,
    everyMs: number,
    name: N,
    payload: Payloads[N],
  ): Promise<void> {
    const spec = this.spec(name);
    await this.queue(spec.queue).upsertJobScheduler(
      schedulerId,
      // The first run comes one interval from now, not at once; an existing schedule keeps its time.
      { every: everyMs, startDate: Date.now() + everyMs },
      {
        name,
        data: payload,
        opts: {
          attempts: spec.attempts,
          backoff: { type: 'exponential', delay: spec.backoffMs },
          removeOnComplete: { count: 100 },
          removeOnFail: { count: 100 },
        },
      },
    );
  }

  async unschedule(name: keyof Payloads & string, schedulerId: string): Promise<void> {
    await this.queue(this.spec(name).queue).removeJobScheduler(schedulerId);
  }

  /** When a schedule fires next, or null when there is no such schedule. */
  async nextScheduled(name: keyof Payloads & string, schedulerId: string): Promise<Date | null> {
    const scheduler = await this.queue(this.spec(name).queue).getJobScheduler(schedulerId);
    return scheduler?.next ? new Date(scheduler.next) : null;
  }

  private spec(name: string) {
    const spec = this.catalogue[name];
    if (!spec) throw new Error(`Job '${name}' is not in the job catalogue`);
    return spec;
  }

  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.redis, prefix: this.config.redis.queuePrefix });
      // Without a listener, a lost connection would be printed raw; it reconnects by itself.
      queue.on('error', (error) =>
        this.logger.warn({ queue: name, err: error.message }, 'queue connection error'),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Before the shared Redis connection is closed in onApplicationShutdown. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
