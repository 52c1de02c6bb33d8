import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Job, Worker } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../../config/config';
import { AppLogger } from '../logging/app-logger';
import { runWithContext } from '../logging/request-context';
import { Catalogue, JOB_CATALOGUE_TOKEN } from './job-catalogue';
import { JOB_HANDLER_METADATA, JobHandlerFn } from './job-handler.decorator';
import { JobQueue } from './job-queue';
import { createRedis } from './redis-connection';

export class JobCatalogueError extends Error {}

/**
 * Finds every @JobHandler, checks the catalogue against them (in every role, so a broken deploy
 * fails at once), and in the worker role runs one BullMQ worker per queue and keeps the periodic
 * jobs scheduled.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: { worker: Worker; connection: Redis }[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly config: AppConfig,
    private readonly logger: AppLogger,
    private readonly queue: JobQueue,
    @Inject(JOB_CATALOGUE_TOKEN) private readonly catalogue: Catalogue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.collectHandlers();
    if (this.config.app.role === 'api') return;
    const queues = new Set(Object.values(this.catalogue).map((spec) => spec.queue));
    for (const queue of queues) {
      const connection = createRedis(this.config.redis.url, 'worker');
      const worker = new Worker(queue, (job) => this.process(handlers, job), {
        connection,
        prefix: this.config.redis.queuePrefix,
        concurrency: this.concurrency(queue),
        // A killed worker's job is taken over by another once its lock lapses.
        lockDuration: this.config.sync.lockSeconds * 1000,
        stalledInterval: this.config.sync.lockSeconds * 1000,
        maxStalledCount: 3,
        autorun: true,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn(
          { jobId: job?.id, job: job?.name, attemptsMade: job?.attemptsMade, err: error.message },
          'job failed',
        ),
      );
      worker.on('error', (error) =>
        this.logger.error({ err: error.message, queue }, 'worker error'),
      );
      this.workers.push({ worker, connection });
    }
    this.logger.info(
      { queues: Object.fromEntries([...queues].map((q) => [q, this.concurrency(q)])) },
      'workers started',
    );
    await this.schedulePeriodicJobs();
  }

  /** One schedule per periodic job and deployment, whichever worker comes up: the job's name is its id. */
  private async schedulePeriodicJobs(): Promise<void> {
    const periodic = Object.entries(this.catalogue).filter(([, spec]) => spec.everyMs);
    // Periodic jobs take no payload; the catalogue here is the untyped one tests may pass in.
    const queue = this.queue as unknown as JobQueue<Record<string, Record<string, never>>>;
    for (const [name, spec] of periodic) await queue.schedule(name, spec.everyMs!, name, {});
  }

  /** Sync runs are long and heavy, so their queue has its own setting. */
  private concurrency(queue: string): number {
    return queue === 'sync'
      ? this.config.sync.workerConcurrency
      : this.config.redis.workerConcurrency;
  }

  /** Before the database and Redis close: close() lets running jobs finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(
      this.workers.map(async ({ worker, connection }) => {
        await worker.close();
        // BullMQ leaves a connection it was handed open.
        await connection.quit().catch(() => connection.disconnect());
      }),
    );
  }

  private process(handlers: Map<string, JobHandlerFn>, job: Job): Promise<void> {
    const handler = handlers.get(job.name);
    if (!handler) throw new JobCatalogueError(`No handler for job '${job.name}'`);
    const { correlationId, ...payload } = job.data as { correlationId?: string; tenantId?: string };
    const context = {
      correlationId: correlationId ?? `job-${job.id}`,
      jobId: job.id,
      tenantId: payload.tenantId,
    };
    return runWithContext(context, () => handler(payload, job.id ?? ''));
  }

  private collectHandlers(): Map<string, JobHandlerFn> {
    const handlers = new Map<string, JobHandlerFn>();
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const name = Reflect.getMetadata(JOB_HANDLER_METADATA, instance[method] as object) as
          string | undefined;
        if (!name) continue;
        if (!this.catalogue[name])
          problems.push(
            `${wrapper.name}.${method} handles '${name}', which is not in the job catalogue`,
          );
        if (handlers.has(name)) problems.push(`job '${name}' has more than one handler`);
        handlers.set(name, (instance[method] as JobHandlerFn).bind(instance));
      }
    }
    for (const name of Object.keys(this.catalogue)) {
      if (!handlers.has(name)) problems.push(`job '${name}' has no @JobHandler`);
    }
    if (problems.length)
      throw new JobCatalogueError(
        `The job catalogue does not match the handlers:\n  - ${problems.join('\n  - ')}`,
      );
    return handlers;
  }
}
