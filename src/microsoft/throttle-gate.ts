/**
 * A closed door for one lane of one tenant (see TenantThrottle): when a request is throttled,
 * every request of that lane waits out the `Retry-After`, instead of each finding out with a 429.
 */
export class ThrottleGate {
  private openAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async wait(): Promise<void> {
    for (let ms = this.openAt - this.now(); ms > 0; ms = this.openAt - this.now())
      await new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Closes the gate for `ms` (it stays closed for the longest pause asked). */
  pause(ms: number): void {
    this.openAt = Math.max(this.openAt, this.now() + ms);
  }
}

/** Graph's `Retry-After` in milliseconds; a second when it is missing or unreadable. */
export function retryAfterMs(value: string | null | undefined): number {
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
}
