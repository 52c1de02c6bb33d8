const RETRY_BASE_MS = 5 * 60_000;
const RETRY_CAP_MS = 6 * 3600_000;

/** When a failed user is tried again: exponential backoff with jitter, so retries spread out. */
export function nextRetryAt(now: Date, attempts: number, random = Math.random): Date {
  const backoff = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + backoff * (0.8 + 0.4 * random()));
}
