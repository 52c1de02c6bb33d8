import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { Clock } from '../common/clock/clock';
import { TooManyAttempts } from '../common/errors/domain-error';
import { AppConfig } from '../config/config';
import { normaliseEmail } from './operators.repository';

/** Who is trying: an account (by e-mail address) or a client address, and how many free tries. */
export interface AttemptKey {
  kind: 'account' | 'address' | 'reset';
  id: string;
}

/** Failures allowed before the first wait: a person mistypes; a guesser does not stop. */
const FREE_FAILURES: Record<AttemptKey['kind'], number> = { account: 5, address: 20, reset: 3 };
const FIRST_WAIT_MS = 1_000;
const LONGEST_WAIT_MS = 15 * 60_000;
/** A key with no failure for this long starts afresh. */
const MEMORY_MS = 24 * 3600_000;

/** The account as sign-in finds it, so every spelling of one address shares its count. */
export const account = (email: string): AttemptKey => ({
  kind: 'account',
  id: normaliseEmail(email),
});
/** Password reset e-mails asked for one account: a few, then a wait, as for failed sign-ins. */
export const resetsOf = (email: string): AttemptKey => ({
  kind: 'reset',
  id: normaliseEmail(email),
});
export const address = (ip: string | undefined): AttemptKey => ({
  kind: 'address',
  id: ip ?? 'unknown',
});

/**
 * Failed sign-ins (and invitation guesses) per account and per client address, kept in Redis so
 * every API process sees them. Past the free failures each one doubles the wait, up to 15
 * minutes, and nothing is tried during a wait, not even the right password.
 */
@Injectable()
export class AttemptThrottle {
  constructor(
    @Inject(Redis) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Refuses with 429 and the wait while any key is waiting. */
  async check(keys: AttemptKey[]): Promise<void> {
    const now = this.clock.now().getTime();
    const until = await Promise.all(keys.map((k) => this.redis.hget(this.key(k), 'waitUntil')));
    const longest = Math.max(0, ...until.map((u) => Number(u ?? 0) - now));
    if (longest > 0)
      throw new TooManyAttempts(
        `Too many failed attempts: try again in ${Math.ceil(longest / 1000)} seconds.`,
        Math.ceil(longest / 1000),
      );
  }

  async failed(keys: AttemptKey[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (const k of keys) {
      const key = this.key(k);
      const failures = await this.redis.hincrby(key, 'failures', 1);
      const over = failures - FREE_FAILURES[k.kind];
      if (over > 0) {
        const wait = Math.min(FIRST_WAIT_MS * 2 ** Math.min(over - 1, 30), LONGEST_WAIT_MS);
        await this.redis.hset(key, 'waitUntil', now + wait);
      }
      await this.redis.pexpire(key, MEMORY_MS);
    }
  }

  /** A success clears the keys it proves (the account), never the address a guesser shares. */
  async succeeded(keys: AttemptKey[]): Promise<void> {
    await this.redis.del(...keys.map((k) => this.key(k)));
  }

  private key(k: AttemptKey): string {
    const id = createHash('sha256').update(k.id).digest('base64url');
    return `${this.config.redis.queuePrefix}:attempts:${k.kind}:${id}`;
  }
}
