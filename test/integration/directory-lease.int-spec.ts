import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { DirectoryLeases, Lease } from '../../src/snapshots/directory-lease';
import { testConfig } from '../support/test-app';

describe("DirectoryLeases: one reader of a tenant's directories at a time, across processes", () => {
  const config = testConfig();
  // Two connections stand for two processes (the API and a worker).
  const [apiRedis, workerRedis] = [new Redis(config.redis.url), new Redis(config.redis.url)];
  const api = new DirectoryLeases(apiRedis, config);
  const worker = new DirectoryLeases(workerRedis, config);
  const key = (tenantId: string) => `${config.redis.queuePrefix}:directories:${tenantId}`;

  afterAll(async () => {
    await apiRedis.quit();
    await workerRedis.quit();
  });

  const held = (taken: Lease | { heldBy: string }): Lease => {
    if ('heldBy' in taken) throw new Error(`held by ${taken.heldBy}`);
    return taken;
  };

  it('refuses a second holder and names the first, until the first releases', async () => {
    const tenant = randomUUID();
    const preview = held(await api.take(tenant, 'preview'));
    expect(await worker.take(tenant, 'sync')).toEqual({ heldBy: 'preview' });
    expect(await api.take(tenant, 'preview')).toEqual({ heldBy: 'preview' });
    // Another tenant is not affected.
    await held(await worker.take(randomUUID(), 'sync')).release();

    await preview.release();
    const sync = held(await worker.take(tenant, 'sync'));
    expect(await api.take(tenant, 'preview')).toEqual({ heldBy: 'sync' });
    await sync.release();
    expect(await apiRedis.exists(key(tenant))).toBe(0);
  });

  it('lapses within half a minute when its holder dies, and a late release frees nobody else', async () => {
    const tenant = randomUUID();
    const dead = held(await api.take(tenant, 'sync'));
    const ttl = await apiRedis.pttl(key(tenant));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    // The lease lapsed (as after a crash) and a preview took it; the dead holder's release misses.
    await apiRedis.del(key(tenant));
    const preview = held(await worker.take(tenant, 'preview'));
    await dead.release();
    expect(await api.take(tenant, 'sync')).toEqual({ heldBy: 'preview' });
    await preview.release();
  });

  it('lets a run wait for a preview, and gives up with a reason when it never ends', async () => {
    const tenant = randomUUID();
    const preview = held(await api.take(tenant, 'preview'));
    let started = false;
    const waiting = worker.wait(tenant, 'sync', 5_000).then((lease) => {
      started = true;
      return lease;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(started).toBe(false);
    await preview.release();
    await (await waiting).release();

    const stuck = held(await api.take(tenant, 'preview'));
    await expect(worker.wait(tenant, 'sync', 300)).rejects.toThrow(
      "The tenant's directories stayed held by a preview",
    );
    await stuck.release();
  });
});
