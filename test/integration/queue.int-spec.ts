import { Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppConfig } from '../../src/config/config';
import { AppLogger } from '../../src/common/logging/app-logger';
import { currentContext } from '../../src/common/logging/request-context';
import { Catalogue, JOB_CATALOGUE_TOKEN } from '../../src/common/queue/job-catalogue';
import { JobHandler } from '../../src/common/queue/job-handler.decorator';
import { JobQueue } from '../../src/common/queue/job-queue';
import { QueueModule } from '../../src/common/queue/queue.module';
import { silentLogger, testConfig } from '../support/test-app';

const CATALOGUE: Catalogue = {
  'test.greet': { queue: 'test-main', attempts: 1, backoffMs: 10 },
  'test.flaky': { queue: 'test-main', attempts: 3, backoffMs: 10 },
  'test.slow': { queue: 'test-slow', attempts: 1, backoffMs: 10 },
};
type Payloads = {
  'test.greet': { tenantId: string; name: string };
  'test.flaky': { id: string };
  'test.slow': { ms: number };
};

const events: { name: string; payload: object; tenantId?: string; correlationId?: string }[] = [];
const waiters: (() => void)[] = [];
const recorded = (n: number) =>
  new Promise<void>((resolve) =>
    events.length >= n ? resolve() : waiters.push(() => events.length >= n && resolve()),
  );
const record = (name: string, payload: object) => {
  events.push({
    name,
    payload,
    tenantId: currentContext()?.tenantId,
    correlationId: currentContext()?.correlationId,
  });
  waiters.forEach((w) => w());
};

@Injectable()
class TestHandlers {
  flakyFailures = 1;

  @JobHandler('test.greet')
  async greet(payload: Payloads['test.greet']) {
    record('test.greet', payload);
  }

  @JobHandler('test.flaky')
  async flaky(payload: Payloads['test.flaky']) {
    if (this.flakyFailures-- > 0) throw new Error('transient');
    record('test.flaky', payload);
  }

  @JobHandler('test.slow')
  async slow(payload: Payloads['test.slow']) {
    record('test.slow:started', payload);
    await new Promise((resolve) => setTimeout(resolve, payload.ms));
    record('test.slow:finished', payload);
  }
}

function coreModule(config: AppConfig, logger: AppLogger, catalogue: Catalogue) {
  @Global()
  @Module({
    providers: [
      { provide: AppConfig, useValue: config },
      { provide: AppLogger, useValue: logger },
      { provide: JOB_CATALOGUE_TOKEN, useValue: catalogue },
    ],
    exports: [AppConfig, AppLogger, JOB_CATALOGUE_TOKEN],
  })
  class TestCore {}
  return TestCore;
}

async function startApp(catalogue: Catalogue, providers: (typeof TestHandlers)[] = [TestHandlers]) {
  const config = testConfig();
  const moduleRef = await Test.createTestingModule({
    imports: [coreModule(config, silentLogger(), catalogue), QueueModule],
    providers,
  }).compile();
  const app = moduleRef.createNestApplication();
  try {
    await app.init();
  } catch (error) {
    await app.close(); // a failed start runs no shutdown hooks by itself
    throw error;
  }
  return { app, queue: app.get(JobQueue) as unknown as JobQueue<Payloads> };
}

describe('the job catalogue on BullMQ and Redis', () => {
  beforeEach(() => {
    events.length = 0;
    waiters.length = 0;
  });

  it('runs an enqueued job on its handler, with the tenant in the log context', async () => {
    const { app, queue } = await startApp(CATALOGUE);
    await queue.enqueue('test.greet', { tenantId: 'tenant-1', name: 'Ada' });
    await recorded(1);
    expect(events).toEqual([
      {
        name: 'test.greet',
        payload: { tenantId: 'tenant-1', name: 'Ada' },
        tenantId: 'tenant-1',
        correlationId: expect.stringMatching(/^job-/),
      },
    ]);
    await app.close();
  });

  it('retries a failing job as its catalogue entry says', async () => {
    const { app, queue } = await startApp(CATALOGUE);
    const jobId = await queue.enqueue('test.flaky', { id: 'x' });
    await recorded(1);
    const job = await queue.queue('test-main').getJob(jobId);
    expect(job?.attemptsMade).toBe(1);
    expect(events.map((e) => e.name)).toEqual(['test.flaky']);
    await app.close();
  });

  it('keeps one job per deterministic id', async () => {
    const { app, queue } = await startApp(CATALOGUE);
    const first = await queue.enqueue(
      'test.greet',
      { tenantId: 't', name: 'a' },
      { jobId: 'greet-t', delayMs: 60_000 },
    );
    const second = await queue.enqueue(
      'test.greet',
      { tenantId: 't', name: 'b' },
      { jobId: 'greet-t', delayMs: 60_000 },
    );
    expect(second).toBe(first);
    expect(await queue.queue('test-main').getDelayedCount()).toBe(1);
    await queue.queue('test-main').obliterate({ force: true });
    await app.close();
  });

  it('lets a running job finish before the worker shuts down', async () => {
    const { app, queue } = await startApp(CATALOGUE);
    await queue.enqueue('test.slow', { ms: 400 });
    await recorded(1);
    await app.close();
    expect(events.map((e) => e.name)).toEqual(['test.slow:started', 'test.slow:finished']);
  });

  it('refuses to start when a catalogue job has no handler', async () => {
    const withOrphan: Catalogue = {
      ...CATALOGUE,
      'test.orphan': { queue: 'test-main', attempts: 1, backoffMs: 10 },
    };
    await expect(startApp(withOrphan)).rejects.toThrow("job 'test.orphan' has no @JobHandler");
  });

  it('refuses to start when a handler names a job the catalogue lacks', async () => {
    const { 'test.slow': _slow, ...withoutSlow } = CATALOGUE;
    await expect(startApp(withoutSlow)).rejects.toThrow(
      "handles 'test.slow', which is not in the job catalogue",
    );
  });
});
