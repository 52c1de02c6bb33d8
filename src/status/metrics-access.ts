import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text).digest();

export const METRICS_TOKEN_NEEDED = 'Metrics need Authorization: Bearer <METRICS_TOKEN>.';

/** Whether a scrape may read the metrics: always without METRICS_TOKEN, else with the token. */
export function mayScrape(token: string | undefined, authorization: string | undefined): boolean {
  // Digests of equal length, so the comparison takes as long whatever was sent.
  return !token || timingSafeEqual(digest(authorization ?? ''), digest(`Bearer ${token}`));
}
