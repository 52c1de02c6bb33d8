// After an operation found done at its first poll, the next first poll comes this much sooner,
// so that the wait follows Teams down when it speeds up.
const PROBE_EARLIER = 0.98;
// After a first poll that came too soon, the next comes this share of the expected time later:
// the probe above undershoots by a few per cent, so one short wait usually finds it done.
const CATCH_UP_SHARE = 1 / 20;

/**
 * How long a tenant's Teams number operations take, learned from the ones that just finished:
 * an operation is first polled when it is likely done, not at once, so that most take one poll.
 * One figure per tenant, kept in this process.
 */
export class OperationTimings {
  private readonly expectedMs = new Map<string, number>();

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
  ) {}

  /** How long to wait before the first poll of a new operation. */
  firstPollAfter(tenantId: string): number {
    return this.expectedMs.get(tenantId) ?? this.minMs;
  }

  /** How long to wait after a first poll that found the operation still running. */
  catchUpAfter(tenantId: string): number {
    const expected = this.expectedMs.get(tenantId);
    return expected === undefined ? this.minMs : expected * CATCH_UP_SHARE;
  }

  /** An operation was done at its first poll, `waitedMs` after it started. */
  doneAtFirstPoll(tenantId: string, waitedMs: number): void {
    this.expectedMs.set(tenantId, Math.max(this.minMs, waitedMs * PROBE_EARLIER));
  }

  /**
   * An operation was still running at its first poll and done at a later one, sent `elapsedMs`
   * after it began (when it was sent, not answered: a poll may wait its turn to be sent).
   */
  doneLater(tenantId: string, elapsedMs: number): void {
    this.expectedMs.set(tenantId, Math.min(this.maxMs, Math.max(this.minMs, elapsedMs)));
  }
}
