/**
 * A token bucket that hands out requests at a steady rate, one caller after another: a Teams
 * lane of one tenant never sends faster than Microsoft's limit, however many users are in flight.
 */
export class RatePacer {
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perSecond;
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
        this.perSecond,
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
