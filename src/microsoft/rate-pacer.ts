/**
 * A token bucket that hands out requests at a steady rate, one caller after another: a Teams
 * lane of one tenant never sends faster than Microsoft's limit, however many users are in flight.
 * It holds at most `burst` requests (a second's worth unless said), which is also what it may
 * send at once after a pause.
 */
export class RatePacer {
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly burst: number;
  private readonly now: () => number;

  constructor(
    private readonly perSecond: number,
    { burst = perSecond, now = Date.now }: { burst?: number; now?: () => number } = {},
  ) {
    this.burst = burst;
    this.now = now;
    this.tokens = burst;
    this.refilledAt = now();
  }

  /** Resolves when `count` requests may go. */
  take(count = 1): Promise<void> {
    const turn = this.queue.then(async () => {
      for (let i = 0; i < count; i++) await this.one();
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async one(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(
        this.burst,
        this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond,
      );
      this.refilledAt = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}
