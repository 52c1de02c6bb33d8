import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/config';

/** Who reads a tenant's directories and spends its Microsoft 365 budget: a sync run or a preview. */
export type LeaseHolder = 'sync' | 'preview';

/** A lease outlives a dead holder by this long at most; a live one renews it well before. */
const LEASE_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
const WAIT_STEP_MS = 250;

// Each take is its own holder: a run resumed by another worker waits for the dead one's to lapse.
const TAKE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
return redis.call('GET', KEYS[1])`;
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A held lease: renewed in the background until released. */
export interface Lease {
  release(): Promise<void>;
}

/**
 * One reader of a tenant's directories at a time, across every process (kept in Redis): a sync
 * run from planning to the end of applying, or a preview while it reads and plans. Reads never
 * interleave in the snapshot tables, and a preview never spends the Graph budget of a running
 * sync; a sync waits for a preview to finish, never the other way round.
 */
@Injectable()
export class DirectoryLeases {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** The lease, or who holds it now. */
  async take(tenantId: string, holder: LeaseHolder): Promise<Lease | { heldBy: LeaseHolder }> {
    const key = this.key(tenantId);
    const value = `${holder}:${randomUUID()}`;
    const current = (await this.redis.eval(TAKE, 1, key, value, LEASE_MS)) as string | null;
    if (current !== null) return { heldBy: current.split(':')[0] as LeaseHolder };
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, key, value, LEASE_MS).catch(() => undefined);
    }, RENEW_EVERY_MS);
    renewal.unref();
    return {
      release: async () => {
        clearInterval(renewal);
        await this.redis.eval(RELEASE, 1, key, value);
      },
    };
  }

  /** Waits while another holds the lease (a preview ends within seconds; a dead one's lapses). */
  async wait(tenantId: string, holder: LeaseHolder, timeoutMs: number): Promise<Lease> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const taken = await this.take(tenantId, holder);
      if (!('heldBy' in taken)) return taken;
      if (Date.now() > deadline)
        throw new Error(
          `The tenant's directories stayed held by a ${taken.heldBy} for ${Math.round(timeoutMs / 1000)} s.`,
        );
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  private key(tenantId: string): string {
    return `${this.config.redis.queuePrefix}:directories:${tenantId}`;
  }
}
