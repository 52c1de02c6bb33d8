import { startRedis } from '../support/service-process';
import { ACTIVE, splitDeployment, SplitDeployment } from '../support/split-deployment';
import { isolatedDatabase, IsolatedDatabase } from '../support/test-database';
import { startTestSandbox, TestSandbox } from '../support/test-sandbox';

describe('sync runs that are disturbed while they apply', () => {
  let sandbox: TestSandbox;
  let db: IsolatedDatabase;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    [sandbox, db] = await Promise.all([startTestSandbox(), isolatedDatabase()]);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await sandbox?.close();
    await db?.drop();
  });

  const expectUndisturbedOutcome = async (setup: SplitDeployment, users: number) => {
    const finished = await setup.waitUntil((run) => !ACTIVE.includes(run.state));
    expect(finished).toMatchObject({ state: 'succeeded', counts: { failed: 0, notAttempted: 0 } });
    expect(finished.counts.succeeded + finished.counts.unchanged).toBe(users);
    const perNumber = await setup.assignmentsPerNumber();
    expect(perNumber.size).toBe(users);
    expect([...perNumber.entries()].filter(([, times]) => times !== 1)).toEqual([]);
    expect(await setup.assignedInTeams()).toBe(users);
  };

  it('a worker killed mid-run is taken over by another: the run completes and each number is assigned once', async () => {
    const users = 2_000;
    const setup = await splitDeployment(sandbox, db, users);
    cleanups.push(setup.close);
    await setup.startWorker();
    await setup.startRun();
    await setup.waitUntil((run) => run.state === 'applying' && run.progress.done >= 300);
    setup.workers[0].child.kill('SIGKILL');
    await setup.workers[0].exited;
    expect((await setup.status()).progress.done).toBeLessThan(users);

    await setup.startWorker();
    await expectUndisturbedOutcome(setup, users);
  }, 180_000);

  it('a Redis restart mid-run ends as an undisturbed run would', async () => {
    const users = 1_000;
    const redis = await startRedis({ persistent: true });
    cleanups.push(redis.stop);
    const setup = await splitDeployment(sandbox, db, users, { redisUrl: redis.url });
    cleanups.push(setup.close);
    await setup.startWorker();
    await setup.startRun();
    await setup.waitUntil((run) => run.state === 'applying' && run.progress.done >= 200);
    await redis.restart(1_000);
    expect((await setup.status()).progress.done).toBeLessThan(users);

    await expectUndisturbedOutcome(setup, users);
  }, 180_000);
});
